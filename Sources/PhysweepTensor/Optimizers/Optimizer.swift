/// A first-order optimizer that updates a flat parameter buffer in place from its gradient.
public protocol Optimizer {
    associatedtype Scalar: TensorScalar
    /// The rate used when none is passed to `step`.
    var learningRate: Scalar { get }
    /// One update with an explicit learning rate (so schedules can vary it per step).
    mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
                       learningRate: Scalar)
}

extension Optimizer {
    /// One update at the optimizer's own learning rate.
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>) {
        step(parameters: parameters, gradient: gradient, learningRate: learningRate)
    }

    /// One update of a graph's parameters from its last backward pass (zero-copy).
    public mutating func step(_ graph: Graph<Scalar>, learningRate: Scalar? = nil) {
        let rate = learningRate ?? self.learningRate
        graph.withParameterBuffers { parameters, gradient in
            step(parameters: parameters, gradient: gradient, learningRate: rate)
        }
    }
}
