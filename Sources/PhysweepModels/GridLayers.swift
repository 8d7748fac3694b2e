import PhysweepSystems
import PhysweepTensor

/// A k×k convolution layer with circular padding (`Node.conv2d`): weight [Cout, Cin, k, k], Glorot
/// normal (std √(2/((Cin + Cout)·k²)), as the reference scripts in ../shared/anchors), bias zero.
public struct Conv2dLayer<T: TensorScalar> {
    /// [Cout, Cin, k, k].
    public let weight: Node<T>
    /// [Cout].
    public let bias: Node<T>

    /// Creates the layer's two parameters on `graph`, weight first.
    public init(graph: Graph<T>, inChannels: Int, outChannels: Int, kernel: Int, generator: inout SeededGenerator) {
        precondition(inChannels > 0 && outChannels > 0 && kernel > 0 && kernel % 2 == 1,
                     "Conv2dLayer: needs positive channels and an odd kernel, got \(inChannels)→\(outChannels), k \(kernel)")
        let count = outChannels * inChannels * kernel * kernel
        let std = (2 / Double((inChannels + outChannels) * kernel * kernel)).squareRoot()
        weight = graph.parameter(Tensor(shape: [outChannels, inChannels, kernel, kernel],
                                        scalars: (0..<count).map { _ in T(generator.nextNormal(std: std)) }))
        bias = graph.parameter(Tensor(zeros: [outChannels]))
    }

    /// The convolution of `x` [N, Cin, H, W] → [N, Cout, H, W].
    public func callAsFunction(_ x: Node<T>) -> Node<T> { x.conv2d(weight, bias: bias) }
}

/// The U-Net's DoubleConv(a→b): conv3×3 a→b, GroupNorm, GELU, conv3×3 b→b, GroupNorm, GELU (exact GELU;
/// GroupNorm scale 1, shift 0 at the start).
public struct DoubleConv<T: TensorScalar> {
    let first: Conv2dLayer<T>, second: Conv2dLayer<T>
    let norms: [(scale: Node<T>, shift: Node<T>)]
    let groups: Int

    /// Creates conv, norm, conv, norm parameters in that order; `groups` must divide `outChannels`.
    public init(graph: Graph<T>, inChannels: Int, outChannels: Int, groups: Int, generator: inout SeededGenerator) {
        precondition(groups >= 1 && outChannels % groups == 0,
                     "DoubleConv: \(groups) groups do not divide \(outChannels) channels")
        func norm() -> (scale: Node<T>, shift: Node<T>) {
            (graph.parameter(Tensor(repeating: 1, shape: [outChannels])), graph.parameter(Tensor(zeros: [outChannels])))
        }
        first = Conv2dLayer(graph: graph, inChannels: inChannels, outChannels: outChannels, kernel: 3, generator: &generator)
        let firstNorm = norm()
        second = Conv2dLayer(graph: graph, inChannels: outChannels, outChannels: outChannels, kernel: 3, generator: &generator)
        norms = [firstNorm, norm()]
        self.groups = groups
    }

    /// [N, a, H, W] → [N, b, H, W].
    public func callAsFunction(_ x: Node<T>) -> Node<T> {
        let h = first(x).groupNorm(groups: groups, scale: norms[0].scale, shift: norms[0].shift).geluExact()
        return second(h).groupNorm(groups: groups, scale: norms[1].scale, shift: norms[1].shift).geluExact()
    }
}
