/// Stochastic gradient descent with optional heavy-ball momentum and L2 weight decay (PyTorch's
/// formulation: v ← μv + g + wd·p, p ← p − lr·v).
public struct SGD<T: TensorScalar>: Optimizer {
    public var learningRate: T
    public var momentum: T
    public var weightDecay: T
    private var velocity: [T] = []

    /// An SGD optimizer.
    public init(learningRate: T, momentum: T = 0, weightDecay: T = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func step(parameters: UnsafeMutableBufferPointer<T>, gradient: UnsafeBufferPointer<T>,
                              learningRate: T) {
        let n = parameters.count
        precondition(gradient.count == n, "SGD: \(n) parameters but \(gradient.count) gradients")
        guard let p = parameters.baseAddress, let g = gradient.baseAddress else { return }
        let wd = weightDecay, mu = momentum
        if mu == 0 {
            for i in 0..<n { p[i] -= learningRate * (g[i] + wd * p[i]) }
            return
        }
        if velocity.count != n { velocity = [T](repeating: 0, count: n) }
        velocity.withUnsafeMutableBufferPointer { vBuffer in
            let v = vBuffer.baseAddress!
            for i in 0..<n {
                v[i] = mu * v[i] + g[i] + wd * p[i]
                p[i] -= learningRate * v[i]
            }
        }
    }
}
