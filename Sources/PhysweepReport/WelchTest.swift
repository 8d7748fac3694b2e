import Foundation

/// Welch's unequal-variance t-test of two samples' means, with the confidence interval of the
/// difference.
///
/// Claims compare errors and costs that span orders of magnitude, so `ClaimAnalysis` runs the test
/// on log10 values: the difference of means is then the log of the ratio of geometric means.
///
/// ```swift
/// let test = WelchTest([1, 2, 3, 4], [3, 4, 5, 6, 7])!
/// test.t, test.df, test.p      // −2.611…, 6.981…, 0.0349… (as scipy.stats.ttest_ind(equal_var=False))
/// test.significant()           // true at α = 0.05
/// ```
public struct WelchTest: Sendable {
    /// Mean of the first sample minus mean of the second.
    public var difference: Double
    /// The t statistic (difference / its standard error).
    public var t: Double
    /// Welch–Satterthwaite degrees of freedom.
    public var df: Double
    /// Two-sided p-value.
    public var p: Double
    /// The standard error of the difference.
    public var standardError: Double
    /// The samples' sizes (finite values only).
    public var sizes: (Int, Int)

    /// The test of `a` against `b`; nil unless both have at least 2 finite values and some spread.
    public init?(_ a: [Double], _ b: [Double]) {
        let a = a.filter(\.isFinite), b = b.filter(\.isFinite)
        guard a.count >= 2, b.count >= 2 else { return nil }
        let (meanA, varA) = Self.meanAndVariance(a), (meanB, varB) = Self.meanAndVariance(b)
        let sa = varA / Double(a.count), sb = varB / Double(b.count)
        guard sa + sb > 0 else { return nil }
        sizes = (a.count, b.count)
        difference = meanA - meanB
        standardError = (sa + sb).squareRoot()
        t = difference / standardError
        df = (sa + sb) * (sa + sb) / (sa * sa / Double(a.count - 1) + sb * sb / Double(b.count - 1))
        p = StudentT.twoSidedP(t: t, df: df)
    }

    /// Whether p < alpha.
    public func significant(alpha: Double = 0.05) -> Bool { p < alpha }

    /// The two-sided (1 − alpha) confidence interval of the difference of means.
    public func interval(alpha: Double = 0.05) -> ClosedRange<Double> {
        let half = StudentT.twoSidedCritical(alpha: alpha, df: df) * standardError
        return (difference - half)...(difference + half)
    }

    /// Mean and sample variance (n − 1), two passes.
    static func meanAndVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return (mean, variance)
    }
}
