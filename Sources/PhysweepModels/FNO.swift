import PhysweepSystems
import PhysweepTensor

/// A Fourier neural operator (Li et al. 2021) on a periodic grid, the `fno` model of shear flow:
///
///     lift     conv1×1 Cin→width
///     block k  y = spectralConv(x) + conv1×1 width→width (x); GELU after every block but the last
///     proj     conv1×1 width→projection, GELU, conv1×1 projection→Cout
///
/// The spectral convolution keeps rows 0..<m₁ and H−m₁..<H, columns 0..<m₂ (`Node.spectralConv2d`);
/// its complex weights are U[0,1)/(width²) in real and imaginary part (the FNO paper's code). At the
/// reference size (width 32, 12×12 modes, 4 blocks, projection 128, 16 → 4) it has 2,368,804 parameters.
///
/// ```swift
/// let fno = FNO<Float>(graph: graph, inChannels: 16, outChannels: 4, width: 32, modes: (12, 12), blocks: 4,
///                      generator: &generator)
/// ```
public struct FNO<T: TensorScalar> {
    let lift: Conv2dLayer<T>
    let spectral: [Node<T>]
    let pointwise: [Conv2dLayer<T>]
    let projection: (hidden: Conv2dLayer<T>, output: Conv2dLayer<T>)
    /// Input channels.
    public let inChannels: Int

    /// Creates lift, then per block the spectral weight and the 1×1 conv, then the projection.
    public init(graph: Graph<T>, inChannels: Int, outChannels: Int, width: Int, modes: (rows: Int, columns: Int),
                blocks: Int, projectionWidth: Int = 128, generator: inout SeededGenerator) {
        precondition(width >= 1 && blocks >= 1 && modes.rows >= 1 && modes.columns >= 1 && projectionWidth >= 1,
                     "FNO: needs width, blocks, modes and projection ≥ 1, got \(width), \(blocks), \(modes), \(projectionWidth)")
        lift = Conv2dLayer(graph: graph, inChannels: inChannels, outChannels: width, kernel: 1, generator: &generator)
        var spectral: [Node<T>] = [], pointwise: [Conv2dLayer<T>] = []
        let scale = 1 / Double(width * width)
        for _ in 0..<blocks {
            let count = width * width * 2 * modes.rows * modes.columns * 2
            spectral.append(graph.parameter(Tensor(shape: [width, width, 2 * modes.rows, modes.columns, 2],
                                                   scalars: (0..<count).map { _ in T(scale * generator.nextUniform()) })))
            pointwise.append(Conv2dLayer(graph: graph, inChannels: width, outChannels: width, kernel: 1, generator: &generator))
        }
        self.spectral = spectral
        self.pointwise = pointwise
        projection = (Conv2dLayer(graph: graph, inChannels: width, outChannels: projectionWidth, kernel: 1, generator: &generator),
                      Conv2dLayer(graph: graph, inChannels: projectionWidth, outChannels: outChannels, kernel: 1,
                                  generator: &generator))
        self.inChannels = inChannels
    }

    /// [N, Cin, H, W] → [N, Cout, H, W]; needs 2m₁ ≤ H and m₂ ≤ W/2.
    public func callAsFunction(_ x: Node<T>) -> Node<T> {
        precondition(x.shape.count == 4 && x.shape[1] == inChannels, "FNO: input \(x.shape) is not [N, \(inChannels), H, W]")
        var h = lift(x)
        for block in spectral.indices {
            h = h.spectralConv2d(spectral[block]) + pointwise[block](h)
            if block < spectral.count - 1 { h = h.geluExact() }
        }
        return projection.output(projection.hidden(h).geluExact())
    }
}
