import PhysweepSystems
import PhysweepTensor

/// A fully connected network on a `Graph`: `depth` hidden layers of `width` neurons with one
/// activation, then a linear output layer. Evaluates either its value alone (`callAsFunction`) or
/// its value with input derivatives (`jet`).
public struct MLP<T: TensorScalar> {
    /// The graph the parameters live in.
    public let graph: Graph<T>
    /// Weight matrices [fan_in, fan_out], input layer first.
    public let weights: [Node<T>]
    /// Bias rows [1, fan_out], matching `weights`.
    public let biases: [Node<T>]
    /// The hidden-layer activation.
    public let activation: ActivationFunction
    /// Input columns.
    public let inputDim: Int

    /// Builds the parameters: Glorot-normal weights (std √(2/(fan_in + fan_out))) drawn from
    /// `generator` layer by layer, zero biases.
    public init(graph: Graph<T>, inputs: Int, width: Int, depth: Int, outputs: Int,
                activation: ActivationFunction, generator: inout SeededGenerator) {
        precondition(inputs > 0 && width > 0 && depth > 0 && outputs > 0,
                     "MLP needs positive sizes, got inputs \(inputs), width \(width), depth \(depth), outputs \(outputs)")
        let sizes = [inputs] + Array(repeating: width, count: depth) + [outputs]
        var weights: [Node<T>] = [], biases: [Node<T>] = []
        for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
            let std = (2 / Double(fanIn + fanOut)).squareRoot()
            let w = (0..<(fanIn * fanOut)).map { _ in T(generator.nextNormal(std: std)) }
            weights.append(graph.parameter(Tensor(shape: [fanIn, fanOut], scalars: w)))
            biases.append(graph.parameter(Tensor(zeros: [1, fanOut])))
        }
        self.graph = graph
        self.weights = weights
        self.biases = biases
        self.activation = activation
        self.inputDim = inputs
    }

    /// The network's value at `x` [N, inputs] → [N, outputs].
    public func callAsFunction(_ x: Node<T>) -> Node<T> {
        var a = x
        for layer in weights.indices {
            let z = a.linear(weights[layer], biases[layer])
            a = layer == weights.count - 1 ? z : activation.derivatives(of: z, order: 0).value
        }
        return a
    }

    /// The network's value and input derivatives at `points` points, one output node [points, outputs]
    /// per component (in `components` order).
    ///
    /// `seeds` is the stacked input [components·points, inputs] (see `JetComponent`); each layer is one
    /// GEMM over all components, the bias is added to the value rows only, and the activation
    /// propagates derivatives by the chain rule: h' = σ'(z) z', h'' = σ''(z) z'² + σ'(z) z''. Where
    /// the tensor layer has a fused jet kernel for σ, the whole network is one fused op
    /// (`Node.jetMLP`, run in blocks of points); otherwise each layer's jet is composed from ops.
    public func jet(_ seeds: Node<T>, points: Int, components: [JetComponent]) -> [Node<T>] {
        components.validate(inputDim: inputDim)
        precondition(seeds.shape == [components.count * points, inputDim],
                     "jet: seeds have shape \(seeds.shape), expected [\(components.count * points), \(inputDim)]")
        guard components.count > 1 else { return [self(seeds)] }
        guard let fused = activation.fusedJet(T.self) else { return composedJet(seeds, points: points, components: components) }
        let stack = seeds.jetMLP(weights: weights, biases: biases, activation: fused,
                                 layout: components.layout(points: points))
        return (0..<components.count).map { stack.slice(axis: 0, range: ($0 * points)..<(($0 + 1) * points)) }
    }

    /// The jet layer by layer, each activation's jet composed from elementary ops (for activations
    /// without a fused kernel).
    private func composedJet(_ seeds: Node<T>, points: Int, components: [JetComponent]) -> [Node<T>] {
        var stacked = seeds
        for layer in weights.indices.dropLast() {
            stacked = composedJetActivation(stacked.matmul(weights[layer]), layer: layer, points: points,
                                            components: components)
        }
        return split(stacked.matmul(weights[weights.count - 1]), layer: weights.count - 1, points: points,
                     components: components.count)
    }

    /// The jet of σ composed from elementary ops (for activations without a fused kernel).
    private func composedJetActivation(_ product: Node<T>, layer: Int, points: Int,
                                       components: [JetComponent]) -> Node<T> {
        let order = components.contains { if case .second = $0 { return true } else { return false } } ? 2 : 1
        let z = split(product, layer: layer, points: points, components: components.count)
        let sigma = activation.derivatives(of: z[0], order: order)
        let h = components.indices.map { c -> Node<T> in
            switch components[c] {
            case .value:
                return sigma.value
            case .first:
                return sigma.first! * z[c]
            case .second(let i):
                let dz = z[components.firstIndex(of: .first(i))!]
                return sigma.second! * dz.square() + sigma.first! * z[c]
            }
        }
        return graph.concat(h, axis: 0)
    }

    /// The per-component row blocks of a stacked product a·W, with the bias added to the value block.
    private func split(_ product: Node<T>, layer: Int, points: Int, components: Int) -> [Node<T>] {
        var z = (0..<components).map { product.slice(axis: 0, range: ($0 * points)..<(($0 + 1) * points)) }
        z[0] = z[0] + biases[layer]
        return z
    }
}
