import PhysweepTensor

/// The analytic gradient of `loss` (one backward pass) and its central differences with step `h`
/// over every parameter of `graph`, `evaluate` running a forward pass and returning the loss; the
/// parameters are left as they were.
func lossGradients(of graph: Graph<Double>, loss: Node<Double>, h: Double = 1e-5,
                   evaluate: () -> Double) -> (analytic: [Double], numeric: [Double]) {
    _ = evaluate()
    graph.backward(from: loss)
    let analytic = graph.gradientVector
    var parameters = graph.parameterVector
    var numeric: [Double] = []
    for i in parameters.indices {
        let original = parameters[i]
        parameters[i] = original + h
        graph.parameterVector = parameters
        let plus = evaluate()
        parameters[i] = original - h
        graph.parameterVector = parameters
        let minus = evaluate()
        parameters[i] = original
        numeric.append((plus - minus) / (2 * h))
    }
    graph.parameterVector = parameters
    return (analytic, numeric)
}
