/// One node's computation, referring to its operands by node id. Shapes are fixed at build time, so
/// every layout needed to run the node (broadcast pattern, reduction extents) is computed once here.
enum Operation<T: TensorScalar> {
    case input
    case constant
    case parameter
    /// [m,k]·[k,n].
    case matmul(Int, Int)
    /// x·W + b with b a row broadcast over the rows of x·W (fused: one GEMM, no broadcast node).
    case linear(x: Int, weight: Int, bias: Int)
    case binary(BinaryOperator, Int, Int, BroadcastLayout)
    /// scale·x + shift, elementwise (covers x ± c, c − x, c·x and −x).
    case affine(Int, scale: T, shift: T)
    case unary(UnaryFunction<T>, Int)
    /// scale·Σx over all elements (scale 1/n gives the mean).
    case sum(Int, scale: T)
    case sumAxis(Int, AxisLayout)
    case concat([Int], ConcatLayout)
    case slice(Int, SliceLayout)
    /// σ-jet of a stacked pre-activation Z (bias added to the primal rows), fused in one pass.
    case jetActivation(Int, bias: Int, JetActivation<T>, JetLayout)
    /// The jet of a whole MLP from its seed stack, run block of points by block (see `JetMLPPlan`).
    case jetMLP(JetMLPPlan<T>)
    /// k×k convolution of an NCHW tensor with circular padding, weight OIHW, bias [Cout] (im2col + GEMM).
    case convolution(x: Int, weight: Int, bias: Int, ConvolutionLayout)
    /// Mean over non-overlapping factor×factor windows of every plane.
    case averagePool(Int, GridShape, factor: Int)
    /// Periodic bilinear ×2 up-sampling of every plane (the input's shape).
    case upsample(Int, GridShape)
    /// GroupNorm with per-channel scale γ and shift β.
    case groupNorm(x: Int, scale: Int, shift: Int, GroupNormLayout)
    /// rfft2, complex channel mixing on the kept low modes, irfft2 (see `SpectralConvolutionPlan`).
    case spectralConvolution(x: Int, weight: Int, SpectralConvolutionPlan<T>)

    /// The operand node ids, in slot order.
    var operands: [Int] {
        switch self {
        case .input, .constant, .parameter: return []
        case .matmul(let a, let b): return [a, b]
        case .linear(let x, let w, let b): return [x, w, b]
        case .binary(_, let a, let b, _): return [a, b]
        case .affine(let x, _, _), .unary(_, let x), .sum(let x, _), .sumAxis(let x, _), .slice(let x, _):
            return [x]
        case .concat(let parts, _): return parts
        case .jetActivation(let z, let bias, _, _): return [z, bias]
        case .jetMLP(let plan): return plan.operands
        case .convolution(let x, let w, let b, _): return [x, w, b]
        case .averagePool(let x, _, _), .upsample(let x, _): return [x]
        case .groupNorm(let x, let scale, let shift, _): return [x, scale, shift]
        case .spectralConvolution(let x, let w, _): return [x, w]
        }
    }
}

/// The four arithmetic operators with broadcasting.
enum BinaryOperator: Sendable {
    case add, subtract, multiply, divide
}

/// The elementwise functions (`snake` carries its frequency α).
enum UnaryFunction<T: TensorScalar> {
    case square, exp, log, sin, cos, tanh, relu, heaviside
    /// GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    case gelu
    /// GELU, exact: ½x(1 + erf(x/√2)) (PyTorch's default).
    case geluExact
    /// x + sin²(αx)/α.
    case snake(alpha: T)
}

/// Sum over one axis of a tensor viewed as [outer, extent, inner].
struct AxisLayout {
    let outer: Int
    let extent: Int
    let inner: Int
}

/// Concatenation along one axis: each part is [outer, chunk_i] and the result [outer, Σ chunk_i].
struct ConcatLayout {
    let outer: Int
    let chunks: [Int]
    var total: Int { chunks.reduce(0, +) }
}

/// A slice along one axis: the input is [outer, inputChunk], the result takes `count` elements
/// starting at `start` in each chunk.
struct SliceLayout {
    let outer: Int
    let inputChunk: Int
    let start: Int
    let count: Int
}
