import PhysweepModels
import PhysweepSystems
import PhysweepTensor

/// One optimizer step of a training configuration, type-erased over the scalar so f32 and f64
/// cases sit in one list.
public protocol TrainingSteps: AnyObject {
    /// Runs one step (minibatch load, forward, backward, update); returns the loss before the update.
    @discardableResult func step() -> Double
    /// FLOPs of one step by the graph's counting rules: forward plus backward (the update's few
    /// operations per parameter are not counted, as in the trainer's metering).
    var flopsPerStep: Double { get }
}

/// The trainer's first-order step on a loss, with Adam: the same pieces `physweep train` runs
/// (`Objective.loadBatch`, `evaluate`, `Graph.backward`, `Adam.step`), so a benchmark step is the
/// work a sweep task does per step. Minibatches follow the trainer's order: a fresh seeded
/// permutation per epoch, consecutive slices of it as batches, the remainder skipped.
public final class TrainingStepper<T: TensorScalar>: TrainingSteps {
    /// The loss and its graph.
    public let objective: Objective<T>
    private var optimizer: Adam<T>
    private var order: SeededGenerator
    private var permutation: [Int] = []
    private var cursor = 0
    private let minibatched: Bool

    /// A stepper on `objective` with Adam at `learningRate`; batches are shuffled from `seed`.
    public init(_ objective: Objective<T>, learningRate: T, seed: UInt64 = 0) {
        self.objective = objective
        optimizer = Adam(learningRate: learningRate)
        order = SeededGenerator(seed: seed, stream: ModelStream.minibatches)
        minibatched = objective.batchRows < objective.dataCount
    }

    @discardableResult
    public func step() -> Double {
        if minibatched { loadNextBatch() }
        let loss = objective.evaluate()
        objective.graph.backward(from: objective.loss)
        optimizer.step(objective.graph)
        return loss
    }

    public var flopsPerStep: Double {
        objective.graph.flopsPerForward + objective.graph.flopsPerBackward(from: objective.loss)
    }

    private func loadNextBatch() {
        let rows = objective.batchRows
        if cursor + rows > permutation.count {
            permutation = order.permutation(of: objective.dataCount)
            cursor = 0
        }
        objective.loadBatch(permutation[cursor..<(cursor + rows)])
        cursor += rows
    }
}
