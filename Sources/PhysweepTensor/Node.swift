/// A handle to one node of a `Graph`. Operations on nodes append new nodes to the same graph.
public struct Node<T: TensorScalar> {
    /// The graph this node belongs to.
    public unowned let graph: Graph<T>
    /// The node's index in its graph (nodes only refer to smaller ids).
    public let id: Int
    /// The node's fixed shape.
    public let shape: [Int]

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    func sameGraph(_ other: Node<T>, _ operation: String) {
        precondition(graph === other.graph, "\(operation): operands belong to different graphs")
    }
}

// MARK: Products and broadcasting arithmetic

extension Node {
    /// Matrix product [m,k]·[k,n] → [m,n].
    public func matmul(_ other: Node<T>) -> Node<T> {
        sameGraph(other, "matmul")
        precondition(shape.count == 2 && other.shape.count == 2 && shape[1] == other.shape[0],
                     "matmul: shapes \(shape) and \(other.shape) are not [m,k]·[k,n]")
        return graph.append(.matmul(id, other.id), shape: [shape[0], other.shape[1]])
    }

    /// x·W + b for x [m,k], W [k,n], b [n] or [1,n]: one GEMM with the bias fused in.
    public func linear(_ weight: Node<T>, _ bias: Node<T>) -> Node<T> {
        sameGraph(weight, "linear"); sameGraph(bias, "linear")
        precondition(shape.count == 2 && weight.shape.count == 2 && shape[1] == weight.shape[0],
                     "linear: shapes \(shape) and \(weight.shape) are not [m,k]·[k,n]")
        precondition(bias.count == weight.shape[1] && bias.shape.count <= 2 && (bias.shape.count < 2 || bias.shape[0] == 1),
                     "linear: bias shape \(bias.shape) is not [\(weight.shape[1])] or [1,\(weight.shape[1])]")
        return graph.append(.linear(x: id, weight: weight.id, bias: bias.id), shape: [shape[0], weight.shape[1]])
    }

    func binary(_ op: BinaryOperator, _ other: Node<T>, _ name: String) -> Node<T> {
        sameGraph(other, name)
        let (shape, layout) = BroadcastLayout.make(self.shape, other.shape, operation: name)
        return graph.append(.binary(op, id, other.id, layout), shape: shape)
    }

    /// Elementwise sum with NumPy broadcasting.
    public static func + (a: Node<T>, b: Node<T>) -> Node<T> { a.binary(.add, b, "+") }
    /// Elementwise difference with NumPy broadcasting.
    public static func - (a: Node<T>, b: Node<T>) -> Node<T> { a.binary(.subtract, b, "-") }
    /// Elementwise product with NumPy broadcasting.
    public static func * (a: Node<T>, b: Node<T>) -> Node<T> { a.binary(.multiply, b, "*") }
    /// Elementwise quotient with NumPy broadcasting.
    public static func / (a: Node<T>, b: Node<T>) -> Node<T> { a.binary(.divide, b, "/") }

    /// scale·x + shift, elementwise.
    public func affine(scale: T, shift: T) -> Node<T> {
        graph.append(.affine(id, scale: scale, shift: shift), shape: shape)
    }

    /// x + c.
    public static func + (a: Node<T>, c: T) -> Node<T> { a.affine(scale: 1, shift: c) }
    /// c + x.
    public static func + (c: T, a: Node<T>) -> Node<T> { a.affine(scale: 1, shift: c) }
    /// x − c.
    public static func - (a: Node<T>, c: T) -> Node<T> { a.affine(scale: 1, shift: -c) }
    /// c − x.
    public static func - (c: T, a: Node<T>) -> Node<T> { a.affine(scale: -1, shift: c) }
    /// c·x.
    public static func * (a: Node<T>, c: T) -> Node<T> { a.affine(scale: c, shift: 0) }
    /// c·x.
    public static func * (c: T, a: Node<T>) -> Node<T> { a.affine(scale: c, shift: 0) }
    /// x / c.
    public static func / (a: Node<T>, c: T) -> Node<T> { a.affine(scale: 1 / c, shift: 0) }
    /// −x.
    public static prefix func - (a: Node<T>) -> Node<T> { a.affine(scale: -1, shift: 0) }
}

// MARK: Elementwise functions

extension Node {
    func unary(_ function: UnaryFunction<T>) -> Node<T> {
        graph.append(.unary(function, id), shape: shape)
    }

