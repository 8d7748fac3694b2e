/// FLOP counting rules (docs/autodiff.md): a GEMM [m,k]·[k,n] costs 2mkn forward and 2mkn per
/// operand gradient; every elementwise op, reduction element and broadcast element costs 1 forward
/// and 1 per operand gradient; copies (concat, slice, set) cost nothing; fused ops count their arithmetic.
extension Graph {
    func forwardFLOPs(_ record: Record) -> Double {
        switch record.operation {
        case .input, .constant, .parameter, .concat, .slice:
            return 0
        case .matmul(let a, let b):
            let (m, k, n) = matmulExtents(a, b)
            return 2 * Double(m * k * n)
        case .linear(let x, let w, _):
            let (m, k, n) = matmulExtents(x, w)
            return 2 * Double(m * k * n) + Double(m * n)
        case .binary, .affine, .unary:
            return Double(record.count)
        case .sum(let x, _), .sumAxis(let x, _):
            return Double(records[x].count)
        case .jetActivation(_, _, _, let layout):
            return jetActivationFLOPs(layout, columns: record.shape[1])
        case .jetMLP(let plan):
            return jetMLPFLOPs(plan, backward: false)
        }
    }

    /// The fused jet activation counts its arithmetic per element: 2 per primal element (bias,
    /// σ), 1 per first-order and 4 per second-order channel element; its backward counts twice that.
    private func jetActivationFLOPs(_ layout: JetLayout, columns: Int) -> Double {
        let perPoint = layout.channels.reduce(0) { $0 + ($1 == .first ? 1 : 4) }
        return Double(columns) * Double(2 * layout.primalRows + perPoint * layout.derivativeRows.count)
    }

    /// The fused jet MLP counts what its layers would as separate ops: forward, per layer the GEMM
    /// (2mkn over the whole stack) and the jet activation, then the output bias on the primal rows;
    /// backward, per layer dW (2mkn), dA (2mkn, not for the first layer: the seeds need none) and
    /// twice the jet activation (which sums the bias gradient), and the output bias gradient.
    private func jetMLPFLOPs(_ plan: JetMLPPlan<T>, backward: Bool) -> Double {
        let rows = Double(plan.layout.totalRows), primal = Double(plan.layout.primalRows)
        var flops = primal * Double(plan.widths.last!)
        for layer in plan.weights.indices {
            let product = 2 * rows * Double(plan.widths[layer] * plan.widths[layer + 1])
            flops += backward ? (layer == 0 ? product : 2 * product) : product
            if plan.hiddenLayers.contains(layer) {
                flops += (backward ? 2 : 1) * jetActivationFLOPs(plan.layout, columns: plan.widths[layer + 1])
            }
        }
        return flops
    }

    func backwardFLOPs(_ record: Record, slot: Int) -> Double {
        switch record.operation {
        case .input, .constant, .parameter, .concat, .slice:
            return 0
        case .matmul(let a, let b):
            let (m, k, n) = matmulExtents(a, b)
            return 2 * Double(m * k * n)
        case .linear(let x, let w, _):
            let (m, k, n) = matmulExtents(x, w)
            return slot == 2 ? Double(m * n) : 2 * Double(m * k * n)
        case .binary, .affine, .unary:
            return Double(record.count)
        case .sum(let x, _), .sumAxis(let x, _):
            return Double(records[x].count)
        case .jetActivation(_, _, _, let layout):
            // The whole fused backward is charged to the stack operand; the bias sum is part of it.
            return slot == 0 ? 2 * jetActivationFLOPs(layout, columns: record.shape[1]) : 0
        case .jetMLP(let plan):
            // Every weight and bias needs a gradient (and the seeds none), so the whole fused
            // backward is charged to the first weight.
            return slot == 1 ? jetMLPFLOPs(plan, backward: true) : 0
        }
    }
}
