import PhysweepSystems
import PhysweepTensor

/// The probability path of flow matching in data space (arXiv 2509.24517, the `fm` model): from the
/// current frame x0 to the next frame x1,
///
///     μ_t = t·x1 + (1 − t)·x0,   s_t² = σ²t(1 − t) + σ_min²,   x_t = μ_t + s_t·ε,
///     u_t = x1 − x0 + ½σ²(1 − 2t)(x_t − μ_t)/s_t²                (the regression target of v(x_t, c, t)).
///
/// ```swift
/// let path = FlowMatchingPath()                                   // σ = 0.01, σ_min = 0.001
/// let (xt, ut) = path.point(x0: 0.5, x1: 1.5, t: 0.25, noise: 0.3)
/// ```
public struct FlowMatchingPath: Hashable, Sendable {
    /// The path's noise scale σ.
    public var sigma: Double
    /// The noise floor σ_min (also the noise of the sampler's start).
    public var sigmaMin: Double

    /// The paper's path: σ = 0.01, σ_min = 0.001.
    public init(sigma: Double = 0.01, sigmaMin: Double = 0.001) {
        precondition(sigma >= 0 && sigmaMin > 0, "FlowMatchingPath: needs σ ≥ 0 and σ_min > 0, got \(sigma), \(sigmaMin)")
        self.sigma = sigma
        self.sigmaMin = sigmaMin
    }

    /// (x_t, u_t) for one element at time t with standard-normal noise ε.
    public func point(x0: Double, x1: Double, t: Double, noise: Double) -> (state: Double, target: Double) {
        let variance = sigma * sigma * t * (1 - t) + sigmaMin * sigmaMin
        let offset = variance.squareRoot() * noise
        return (t * x1 + (1 - t) * x0 + offset, x1 - x0 + 0.5 * sigma * sigma * (1 - 2 * t) * offset / variance)
    }

    /// Fills `state` and `target` (each `x0.count` scalars) for a batch of `times.count` samples,
    /// one t per sample and fresh noise per element from `generator`.
    public func sample<T: TensorScalar>(x0: UnsafeBufferPointer<T>, x1: UnsafeBufferPointer<T>, times: [Double],
                                        state: UnsafeMutableBufferPointer<T>, target: UnsafeMutableBufferPointer<T>,
                                        generator: inout SeededGenerator) {
        precondition(x1.count == x0.count && state.count == x0.count && target.count == x0.count && !times.isEmpty
                     && x0.count % times.count == 0, "FlowMatchingPath.sample: mismatched buffer sizes")
        let perSample = x0.count / times.count
        for i in 0..<x0.count {
            let p = point(x0: Double(x0[i]), x1: Double(x1[i]), t: times[i / perSample], noise: generator.nextNormal())
            state[i] = T(p.state)
            target[i] = T(p.target)
        }
    }
}
