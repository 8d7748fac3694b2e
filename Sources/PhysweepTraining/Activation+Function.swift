import PhysweepModels

extension Activation {
    /// The network-level activation this config choice names (snake takes its α from the config).
    func function(snakeAlpha: Double) -> ActivationFunction {
        switch self {
        case .relu: return .relu
        case .tanh: return .tanh
        case .sine: return .sine
        case .snake: return .snake(alpha: snakeAlpha)
        case .gelu: return .gelu
        }
    }
}
