import Foundation

/// Gauss–Hermite quadrature: ∫ g(z) e^(−z²) dz ≈ Σᵢ wᵢ g(zᵢ), exact for polynomials g of degree < 2n.
///
/// Nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix (Golub–Welsch), found one
/// by one by Sturm-sequence bisection, which cannot miss or repeat a root, then polished by Newton's
/// method on the orthonormal Hermite recurrence (no LAPACK needed).
/// Weights are kept as logarithms: for large n they span far more than a Double's range (the
/// outermost ones fall below 1e-300 from n ≈ 300 on), and callers combine them with integrands
/// that are themselves exponentials, so the whole sum is best formed in log space.
public struct GaussHermite: Sendable {
    /// The nodes zᵢ, ascending and exactly symmetric (zᵢ = −z₍ₙ₋₁₋ᵢ₎).
    public let nodes: [Double]
    /// The natural logarithms of the weights wᵢ.
    public let logWeights: [Double]

    /// The n-point rule (n ≥ 1).
    public init(count n: Int) {
        precondition(n >= 1, "Gauss–Hermite quadrature needs at least one node")
        // Only the non-negative half is computed; mirroring it makes the rule exactly symmetric, so
        // odd integrands (the Burgers numerator at x = ±1) cancel to rounding error.
        var descending: [(node: Double, logWeight: Double)] = []
        let half = (n + 1) / 2
        for i in 0..<half {
            // The i-th largest root is eigenvalue number n − 1 − i in ascending order.
            var z = GaussHermite.bisect(eigenvalue: n - 1 - i, of: n)
            for _ in 0..<5 {
                let p = GaussHermite.orthonormal(n, at: z)
                let step = p.value / p.derivative
                z -= step
                if abs(step) <= 1e-15 * max(1, abs(z)) { break }
            }
            // For odd n the middle root is 0; snap it so the rule stays symmetric.
            if n % 2 == 1 && i == half - 1 { z = 0 }
            // w = 2 / H̃ₙ'(z)², where H̃ₙ' = √(2n) H̃ₙ₋₁ for the orthonormal polynomials.
            let p = GaussHermite.orthonormal(n, at: z)
            descending.append((z, log(2.0) - 2 * (log(abs(p.derivative)) + p.logScale)))
        }
        let negative = descending.filter { $0.node > 0 }.map { (node: -$0.node, logWeight: $0.logWeight) }
        let ascending = negative + descending.reversed()
        nodes = ascending.map(\.node)
        logWeights = ascending.map(\.logWeight)
    }

    /// The orthonormal Hermite polynomial H̃ₙ(z) and its derivative, both divided by e^logScale.
    ///
    /// Near the outer nodes H̃ₙ grows like e^(z²/2), which overflows a Double from n ≈ 700 on, so the
    /// recurrence is rescaled whenever it grows large and the scale is carried as a logarithm.
    private static func orthonormal(_ n: Int, at z: Double) -> (value: Double, derivative: Double, logScale: Double) {
        var current = 1 / pow(Double.pi, 0.25)
        var previous = 0.0
        var logScale = 0.0
        for j in 1...n {
            let next = z * (2 / Double(j)).squareRoot() * current - (Double(j - 1) / Double(j)).squareRoot() * previous
            previous = current
            current = next
            if abs(current) > 1e100 {
                current *= 1e-100
                previous *= 1e-100
                logScale += 100 * log(10.0)
            }
        }
        return (current, (2 * Double(n)).squareRoot() * previous, logScale)
    }

    /// Eigenvalue `k` (ascending, from 0) of the n × n Jacobi matrix of the Hermite weight: zero
    /// diagonal, off-diagonal √(j/2). Its eigenvalues are the roots of Hₙ, all inside ±√(2n + 1).
    private static func bisect(eigenvalue k: Int, of n: Int) -> Double {
        var low = -(2 * Double(n) + 1).squareRoot(), high = -low
        // Bisection to well below the node spacing; Newton then converges quadratically.
        while high - low > 1e-9 * max(1, abs(low)) {
            let middle = (low + high) / 2
            if eigenvaluesBelow(middle, of: n) > k { high = middle } else { low = middle }
        }
        return (low + high) / 2
    }

    /// How many eigenvalues of the Jacobi matrix are below `lambda` (the Sturm count: the number of
    /// negative pivots of the LDLᵀ factorisation of J − λI).
    private static func eigenvaluesBelow(_ lambda: Double, of n: Int) -> Int {
        var count = 0
        var pivot = -lambda
        if pivot < 0 { count += 1 }
        for j in 1..<max(n, 1) {
            // A zero pivot is nudged off zero, as in LAPACK's dstebz; it only moves λ by rounding.
            if pivot == 0 { pivot = -Double.ulpOfOne * max(1, abs(lambda)) }
            pivot = -lambda - (Double(j) / 2) / pivot
            if pivot < 0 { count += 1 }
        }
        return count
    }
}
