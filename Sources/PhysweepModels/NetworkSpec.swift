import PhysweepSystems
import PhysweepTensor

/// The architecture and initialisation of a solution network: enough to rebuild the same network
/// (same parameter layout) on another graph, e.g. the inference graph.
public struct NetworkSpec: Hashable, Sendable {
    public var inputs: Int
    public var width: Int
    public var depth: Int
    public var activation: ActivationFunction
    /// Output transform that builds IC/BC into the network (nil: the network's output as is).
    public var constraint: BurgersHardConstraint?
    /// Seed of the initial weights.
    public var seed: UInt64

    public init(inputs: Int, width: Int, depth: Int, activation: ActivationFunction,
                constraint: BurgersHardConstraint? = nil, seed: UInt64) {
        self.inputs = inputs
        self.width = width
        self.depth = depth
        self.activation = activation
        self.constraint = constraint
        self.seed = seed
    }

    /// Builds the network's parameters on `graph`, initialised from `seed`.
    public func build<T>(on graph: Graph<T>) -> SolutionNetwork<T> {
        var generator = SeededGenerator(seed: seed, stream: ModelStream.weights)
        let mlp = MLP(graph: graph, inputs: inputs, width: width, depth: depth, outputs: 1,
                      activation: activation, generator: &generator)
        return SolutionNetwork(mlp: mlp, constraint: constraint)
    }
}

/// A network together with its output transform: the model of the solution u.
public struct SolutionNetwork<T: TensorScalar> {
    public let mlp: MLP<T>
    public let constraint: BurgersHardConstraint?

    /// u at `x` [N, inputs] → [N, 1].
    public func callAsFunction(_ x: Node<T>) -> Node<T> {
        guard let constraint else { return mlp(x) }
        return constraint.apply(network: [mlp(x)], components: [.value], coordinates: x)[0]
    }

    /// u and its input derivatives at `points` points; `seeds` as for `MLP.jet`.
    public func jet(_ seeds: Node<T>, points: Int, components: [JetComponent]) -> [Node<T>] {
        let network = mlp.jet(seeds, points: points, components: components)
        guard let constraint else { return network }
        let coordinates = components.count == 1 ? seeds : seeds.slice(axis: 0, range: 0..<points)
        return constraint.apply(network: network, components: components, coordinates: coordinates)
    }
}
