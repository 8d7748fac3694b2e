import PhysweepSystems
import PhysweepTensor

/// The classic U-Net on a periodic grid (the `unet` model of shear flow, and the vector field of `fm`):
/// `levels` resolutions with widths base·2ˡ, average-pool down, periodic bilinear up, skips joined by
/// channel concatenation (up-sampled first). At the reference size (4 levels, base 16, 16 → 4 channels)
/// it is the 453,108-parameter network of ../shared/anchors/README.md:
///
///     enc1  DoubleConv(Cin→w₀)                       skip 1
///     encₗ  avgpool 2, DoubleConv(wₗ₋₁→wₗ)            skip l (the last level is the bottleneck)
///     upₗ   bilinear ×2, conv1×1 wₗ₊₁→wₗ
///     decₗ  concat [upₗ, skip l], DoubleConv(2wₗ→wₗ)
///     out   conv1×1 w₀→Cout
///
/// ```swift
/// var generator = SeededGenerator(seed: 1, stream: ModelStream.weights)
/// let unet = UNet<Float>(graph: graph, inChannels: 16, outChannels: 4, levels: 4, baseWidth: 16, generator: &generator)
/// let next = unet(graph.input(shape: [8, 16, 128, 64]))          // [8, 4, 128, 64]
/// ```
public struct UNet<T: TensorScalar> {
    let encoders: [DoubleConv<T>]
    let ups: [Conv2dLayer<T>]
    let decoders: [DoubleConv<T>]
    let output: Conv2dLayer<T>
    /// Input channels.
    public let inChannels: Int
    /// The number of resolutions; the grid must divide by 2^(levels − 1).
    public let levels: Int

    /// Creates the parameters (encoders, then per decoder level up-conv and DoubleConv from the
    /// bottom, then the output conv); `groups` GroupNorm groups must divide `baseWidth`.
    public init(graph: Graph<T>, inChannels: Int, outChannels: Int, levels: Int, baseWidth: Int, groups: Int = 8,
                generator: inout SeededGenerator) {
        precondition(levels >= 1 && baseWidth >= 1 && outChannels >= 1,
                     "UNet: needs levels, base width and outputs ≥ 1, got \(levels), \(baseWidth), \(outChannels)")
        let widths = (0..<levels).map { baseWidth << $0 }
        var encoders: [DoubleConv<T>] = []
        for level in 0..<levels {
            encoders.append(DoubleConv(graph: graph, inChannels: level == 0 ? inChannels : widths[level - 1],
                                       outChannels: widths[level], groups: groups, generator: &generator))
        }
        var ups: [Conv2dLayer<T>] = [], decoders: [DoubleConv<T>] = []
        for level in stride(from: levels - 2, through: 0, by: -1) {
            ups.append(Conv2dLayer(graph: graph, inChannels: widths[level + 1], outChannels: widths[level], kernel: 1,
                                   generator: &generator))
            decoders.append(DoubleConv(graph: graph, inChannels: 2 * widths[level], outChannels: widths[level],
                                       groups: groups, generator: &generator))
        }
        self.encoders = encoders
        self.ups = ups
        self.decoders = decoders
        output = Conv2dLayer(graph: graph, inChannels: baseWidth, outChannels: outChannels, kernel: 1, generator: &generator)
        self.inChannels = inChannels
        self.levels = levels
    }

    /// [N, Cin, H, W] → [N, Cout, H, W].
    public func callAsFunction(_ x: Node<T>) -> Node<T> {
        precondition(x.shape.count == 4 && x.shape[1] == inChannels, "UNet: input \(x.shape) is not [N, \(inChannels), H, W]")
        let factor = 1 << (levels - 1)
        precondition(x.shape[2] % factor == 0 && x.shape[3] % factor == 0,
                     "UNet: the grid \(x.shape[2])×\(x.shape[3]) does not divide by 2^(levels − 1) = \(factor)")
        var skips: [Node<T>] = []
        var h = x
        for (level, encoder) in encoders.enumerated() {
            h = encoder(level == 0 ? h : h.averagePool2d(factor: 2))
            skips.append(h)
        }
        for (index, level) in stride(from: levels - 2, through: 0, by: -1).enumerated() {
            let up = ups[index](h.upsampleBilinear2x())
            h = decoders[index](x.graph.concat([up, skips[level]], axis: 1))
        }
        return output(h)
    }
}
