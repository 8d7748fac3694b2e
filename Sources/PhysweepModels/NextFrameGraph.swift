import PhysweepSystems
import PhysweepTensor

/// A next-frame model built on a graph for one batch size and grid: its inputs and its network's
/// output. For `unet`/`fno` the output is the predicted next frame; for `fm` it is the vector field
/// v(x_t, context, t) at the state and time inputs (t broadcast as one channel).
public struct NextFrameGraph<T: TensorScalar> {
    /// The graph holding the model.
    public let graph: Graph<T>
    /// The model built.
    public let model: NextFrameModel
    /// Context frames [N, frames·fields, H, W].
    public let context: Node<T>
    /// fm only: the state x_t [N, fields, H, W].
    public let state: Node<T>?
    /// fm only: the time, one constant channel per sample [N, 1, H, W].
    public let time: Node<T>?
    /// The network's output [N, fields, H, W].
    public let output: Node<T>

    /// Builds `model` on `graph` for `batch` samples of `height`×`width`.
    public init(model: NextFrameModel, graph: Graph<T>, batch: Int, height: Int, width: Int) {
        precondition(batch >= 1 && height >= 1 && width >= 1, "NextFrameGraph: needs a positive batch and grid")
        self.graph = graph
        self.model = model
        let network = model.network(on: graph)
        context = graph.input(shape: [batch, model.contextChannels, height, width])
        if case .flowMatching = model.architecture {
            let state = graph.input(shape: [batch, model.fields, height, width])
            let time = graph.input(shape: [batch, 1, height, width])
            output = network(graph.concat([state, context, time], axis: 1))
            (self.state, self.time) = (state, time)
        } else {
            output = network(context)
            (state, time) = (nil, nil)
        }
    }

    /// Samples per batch.
    public var batch: Int { context.shape[0] }
    /// Scalars of one frame of the batch ([N, fields, H, W]).
    public var frameCount: Int { output.count }

    /// Sets every sample's time channel to its t.
    public func setTimes(_ times: [Double]) {
        guard let time else { preconditionFailure("setTimes: \(model.architecture) has no time input") }
        precondition(times.count == batch, "setTimes: \(times.count) times for a batch of \(batch)")
        let plane = time.count / batch
        graph.withInputBuffer(time) { buffer in
            for i in 0..<buffer.count { buffer[i] = T(times[i / plane]) }
        }
    }

    /// Copies the current frame (the last context frame) of each sample into `frame` ([N, fields, H, W]).
    public func currentFrame(into frame: UnsafeMutableBufferPointer<T>) {
        precondition(frame.count == frameCount, "currentFrame: needs \(frameCount) scalars, got \(frame.count)")
        let perSample = frameCount / batch, contextPerSample = context.count / batch
        graph.withInputBuffer(context) { context in
            for sample in 0..<batch {
                let source = sample * contextPerSample + contextPerSample - perSample
                for i in 0..<perSample { frame[sample * perSample + i] = context[source + i] }
            }
        }
    }
}
