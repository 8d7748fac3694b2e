import PhysweepSystems
import PhysweepTensor

/// A value-only copy of a solution network over a fixed set of points: the inference graph, with
/// no jets and no loss, whose forward pass is what inference costs.
public final class Predictor<T: TensorScalar> {
    /// The inference graph.
    public let graph: Graph<T>
    private let output: Node<T>
    private let points: SupervisedSplit

    /// A predictor over `points` for networks of `spec`; load weights with `load(parameters:)`.
    public init(spec: NetworkSpec, points: SupervisedSplit) {
        graph = Graph<T>()
        let network = spec.build(on: graph)
        let input = graph.constant(Tensor(shape: [points.count, points.inputDim], scalars: points.inputs.map { T($0) }))
        output = network(input)
        self.points = points
    }

    /// Copies trained parameters (from a graph with the same `NetworkSpec`).
    public func load(parameters: [T]) {
        graph.parameterVector = parameters
    }

    /// One inference pass: u at every point.
    public func predict() -> [Double] {
        graph.forward()
        return graph.value(output).scalars.map { Double($0) }
    }

    /// Mean squared error and relative L2 error ‖u − target‖ / ‖target‖ of `prediction` on the points.
    public func errors(of prediction: [Double]) -> (mse: Double, relativeL2: Double) {
        var squaredError = 0.0, squaredTarget = 0.0
        for (u, target) in zip(prediction, points.targets) {
            squaredError += (u - target) * (u - target)
            squaredTarget += target * target
        }
        return (squaredError / Double(points.count), (squaredError / squaredTarget).squareRoot())
    }
}
