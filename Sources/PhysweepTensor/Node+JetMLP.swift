/// Points per block of a fused jet MLP when the caller does not choose: a block's stack (its points
/// times 1 + channels rows) times the widest layer is about this many scalars, so the few
/// activations and gradients a block works on at a time stay in the core's L2/L3 caches.
let jetMLPBlockElements = 1 << 15

extension Node {
    /// The forward-mode jet of a whole MLP in one fused op, for this seed stack
    /// [layout.totalRows, inputs] (see `JetLayout`): hidden layers H = σ-jet(A·W + b) (the bias
    /// enters the primal rows only, as in `jetActivation`), then the output layer A·W + b (b on the
    /// primal rows). Returns the output stack [layout.totalRows, outputs]; the same values as
    /// composing `matmul` and `jetActivation` per layer.
    ///
    /// It runs block of `blockPoints` primal rows (with their derivative rows) by block, forward and
    /// backward, so each block's activations stay in cache (docs/autodiff.md, "The fused jet MLP");
    /// nil picks the block size from the widths. For training: the seeds must not depend on a
    /// parameter, every weight and bias must.
    public func jetMLP(weights: [Node<T>], biases: [Node<T>], activation: JetActivation<T>, layout: JetLayout,
                       blockPoints: Int? = nil) -> Node<T> {
        precondition(weights.count >= 2 && biases.count == weights.count,
                     "jetMLP: needs at least one hidden and one output layer and a bias per weight, got \(weights.count) weights and \(biases.count) biases")
        precondition(shape.count == 2 && shape[0] == layout.totalRows,
                     "jetMLP: seeds of shape \(shape) do not have the \(layout.totalRows) rows of \(layout)")
        var widths = [shape[1]]
        for (weight, bias) in zip(weights, biases) {
            sameGraph(weight, "jetMLP"); sameGraph(bias, "jetMLP")
            precondition(weight.shape.count == 2 && weight.shape[0] == widths.last!,
                         "jetMLP: weight shape \(weight.shape) does not take \(widths.last!) inputs (layer \(widths.count - 1))")
            precondition(bias.count == weight.shape[1] && (bias.shape.count == 1 || (bias.shape.count == 2 && bias.shape[0] == 1)),
                         "jetMLP: bias shape \(bias.shape) is not [\(weight.shape[1])] or [1,\(weight.shape[1])]")
            widths.append(weight.shape[1])
        }
        if case .snake(let alpha) = activation { precondition(alpha != 0, "jetMLP: snake alpha must be non-zero") }
        let records = graph.records
        precondition(!records[id].requiresGradient, "jetMLP: the seeds (node \(id)) must not depend on a parameter")
        for node in weights + biases {
            precondition(records[node.id].requiresGradient, "jetMLP: weight or bias node \(node.id) depends on no parameter")
        }
        let rowsPerPoint = 1 + layout.channels.count
        let points = blockPoints ?? max(1, jetMLPBlockElements / (rowsPerPoint * widths.max()!))
        let savedPerRow = widths.dropFirst().dropLast().reduce(0) { $0 + 2 * $1 }
        let plan = JetMLPPlan(seeds: id, weights: weights.map(\.id), biases: biases.map(\.id), activation: activation,
                              layout: layout, widths: widths, blockPoints: points,
                              savedOffset: graph.values.append(layout.totalRows * savedPerRow))
        graph.reserveScratch(plan.scratchCount)
        return graph.append(.jetMLP(plan), shape: [layout.totalRows, widths.last!])
    }
}
