import PhysweepSystems
import PhysweepTensor

/// The training loss of a next-frame model: MSE (mean over all elements) between the network's output
/// and the target. For `unet`/`fno` the target is the next frame; for `fm` it is the path's u_t, and
/// `load` draws t ~ U(0,1) per sample and ε ~ N(0,1) per element to build x_t and u_t
/// (`FlowMatchingPath`). With a `physics` term the loss adds weight·mean(R²) of the vorticity residual
/// (`VorticityResidual`) between the last context frame and the predicted frame: the output for
/// `unet`/`fno`, for `fm` the one-step estimate x̂1 = x_t + (1 − t)·v(x_t, c, t).
///
/// ```swift
/// let objective = NextFrameObjective<Float>(model: model, batch: 8, height: 128, width: 64)
/// objective.load(context: contextBatch, next: nextBatch, generator: &generator)
/// objective.graph.forward(); objective.graph.backward(from: objective.loss); adamW.step(objective.graph)
/// ```
public final class NextFrameObjective<T: TensorScalar> {
    /// The model's inputs and output.
    public let network: NextFrameGraph<T>
    /// The regression target [N, fields, H, W].
    public let target: Node<T>
    /// mean((output − target)²), plus weight·mean(R²) with a physics term.
    public let loss: Node<T>
    /// With a physics term: the last context frame [N, fields, H, W] and (fm) 1 − t per sample and element.
    private let previous: Node<T>?, remaining: Node<T>?
    private var currentFrame: [T]

    /// Builds the model and its loss on a new graph; `physics` adds the vorticity residual with its weight.
    public init(model: NextFrameModel, batch: Int, height: Int, width: Int,
                physics: (residual: VorticityResidual, weight: Double)? = nil) {
        network = NextFrameGraph(model: model, graph: Graph<T>(), batch: batch, height: height, width: width)
        let graph = network.graph, output = network.output
        target = graph.input(shape: output.shape)
        let dataLoss = (output - target).square().mean()
        currentFrame = [T](repeating: 0, count: network.frameCount)
        guard let physics else {
            (loss, previous, remaining) = (dataLoss, nil, nil)
            return
        }
        let previous = graph.input(shape: output.shape)
        var predicted = output, remaining: Node<T>? = nil
        if let state = network.state {
            let rest = graph.input(shape: output.shape)
            predicted = state + rest * output
            remaining = rest
        }
        loss = dataLoss + T(physics.weight) * physics.residual.meanSquare(predicted: predicted, previous: previous)
        (self.previous, self.remaining) = (previous, remaining)
    }

    /// The graph (parameters in `NextFrameModel.network` order).
    public var graph: Graph<T> { network.graph }

    /// Sets the inputs for one batch: `context` [N, frames·fields, H, W], `next` [N, fields, H, W];
    /// `generator` gives fm's t and ε (unused by the other models).
    public func load(context: UnsafeBufferPointer<T>, next: UnsafeBufferPointer<T>, generator: inout SeededGenerator) {
        graph.set(network.context, context)
        if previous != nil || network.state != nil {
            currentFrame.withUnsafeMutableBufferPointer { network.currentFrame(into: $0) }
        }
        if let previous { graph.set(previous, currentFrame) }
        guard case let .flowMatching(_, _, _, path, _) = network.model.architecture, let state = network.state else {
            graph.set(target, next)
            return
        }
        let times = (0..<network.batch).map { _ in generator.nextUniform() }
        network.setTimes(times)
        if let remaining {
            let perSample = network.frameCount / network.batch
            graph.withInputBuffer(remaining) { buffer in
                for i in 0..<buffer.count { buffer[i] = T(1 - times[i / perSample]) }
            }
        }
        currentFrame.withUnsafeBufferPointer { x0 in
            graph.withInputBuffer(state) { state in
                graph.withInputBuffer(target) { target in
                    path.sample(x0: x0, x1: next, times: times, state: state, target: target, generator: &generator)
                }
            }
        }
    }

    /// Runs the forward pass and returns the loss.
    public func evaluate() -> T {
        graph.forward()
        return graph.scalar(loss)
    }
}
