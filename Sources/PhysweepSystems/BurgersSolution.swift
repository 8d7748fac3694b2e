import Foundation

/// The exact solution of the viscous Burgers equation u_t + u u_x = ν u_xx on x ∈ [−1, 1],
/// t ∈ [0, 1], with u(x, 0) = −sin(πx) and u(±1, t) = 0.
///
/// The Cole–Hopf transform gives (Basdevant et al. 1986)
///
///     u(x, t) = −∫ sin(π(x−η)) f(x−η) e^(−η²/4νt) dη / ∫ f(x−η) e^(−η²/4νt) dη,
///     f(y) = exp(−cos(πy) / (2πν)),
///
/// and the substitution η = √(4νt)·z turns both integrals into Gauss–Hermite form. f spans
/// e^(±1/(2πν)) (e^(±50) at ν = 0.01/π), so each sum is formed in log space with the largest
/// exponent factored out. See docs/systems.md for the measured accuracy.
public struct BurgersSolution: Sendable {
    /// The spatial domain.
    public static let xDomain: ClosedRange<Double> = -1...1
    /// The time domain.
    public static let tDomain: ClosedRange<Double> = 0...1
    /// The viscosity used in the paper and in most PINN studies, 0.01/π.
    public static let defaultNu = 0.01 / Double.pi
    /// The smallest viscosity supported: below it the node count grows past a few thousand.
    public static let minimumNu = 3e-4

    /// The viscosity ν.
    public let nu: Double
    /// The quadrature rule in z = η / √(4νt).
    public let quadrature: GaussHermite

    /// The solution for viscosity `nu`, with `nodes` quadrature nodes (default: `recommendedNodes`).
    public init(nu: Double = BurgersSolution.defaultNu, nodes: Int? = nil) throws(SystemsError) {
        guard nu >= BurgersSolution.minimumNu, nu.isFinite else {
            throw .parameterOutOfRange(name: "nu", value: nu, expected: "a finite number ≥ \(BurgersSolution.minimumNu)")
        }
        let count = nodes ?? BurgersSolution.recommendedNodes(nu: nu)
        guard count >= 2 else { throw .countOutOfRange(name: "nodes", value: count, expected: "at least 2") }
        self.nu = nu
        self.quadrature = GaussHermite(count: count)
    }

    /// A node count that converges to rounding error over the whole domain.
    ///
    /// The integrand in z peaks where the Gaussian meets the far minimum of cos(π(x − √(4νt) z)),
    /// at |z| ≈ 0.37/√ν; the largest of n Gauss–Hermite nodes is ≈ √(2n), and resolving the peak
    /// needs it comfortably inside. n = 0.6/ν (at least 128) does this with margin (the tests check
    /// it against an independent quadrature; docs/systems.md has the convergence figures).
    public static func recommendedNodes(nu: Double) -> Int {
        max(128, Int((0.6 / nu).rounded(.up)))
    }

    /// u(x, t); the initial condition exactly at t = 0.
    public func u(x: Double, t: Double) -> Double {
        if t <= 0 { return -sin(Double.pi * x) }
        let scale = (4 * nu * t).squareRoot()
        let inverseTwoPiNu = 1 / (2 * Double.pi * nu)
        let nodes = quadrature.nodes, logWeights = quadrature.logWeights
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: nodes.count) { exponents in
            // First pass: every term's log-magnitude, to factor out the largest.
            var largest = -Double.infinity
            for i in 0..<nodes.count {
                let y = x - scale * nodes[i]
                let exponent = logWeights[i] - inverseTwoPiNu * cos(Double.pi * y)
                exponents[i] = exponent
                largest = max(largest, exponent)
            }
            // Second pass: terms more than e^50 below the largest cannot change a Double sum.
            var numerator = 0.0, denominator = 0.0
            for i in 0..<nodes.count where exponents[i] - largest > -50 {
                let y = x - scale * nodes[i]
                let term = exp(exponents[i] - largest)
                numerator += sin(Double.pi * y) * term
                denominator += term
            }
            return -numerator / denominator
        }
    }

    /// u on the grid `xs` × `ts`.
    public func grid(xs: [Double], ts: [Double]) -> BurgersGrid {
        var values: [Double] = []
        values.reserveCapacity(xs.count * ts.count)
        for t in ts {
            for x in xs { values.append(u(x: x, t: t)) }
        }
        return BurgersGrid(xs: xs, ts: ts, u: values)
    }

    /// u on `gridX` evenly spaced x in [−1, 1] × `gridT` evenly spaced t in [0, 1], ends included.
    public func grid(gridX: Int = 256, gridT: Int = 100) -> BurgersGrid {
        grid(xs: Spacing.linspace(BurgersSolution.xDomain.lowerBound, BurgersSolution.xDomain.upperBound, count: gridX),
             ts: Spacing.linspace(BurgersSolution.tDomain.lowerBound, BurgersSolution.tDomain.upperBound, count: gridT))
    }
}
