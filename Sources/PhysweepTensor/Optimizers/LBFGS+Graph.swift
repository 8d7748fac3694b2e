extension LBFGS {
    /// Minimizes a graph's one-element `loss` over all its parameters, starting from the current
    /// parameters and leaving the result in the graph. Inputs must be set beforehand.
    public func minimize(_ graph: Graph<T>, loss: Node<T>, maxIterations: Int, gradientTolerance: T = 1e-7,
                         valueTolerance: T = 0) -> LBFGSResult<T> {
        let result = minimize(x0: graph.parameterVector, maxIterations: maxIterations,
                              gradientTolerance: gradientTolerance, valueTolerance: valueTolerance) { x, gradient in
            graph.withParameterBuffers { parameters, _ in
                _ = parameters.update(fromContentsOf: x)
            }
            graph.forward()
            graph.backward(from: loss)
            graph.withParameterBuffers { _, parameterGradient in
                _ = gradient.update(fromContentsOf: parameterGradient)
            }
            return graph.scalar(loss)
        }
        graph.parameterVector = result.x
        return result
    }
}
