import PhysweepSystems
import PhysweepTensor

/// A training loss on its own graph: the network, the fixed point sets (collocation, IC, BC) built in
/// as constants, and the supervised data fed per step, in minibatches or whole.
public final class Objective<T: TensorScalar> {
    /// The graph holding the network's parameters and the loss.
    public let graph: Graph<T>
    /// The scalar loss.
    public let loss: Node<T>
    /// The model of the solution.
    public let network: SolutionNetwork<T>
    private let data: DataFeed<T>?

    init(graph: Graph<T>, loss: Node<T>, network: SolutionNetwork<T>, data: DataFeed<T>?) {
        self.graph = graph
        self.loss = loss
        self.network = network
        self.data = data
    }

    /// Supervised points available (0 when the loss has no data term).
    public var dataCount: Int { data?.split.count ?? 0 }

    /// Supervised points the loss sees per evaluation (its fixed batch size; 0 without a data term).
    public var batchRows: Int { data?.input.shape[0] ?? 0 }

    /// Feeds the data points at `indices` (exactly `batchRows` of them) as the current batch. A slice,
    /// so a trainer can pass a window of its epoch permutation without allocating per step.
    public func loadBatch(_ indices: ArraySlice<Int>) {
        data?.load(indices)
    }

    /// The loss at the current parameters and batch (one forward pass).
    public func evaluate() -> Double {
        graph.forward()
        return Double(graph.scalar(loss))
    }
}

/// The data term's inputs: the whole split on the host (converted to T once), a batch of it in the graph.
struct DataFeed<T: TensorScalar> {
    let split: SupervisedSplit
    let input: Node<T>
    let target: Node<T>
    private let inputs: [T]
    private let targets: [T]

    init(split: SupervisedSplit, input: Node<T>, target: Node<T>) {
        self.split = split
        self.input = input
        self.target = target
        inputs = split.inputs.map { T($0) }
        targets = split.targets.map { T($0) }
    }

    // Specialized: the caller (a trainer generic over T, in another module) would otherwise copy
    // every scalar through the generic value witnesses (≈ 3 % of an osc-mlp step).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func load(_ indices: ArraySlice<Int>) {
        precondition(indices.count == input.shape[0],
                     "loadBatch: \(indices.count) indices for a batch of \(input.shape[0])")
        let dim = split.inputDim, graph = input.graph
        inputs.withUnsafeBufferPointer { source in
            graph.withInputBuffer(input) { buffer in
                for (row, i) in zip(0..., indices) {
                    for j in 0..<dim { buffer[row * dim + j] = source[i * dim + j] }
                }
            }
        }
        targets.withUnsafeBufferPointer { source in
            graph.withInputBuffer(target) { buffer in
                for (row, i) in zip(0..., indices) { buffer[row] = source[i] }
            }
        }
    }
}

/// Builds the pieces every loss shares, on one graph.
struct LossBuilder<T: TensorScalar> {
    let graph = Graph<T>()
    let network: SolutionNetwork<T>

    init(network spec: NetworkSpec) {
        network = spec.build(on: graph)
    }

    /// mean((u − target)²) over a supervised batch of `rows` of `split`, fed per step; the full
    /// split is loaded as the first batch when it fits.
    func dataTerm(_ split: SupervisedSplit, rows: Int) -> (DataFeed<T>, Node<T>) {
        precondition(split.targetDim == 1, "a data term needs one target column, got \(split.targetColumns)")
        let feed = DataFeed(split: split, input: graph.input(shape: [rows, split.inputDim]),
                            target: graph.input(shape: [rows, 1]))
        if rows == split.count { feed.load(ArraySlice(0..<rows)) }
        return (feed, Self.meanSquare(network(feed.input) - feed.target))
    }

    /// mean((u − target)²) over a fixed supervised split (e.g. initial or boundary points).
    func fixedTerm(_ split: SupervisedSplit) -> Node<T> {
        precondition(split.targetDim == 1, "a fixed term needs one target column, got \(split.targetColumns)")
        let inputs = constant(split.inputs, [split.count, split.inputDim])
        return Self.meanSquare(network(inputs) - constant(split.targets, [split.count, 1]))
    }

    /// u and its derivatives `components` at the points of `split` (constant seeds).
    func jet(_ split: SupervisedSplit, components: [JetComponent]) -> [Node<T>] {
        let seeds = constant(components.seeds(for: split.inputs, dim: split.inputDim),
                             [components.count * split.count, split.inputDim])
        return network.jet(seeds, points: split.count, components: components)
    }

    func objective(loss: Node<T>, data: DataFeed<T>?) -> Objective<T> {
        Objective(graph: graph, loss: loss, network: network, data: data)
    }

    static func meanSquare(_ x: Node<T>) -> Node<T> { x.square().mean() }

    private func constant(_ values: [Double], _ shape: [Int]) -> Node<T> {
        graph.constant(Tensor(shape: shape, scalars: values.map { T($0) }))
    }
}
