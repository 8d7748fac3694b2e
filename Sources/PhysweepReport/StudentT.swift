import Foundation

/// Student's t distribution: the two-sided tail probability and its inverse, for Welch's test.
///
/// The tail comes from the regularised incomplete beta function, P(|T| ≥ t) = I_x(ν/2, 1/2) with
/// x = ν / (ν + t²), evaluated by its continued fraction (modified Lentz's method), so any ν > 0
/// works, not just whole degrees of freedom.
///
/// ```swift
/// StudentT.twoSidedP(t: 2.228, df: 10)          // ≈ 0.05
/// StudentT.twoSidedCritical(alpha: 0.05, df: 10) // ≈ 2.228
/// ```
public enum StudentT {
    /// P(|T| ≥ |t|) for T with `df` degrees of freedom; NaN unless df > 0 and t is not NaN.
    public static func twoSidedP(t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN, !df.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        if df.isInfinite { return erfc(abs(t) / 2.0.squareRoot()) }
        return regularizedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + t * t))
    }

    /// The t with P(|T| ≥ t) = alpha (0 < alpha < 1), by bisection on `twoSidedP`.
    public static func twoSidedCritical(alpha: Double, df: Double) -> Double {
        guard alpha > 0, alpha < 1, df > 0 else { return .nan }
        var low = 0.0, high = 1.0
        while twoSidedP(t: high, df: df) > alpha { high *= 2 }
        for _ in 0..<200 where high - low > 1e-12 * high {
            let mid = (low + high) / 2
            if twoSidedP(t: mid, df: df) > alpha { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    /// I_x(a, b), the regularised incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry
        // I_x(a, b) = 1 − I_(1−x)(b, a) otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: 1 - x) / b
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes' betacf), by modified Lentz's method.
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; if abs(d) < tiny { d = tiny }
            c = 1 + even / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; if abs(d) < tiny { d = tiny }
            c = 1 + odd / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }
}
