import RealModule

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
        case .convolution(_, _, _, let layout):
            return convolutionProductFLOPs(layout) + Double(record.count)
        case .averagePool(let x, _, _):
            return Double(records[x].count)
        case .upsample(let x, _):
            return 18 * Double(records[x].count)
        case .groupNorm:
            return 8 * Double(record.count)
        case .spectralConvolution(_, _, let plan):
            let shape = plan.input
            return Double(shape.batch * (shape.channels + plan.outChannels)) * realFFTFLOPs(shape.plane)
                + spectralMixingFLOPs(plan) + Double(record.count)
        }
    }

    /// One convolution product over the batch: 2·k²·Cin·Cout per output position.
    private func convolutionProductFLOPs(_ layout: ConvolutionLayout) -> Double {
        2 * Double(layout.columnRows * layout.outChannels) * Double(layout.input.batch * layout.input.plane)
    }

    /// One real 2-D FFT of n points (either direction): half a complex one, 2.5·n·log₂n.
    func realFFTFLOPs(_ n: Int) -> Double {
        2.5 * Double(n) * Double.log2(Double(n))
    }

    /// The complex channel mixing on the kept modes: 8 per complex multiply-add, N·Cin·Cout·2m₁·m₂ of them.
    private func spectralMixingFLOPs(_ plan: SpectralConvolutionPlan<T>) -> Double {
        8 * Double(plan.input.batch * plan.input.channels * plan.outChannels * plan.modes)
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
        case .convolution(_, _, _, let layout):
            return slot == 2 ? Double(record.count) : convolutionProductFLOPs(layout)
        case .averagePool(let x, _, _):
            return Double(records[x].count)
        case .upsample(let x, _):
            return 15 * Double(records[x].count)
        case .groupNorm(_, let scale, let shift, _):
            // One pass computes x̂ and the channel sums Σg, Σg·x̂ (5 per element) for all three
            // gradients; it is charged to γ (4) and β (1), or to x when they need none.
            switch slot {
            case 0: return Double(record.count) * (6 + (records[scale].requiresGradient ? 0 : 4)
                                                   + (records[shift].requiresGradient ? 0 : 1))
            case 1: return 4 * Double(record.count)
            default: return Double(record.count)
            }
        case .spectralConvolution(_, let w, let plan):
            // The transforms of dy serve both gradients: charged to the weight, or to x when it needs none.
            let shape = plan.input
            let gradientTransforms = Double(shape.batch * plan.outChannels) * realFFTFLOPs(shape.plane)
            if slot == 1 { return gradientTransforms + spectralMixingFLOPs(plan) }
            return spectralMixingFLOPs(plan) + Double(shape.batch * shape.channels) * realFFTFLOPs(shape.plane)
                + (records[w].requiresGradient ? 0 : gradientTransforms)
        }
    }
}
