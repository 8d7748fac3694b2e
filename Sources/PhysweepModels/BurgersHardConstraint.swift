import PhysweepTensor

/// The c-pinn output transform u(x, t) = −sin(πx) + t(1 − x²)·N(x, t).
///
/// Whatever the network N outputs, u(x, 0) = −sin(πx) (the initial condition) and u(±1, t) = 0 (the
/// boundary condition) hold exactly, so the loss needs no IC/BC terms. Writing u = φ + g·N with
/// φ = −sin(πx) and g = t(1 − x²), the jets follow from the product rule:
/// u_i = φ_i + g_i N + g N_i and u_ii = φ_ii + g_ii N + 2 g_i N_i + g N_ii.
public struct BurgersHardConstraint: Hashable, Sendable {
    /// Input column of x.
    public var xColumn: Int
    /// Input column of t.
    public var tColumn: Int

    public init(xColumn: Int, tColumn: Int) {
        self.xColumn = xColumn
        self.tColumn = tColumn
    }

    /// u's components from the network's components `network` at `coordinates` [N, 2] (value rows).
    func apply<T>(network: [Node<T>], components: [JetComponent], coordinates: Node<T>) -> [Node<T>] {
        let x = coordinates.slice(axis: 1, range: xColumn..<(xColumn + 1))
        let t = coordinates.slice(axis: 1, range: tColumn..<(tColumn + 1))
        let pi = T.pi
        let piX = x * pi
        let oneMinusX2 = 1 - x.square()
        let n = network[0]
        let g = t * oneMinusX2
        return components.indices.map { c in
            switch components[c] {
            case .value:
                return g * n - piX.sin()
            case .first(let i):
                let ni = network[c]
                if i == tColumn { return oneMinusX2 * n + g * ni }
                // ∂x: φ_x = −π cos(πx), g_x = −2xt.
                return (-2 * (x * t)) * n + g * ni - pi * piX.cos()
            case .second(let i):
                let nii = network[c]
                let ni = network[components.firstIndex(of: .first(i))!]
                if i == tColumn { return 2 * (oneMinusX2 * ni) + g * nii }
                // ∂xx: φ_xx = π² sin(πx), g_xx = −2t, and 2 g_x N_x = −4xt N_x.
                return (-2 * t) * n - 4 * (x * t * ni) + g * nii + (pi * pi) * piX.sin()
            }
        }
    }
}
