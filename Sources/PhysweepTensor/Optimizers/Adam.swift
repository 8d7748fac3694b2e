/// Adam (Kingma & Ba 2015) with bias correction, in PyTorch's formulation. Weight decay is either
/// L2 added to the gradient (`decoupled: false`, PyTorch `Adam`) or decoupled, p ← p − lr·wd·p
/// (`decoupled: true`, PyTorch `AdamW`, Loshchilov & Hutter 2019).
public struct Adam<T: TensorScalar>: Optimizer {
    public var learningRate: T
    public var beta1: T
    public var beta2: T
    public var epsilon: T
    public var weightDecay: T
    public var decoupled: Bool
    /// Updates taken so far (drives the bias correction).
    public private(set) var stepCount = 0
    private var firstMoment: [T] = []
    private var secondMoment: [T] = []

    /// An Adam optimizer; moments are sized on the first step.
    public init(learningRate: T = 1e-3, beta1: T = 0.9, beta2: T = 0.999, epsilon: T = 1e-8,
                weightDecay: T = 0, decoupled: Bool = false) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func step(parameters: UnsafeMutableBufferPointer<T>, gradient: UnsafeBufferPointer<T>,
                              learningRate: T) {
        let n = parameters.count
        precondition(gradient.count == n, "Adam: \(n) parameters but \(gradient.count) gradients")
        if firstMoment.count != n {
            firstMoment = [T](repeating: 0, count: n)
            secondMoment = [T](repeating: 0, count: n)
            stepCount = 0
        }
        stepCount += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        let inverseCorrection2 = 1 / (1 - T.pow(b2, stepCount)).squareRoot()
        let stepSize = learningRate / (1 - T.pow(b1, stepCount))
        let l2 = decoupled ? 0 : weightDecay
        let shrink = decoupled ? 1 - learningRate * weightDecay : 1
        guard let p = parameters.baseAddress, let g = gradient.baseAddress else { return }
        firstMoment.withUnsafeMutableBufferPointer { mBuffer in
            secondMoment.withUnsafeMutableBufferPointer { vBuffer in
                adamUpdate(p, g, mBuffer.baseAddress!, vBuffer.baseAddress!, n, beta1: b1, beta2: b2, l2: l2,
                           shrink: shrink, stepSize: stepSize, inverseCorrection2: inverseCorrection2, epsilon: eps)
            }
        }
    }
}

/// The elementwise Adam update over flat buffers (a free function so the loop vectorizes).
@_specialize(where T == Float)
@_specialize(where T == Double)
func adamUpdate<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
                                 _ v: UnsafeMutablePointer<T>, _ n: Int, beta1 b1: T, beta2 b2: T, l2: T, shrink: T,
                                 stepSize: T, inverseCorrection2: T, epsilon eps: T) {
    if VectorKernels.adam(p, g, m, v, n, beta1: b1, beta2: b2, l2: l2, shrink: shrink, stepSize: stepSize,
                          inverseCorrection2: inverseCorrection2, epsilon: eps) { return }
    for i in 0..<n {
        let gi = g[i] + l2 * p[i]
        let mi = b1 * m[i] + (1 - b1) * gi
        let vi = b2 * v[i] + (1 - b2) * gi * gi
        m[i] = mi
        v[i] = vi
        p[i] = shrink * p[i] - stepSize * mi / (fastSquareRoot(vi) * inverseCorrection2 + eps)
    }
}

/// AdamW: Adam with decoupled weight decay (PyTorch's default decay 0.01).
public func AdamW<T: TensorScalar>(learningRate: T = 1e-3, beta1: T = 0.9, beta2: T = 0.999, epsilon: T = 1e-8,
                                   weightDecay: T = 0.01) -> Adam<T> {
    Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
         weightDecay: weightDecay, decoupled: true)
}