    /// x².
    public func square() -> Node<T> { unary(.square) }
    /// eˣ.
    public func exp() -> Node<T> { unary(.exp) }
    /// ln x.
    public func log() -> Node<T> { unary(.log) }
    /// sin x.
    public func sin() -> Node<T> { unary(.sin) }
    /// cos x.
    public func cos() -> Node<T> { unary(.cos) }
    /// tanh x.
    public func tanh() -> Node<T> { unary(.tanh) }
    /// max(x, 0); its derivative is `heaviside()`.
    public func relu() -> Node<T> { unary(.relu) }
    /// The unit step (1 for x > 0, else 0); its gradient is zero.
    public func heaviside() -> Node<T> { unary(.heaviside) }
    /// GELU in the tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    public func gelu() -> Node<T> { unary(.gelu) }
    /// GELU in its exact form ½x(1 + erf(x/√2)) (PyTorch's `F.gelu` default).
    public func geluExact() -> Node<T> { unary(.geluExact) }
    /// Snake activation x + sin²(αx)/α (Ziyin et al. 2020); α must be non-zero.
    public func snake(alpha: T) -> Node<T> {
        precondition(alpha != 0, "snake: alpha must be non-zero")
        return unary(.snake(alpha: alpha))
    }
}

// MARK: Reductions and reshaping

extension Node {
    /// The sum of all elements (shape []).
    public func sum() -> Node<T> { graph.append(.sum(id, scale: 1), shape: []) }

    /// The mean of all elements (shape []).
    public func mean() -> Node<T> {
        precondition(count > 0, "mean: node \(id) of shape \(shape) is empty")
        return graph.append(.sum(id, scale: 1 / T(count)), shape: [])
    }

    /// The sum over one axis; `keepingDimension` leaves it with extent 1 (so it broadcasts back).
    public func sum(axis: Int, keepingDimension: Bool = false) -> Node<T> {
        precondition(axis >= 0 && axis < shape.count, "sum(axis:): axis \(axis) out of range for shape \(shape)")
        let layout = AxisLayout(outer: shape[..<axis].reduce(1, *), extent: shape[axis],
                                inner: shape[(axis + 1)...].reduce(1, *))
        var result = shape
        if keepingDimension { result[axis] = 1 } else { result.remove(at: axis) }
        return graph.append(.sumAxis(id, layout), shape: result)
    }

    /// The elements at `range` along `axis`.
    public func slice(axis: Int, range: Range<Int>) -> Node<T> {
        precondition(axis >= 0 && axis < shape.count, "slice: axis \(axis) out of range for shape \(shape)")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice: range \(range) out of bounds for axis \(axis) of shape \(shape)")
        let inner = shape[(axis + 1)...].reduce(1, *)
        let layout = SliceLayout(outer: shape[..<axis].reduce(1, *), inputChunk: shape[axis] * inner,
                                 start: range.lowerBound * inner, count: range.count * inner)
        var result = shape
        result[axis] = range.count
        return graph.append(.slice(id, layout), shape: result)
    }
}

extension Graph {
    /// Joins nodes along `axis`; all other extents must agree.
    public func concat(_ nodes: [Node<T>], axis: Int) -> Node<T> {
        precondition(!nodes.isEmpty, "concat: no nodes")
        let first = nodes[0].shape
        precondition(axis >= 0 && axis < first.count, "concat: axis \(axis) out of range for shape \(first)")
        for node in nodes {
            precondition(node.graph === self, "concat: a node belongs to a different graph")
            var a = node.shape, b = first
            precondition(a.count == b.count, "concat: shapes \(first) and \(node.shape) differ in rank")
            a[axis] = 0; b[axis] = 0
            precondition(a == b, "concat: shapes \(first) and \(node.shape) differ off axis \(axis)")
        }
        let inner = first[(axis + 1)...].reduce(1, *)
        let layout = ConcatLayout(outer: first[..<axis].reduce(1, *), chunks: nodes.map { $0.shape[axis] * inner })
        var shape = first
        shape[axis] = nodes.reduce(0) { $0 + $1.shape[axis] }
        return append(.concat(nodes.map(\.id), layout), shape: shape)
    }
}

// MARK: Fused jet activation

extension Node {
    /// The activation applied to a forward-mode jet stack in one fused pass (see `JetLayout`):
    /// for this stacked pre-activation Z [layout.totalRows, n] and bias [n] or [1,n], returns the
    /// stack of h = σ(z), h_c = σ'(z)·z_c and h_ij = σ''(z)·z_i·z_j + σ'(z)·z_ij, where z = primal
    /// row + bias and the bias enters the primal rows only. Same values as composing the ops.
    public func jetActivation(_ activation: JetActivation<T>, bias: Node<T>, layout: JetLayout) -> Node<T> {
        sameGraph(bias, "jetActivation")
        precondition(shape.count == 2 && shape[0] == layout.totalRows,
                     "jetActivation: input shape \(shape) does not have the \(layout.totalRows) rows of \(layout)")
        precondition(bias.count == shape[1] && (bias.shape.count == 1 || (bias.shape.count == 2 && bias.shape[0] == 1)),
                     "jetActivation: bias shape \(bias.shape) is not [\(shape[1])] or [1,\(shape[1])] for input \(shape)")
        if case .snake(let alpha) = activation { precondition(alpha != 0, "jetActivation: snake alpha must be non-zero") }
        graph.reserveScratch(jetScratchPerPart * 2 * shape[1])
        return graph.append(.jetActivation(id, bias: bias.id, activation, layout), shape: shape)
    }
}
