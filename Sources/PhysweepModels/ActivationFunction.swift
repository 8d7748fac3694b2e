import PhysweepTensor

/// A hidden-layer nonlinearity σ, with its first two derivatives built from ordinary graph ops so
/// that forward-mode jets through it can themselves be differentiated in reverse mode.
public enum ActivationFunction: Hashable, Sendable {
    case relu
    case tanh
    case sine
    /// x + sin²(αx)/α (Ziyin et al. 2020).
    case snake(alpha: Double)
    /// GELU in its tanh approximation ½x(1 + tanh(c(x + 0.044715x³))), c = √(2/π).
    case gelu

    /// The tensor layer's fused jet kernel for σ, when it has one (GELU it has not).
    func fusedJet<T: TensorScalar>(_: T.Type) -> JetActivation<T>? {
        switch self {
        case .relu: return .relu
        case .tanh: return .tanh
        case .sine: return .sin
        case .snake(let alpha): return .snake(alpha: T(alpha))
        case .gelu: return nil
        }
    }

    /// σ(z), σ'(z) and, when `order` is 2, σ''(z), as nodes of z's graph (σ'' is nil for order 1).
    ///
    /// Derivatives reuse the value's intermediate nodes (e.g. tanh's t) so a jet costs few extra ops.
    func derivatives<T>(of z: Node<T>, order: Int) -> (value: Node<T>, first: Node<T>?, second: Node<T>?) {
        switch self {
        case .relu:
            // σ'' is zero almost everywhere; returning a zero node keeps the jet formulas uniform.
            return (z.relu(), order >= 1 ? z.heaviside() : nil, order >= 2 ? z * T(0) : nil)
        case .tanh:
            let t = z.tanh()
            guard order >= 1 else { return (t, nil, nil) }
            let first = 1 - t.square()
            return (t, first, order >= 2 ? -2 * (t * first) : nil)
        case .sine:
            return (z.sin(), order >= 1 ? z.cos() : nil, order >= 2 ? -z.sin() : nil)
        case .snake(let alpha):
            // d/dz [z + sin²(αz)/α] = 1 + sin(2αz); d²/dz² = 2α cos(2αz).
            let a = T(alpha)
            guard order >= 1 else { return (z.snake(alpha: a), nil, nil) }
            let twoAlphaZ = z * (2 * a)
            return (z.snake(alpha: a), 1 + twoAlphaZ.sin(), order >= 2 ? twoAlphaZ.cos() * (2 * a) : nil)
        case .gelu:
            guard order >= 1 else { return (z.gelu(), nil, nil) }
            return Self.geluDerivatives(of: z, order: order)
        }
    }

    /// GELU = ½z(1 + t), t = tanh(u), u = c(z + a z³):
    /// σ' = ½(1 + t) + ½z(1 − t²)u',  σ'' = (1 − t²)(u' − z t u'² + ½z u''),
    /// with u' = c(1 + 3a z²), u'' = 6ca z.
    private static func geluDerivatives<T>(of z: Node<T>, order: Int)
        -> (value: Node<T>, first: Node<T>?, second: Node<T>?) {
        let c = T((2 / Double.pi).squareRoot()), a = T(0.044715)
        let z2 = z.square()
        let t = (c * (z + a * (z * z2))).tanh()
        let sech2 = 1 - t.square()
        let du = (3 * c * a) * z2 + c
        let value = z.gelu()
        let first = 0.5 * (1 + t) + 0.5 * (z * sech2 * du)
        guard order >= 2 else { return (value, first, nil) }
        let second = sech2 * (du - z * t * du.square() + (3 * c * a) * z2)
        return (value, first, second)
    }
}
