import PhysweepSystems
import PhysweepTensor

/// Inference of a next-frame model on its own graph (no loss, no target): one forward pass for
/// `unet`/`fno`; for `fm` the Euler sampler on the grid t_k = k/steps,
///
///     x ← x0 + σ_min·ε;   for k in 0..<steps: x ← x + (1/steps)·v(x, context, t_k)
///
/// with x0 the current (last context) frame and ε ~ N(0,1) from the caller's generator.
///
/// ```swift
/// let predictor = NextFramePredictor<Float>(model: model, batch: 8, height: 128, width: 64)
/// predictor.graph.parameterVector = objective.graph.parameterVector   // same model, same layout
/// let next = predictor.predict(context: contextBatch, generator: &generator)
/// ```
public final class NextFramePredictor<T: TensorScalar> {
    /// The model's inputs and output.
    public let network: NextFrameGraph<T>

    /// Builds the model on a new graph.
    public init(model: NextFrameModel, batch: Int, height: Int, width: Int) {
        network = NextFrameGraph(model: model, graph: Graph<T>(), batch: batch, height: height, width: width)
    }

    /// The graph (parameters in `NextFrameModel.network` order).
    public var graph: Graph<T> { network.graph }

    /// Network evaluations per prediction (fm: the sampler's steps; otherwise 1).
    public var forwardPasses: Int {
        if case let .flowMatching(_, _, _, _, steps) = network.model.architecture { return steps }
        return 1
    }

    /// The predicted next frame [N, fields, H, W] of `context` [N, frames·fields, H, W].
    public func predict(context: UnsafeBufferPointer<T>, generator: inout SeededGenerator) -> [T] {
        graph.set(network.context, context)
        guard case let .flowMatching(_, _, _, path, steps) = network.model.architecture, let state = network.state else {
            graph.forward()
            return graph.value(network.output).scalars
        }
        precondition(steps >= 1, "NextFramePredictor: the sampler needs at least one step, got \(steps)")
        var x = [T](repeating: 0, count: network.frameCount)
        x.withUnsafeMutableBufferPointer { network.currentFrame(into: $0) }
        for i in x.indices { x[i] += T(path.sigmaMin * generator.nextNormal()) }
        let dt = 1 / Double(steps)
        for k in 0..<steps {
            graph.set(state, x)
            network.setTimes([Double](repeating: Double(k) * dt, count: network.batch))
            graph.forward()
            let v = graph.value(network.output).scalars
            for i in x.indices { x[i] += T(dt) * v[i] }
        }
        return x
    }
}
