/// The ops of grid models (U-Net, FNO) on NCHW tensors [batch, channels, height, width] (for shear
/// flow: [batch, fields, z, x]), each beside its backward in `Kernels/` (docs/autodiff.md, "Grid ops").
/// Channel concatenation is `graph.concat(_:axis: 1)`.
///
/// ```swift
/// let x = graph.input(shape: [8, 16, 128, 64])
/// let w = graph.parameter(weights), b = graph.parameter(Tensor(zeros: [32]))        // w: [32, 16, 3, 3]
/// let h = x.conv2d(w, bias: b).groupNorm(groups: 8, scale: gamma, shift: beta).geluExact()
/// let down = h.averagePool2d(factor: 2), up = down.upsampleBilinear2x()
/// ```
extension Node {
    /// k×k convolution (cross-correlation, stride 1) with circular padding (k − 1)/2, so the output
    /// keeps the grid: weight [Cout, Cin, k, k] (OIHW, k odd), bias [Cout]; output [N, Cout, H, W].
    public func conv2d(_ weight: Node<T>, bias: Node<T>) -> Node<T> {
        sameGraph(weight, "conv2d"); sameGraph(bias, "conv2d")
        let input = GridShape(shape, operation: "conv2d")
        let w = weight.shape
        precondition(w.count == 4 && w[1] == input.channels && w[2] == w[3] && w[2] % 2 == 1 && w[0] > 0,
                     "conv2d: weight shape \(w) is not [Cout, \(input.channels), k, k] with k odd (input \(shape))")
        precondition(w[2] <= input.height && w[2] <= input.width,
                     "conv2d: kernel \(w[2]) exceeds the grid \(input.height)×\(input.width)")
        precondition(bias.shape == [w[0]], "conv2d: bias shape \(bias.shape) is not [\(w[0])]")
        let layout = ConvolutionLayout(input: input, outChannels: w[0], kernel: w[2])
        if layout.kernel > 1 { graph.reserveScratch(layout.columnRows * input.plane) }
        return graph.append(.convolution(x: id, weight: weight.id, bias: bias.id, layout),
                            shape: [input.batch, w[0], input.height, input.width])
    }

    /// The mean over non-overlapping `factor`×`factor` windows: [N, C, H/f, W/f] (H, W divisible by f).
    public func averagePool2d(factor: Int) -> Node<T> {
        let input = GridShape(shape, operation: "averagePool2d")
        precondition(factor >= 1 && input.height % factor == 0 && input.width % factor == 0,
                     "averagePool2d: factor \(factor) does not divide the grid \(input.height)×\(input.width)")
        return graph.append(.averagePool(id, input, factor: factor),
                            shape: [input.batch, input.channels, input.height / factor, input.width / factor])
    }

    /// Periodic bilinear ×2 up-sampling (align_corners = false, wrapping instead of clamping at the
    /// edges), along z then x: out[2i] = ¾x[i] + ¼x[i − 1], out[2i + 1] = ¾x[i] + ¼x[i + 1], indices
    /// mod n. [N, C, H, W] → [N, C, 2H, 2W].
    public func upsampleBilinear2x() -> Node<T> {
        let input = GridShape(shape, operation: "upsampleBilinear2x")
        graph.reserveScratch(2 * input.plane)
        return graph.append(.upsample(id, input), shape: [input.batch, input.channels, 2 * input.height, 2 * input.width])
    }

    /// GroupNorm (Wu & He 2018): `groups` groups of consecutive channels (groups divides C), each
    /// normalized per sample over its channels and grid with the biased variance, then y = γ_c·x̂ + β_c
    /// with scale γ and shift β of shape [C].
    public func groupNorm(groups: Int, scale: Node<T>, shift: Node<T>, epsilon: Double = 1e-5) -> Node<T> {
        sameGraph(scale, "groupNorm"); sameGraph(shift, "groupNorm")
        let input = GridShape(shape, operation: "groupNorm")
        precondition(groups >= 1 && input.channels % groups == 0,
                     "groupNorm: \(groups) groups do not divide \(input.channels) channels")
        precondition(scale.shape == [input.channels] && shift.shape == [input.channels],
                     "groupNorm: scale \(scale.shape) and shift \(shift.shape) must both be [\(input.channels)]")
        precondition(epsilon > 0, "groupNorm: epsilon must be positive, got \(epsilon)")
        let layout = GroupNormLayout(shape: input, groups: groups, epsilon: epsilon,
                                     savedOffset: graph.values.append(2 * input.batch * groups))
        return graph.append(.groupNorm(x: id, scale: scale.id, shift: shift.id, layout), shape: shape)
    }

    /// The spectral convolution of a Fourier neural operator: irfft2 of the input's rfft2 with the
    /// modes of rows 0..<m₁ and H−m₁..<H, columns 0..<m₂ mixed by complex weights
    /// [Cin, Cout, 2m₁, m₂, 2] (low rows first; last axis re, im) and all other modes zero
    /// (see `SpectralConvolutionPlan`). m₁, m₂ come from the weight's shape; 2m₁ ≤ H, m₂ ≤ W/2.
    public func spectralConv2d(_ weight: Node<T>) -> Node<T> {
        sameGraph(weight, "spectralConv2d")
        let input = GridShape(shape, operation: "spectralConv2d")
        let w = weight.shape
        precondition(w.count == 5 && w[0] == input.channels && w[1] > 0 && w[2] > 0 && w[2] % 2 == 0 && w[3] > 0 && w[4] == 2,
                     "spectralConv2d: weight shape \(w) is not [\(input.channels), Cout, 2m₁, m₂, 2]")
        precondition(w[2] <= input.height && w[3] <= input.width / 2,
                     "spectralConv2d: \(w[2] / 2)×\(w[3]) modes do not fit the grid \(input.height)×\(input.width) (2m₁ ≤ H, m₂ ≤ W/2)")
        let saved = graph.values.append(SpectralConvolutionPlan<T>.savedCount(input, modeRows: w[2] / 2, modeColumns: w[3]))
        let plan = SpectralConvolutionPlan<T>(input: input, outChannels: w[1], modeRows: w[2] / 2, modeColumns: w[3],
                                              savedOffset: saved)
        graph.reserveScratch(plan.scratchCount)
        return graph.append(.spectralConvolution(x: id, weight: weight.id, plan),
                            shape: [input.batch, w[1], input.height, input.width])
    }
}
