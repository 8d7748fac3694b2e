/// A static computation graph ("define once, run many"): built once from code with fixed shapes,
/// then each training step sets inputs, runs `forward()` and `backward(from:)`, and an optimizer
/// updates the single contiguous parameter buffer. All buffers are allocated while building, so a
/// step allocates nothing. See docs/autodiff.md.
public final class Graph<T: TensorScalar> {
    struct Record {
        let operation: Operation<T>
        let shape: [Int]
        let count: Int
        /// Offset into the value arena, or into the parameter buffer for parameters.
        let valueOffset: Int
        /// Offset into the gradient arena (parameter-gradient buffer for parameters); -1 if none.
        let gradientOffset: Int
        /// Whether some parameter influences this node, i.e. it needs a gradient.
        let requiresGradient: Bool

        var isParameter: Bool {
            if case .parameter = operation { return true }
            return false
        }
    }

    private(set) var records: [Record] = []
    let values = Arena<T>()
    let gradients = Arena<T>()
    let parameters = Arena<T>(capacity: 256)
    let parameterGradients = Arena<T>(capacity: 256)
    /// Work space shared by fused kernels (execution is sequential, so one suffices).
    let scratch = Arena<T>(capacity: 256)

    /// Resolved pointers per node; rebuilt after nodes were added (arenas may have moved).
    var valuePointers: [UnsafeMutablePointer<T>] = []
    var gradientPointers: [UnsafeMutablePointer<T>] = []
    var pointersAreCurrent = false
    var backwardPlans: [Int: BackwardPlan] = [:]
    /// `flopsPerForward`, computed once after the last node was added (forward() adds it per step).
    var cachedForwardFLOPs: Double?
    var lastBackwardLoss: Int?

    /// FLOPs of the forward and backward passes run since creation or the last `resetFLOPCounter()`,
    /// counted by the rules of docs/autodiff.md (2mkn per GEMM, one per element of any elementwise op):
    /// a count by convention, not of the machine's instructions.
    public internal(set) var executedFLOPs: Double = 0

    /// An empty graph.
    public init() {}

    /// Sets `executedFLOPs` back to zero.
    public func resetFLOPCounter() { executedFLOPs = 0 }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.used }

    /// The number of nodes built so far.
    public var nodeCount: Int { records.count }

    // MARK: Building

    /// Appends a node computed by `operation`; returns its handle.
    func append(_ operation: Operation<T>, shape: [Int]) -> Node<T> {
        let count = shape.reduce(1, *)
        let requiresGradient: Bool
        switch operation {
        case .parameter: requiresGradient = true
        case .input, .constant: requiresGradient = false
        default: requiresGradient = operation.operands.contains { records[$0].requiresGradient }
        }
        let valueOffset: Int, gradientOffset: Int
        if case .parameter = operation {
            valueOffset = parameters.append(count, aligned: false)
            gradientOffset = parameterGradients.append(count, aligned: false)
        } else {
            valueOffset = values.append(count)
            gradientOffset = requiresGradient ? gradients.append(count) : -1
        }
        records.append(Record(operation: operation, shape: shape, count: count, valueOffset: valueOffset,
                              gradientOffset: gradientOffset, requiresGradient: requiresGradient))
        pointersAreCurrent = false
        backwardPlans.removeAll()
        cachedForwardFLOPs = nil
        return Node(graph: self, id: records.count - 1, shape: shape)
    }

    /// Makes the shared scratch space hold at least `count` scalars.
    func reserveScratch(_ count: Int) {
        if scratch.used < count { _ = scratch.append(count - scratch.used, aligned: false) }
    }

    /// An input whose value is set before each `forward()` (zero until set).
    public func input(shape: [Int]) -> Node<T> {
        append(.input, shape: shape)
    }

    /// A trainable parameter with an initial value; all parameters share one contiguous buffer,
    /// in creation order.
    public func parameter(_ initial: Tensor<T>) -> Node<T> {
        let node = append(.parameter, shape: initial.shape)
        initial.scalars.withUnsafeBufferPointer {
            if let source = $0.baseAddress {
                (parameters.base + records[node.id].valueOffset).update(from: source, count: $0.count)
            }
        }
        return node
    }

    /// A fixed value.
    public func constant(_ value: Tensor<T>) -> Node<T> {
        let node = append(.constant, shape: value.shape)
        write(value.scalars, into: node)
        return node
    }

    // MARK: Values in and out

    /// Sets the value of an input (or constant) node.
    public func set(_ node: Node<T>, _ value: Tensor<T>) {
        precondition(value.shape.reduce(1, *) == records[node.id].count,
                     "set: node \(node.id) has shape \(records[node.id].shape), value has shape \(value.shape)")
        write(value.scalars, into: node)
    }

    /// Sets the value of an input node from row-major scalars (count must match its shape).
    public func set(_ node: Node<T>, _ scalars: [T]) {
        write(scalars, into: node)
    }

    /// Sets the value of an input node from a buffer, copied straight into the graph.
    public func set(_ node: Node<T>, _ scalars: UnsafeBufferPointer<T>) {
        let record = records[node.id]
        precondition(!record.isParameter, "set: node \(node.id) is a parameter; use parameterVector")
        precondition(scalars.count == record.count,
                     "set: node \(node.id) of shape \(record.shape) needs \(record.count) scalars, got \(scalars.count)")
        if record.count > 0 { (values.base + record.valueOffset).update(from: scalars.baseAddress!, count: record.count) }
    }

    /// Writes directly into an input node's storage (no copy through an array).
    public func withInputBuffer<R>(_ node: Node<T>, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        let record = records[node.id]
        precondition(!record.isParameter, "withInputBuffer: node \(node.id) is a parameter")
        return try body(UnsafeMutableBufferPointer(start: values.base + record.valueOffset, count: record.count))
    }

    private func write(_ scalars: [T], into node: Node<T>) {
        scalars.withUnsafeBufferPointer { set(node, $0) }
    }

    /// The current value of a node (as computed by the last `forward()`).
    public func value(_ node: Node<T>) -> Tensor<T> {
        let record = records[node.id]
        let base = record.isParameter ? parameters.base : values.base
        return Tensor(shape: record.shape,
                      scalars: Array(UnsafeBufferPointer(start: base + record.valueOffset, count: record.count)))
    }

    /// The value of a one-element node.
    public func scalar(_ node: Node<T>) -> T {
        let record = records[node.id]
        precondition(record.count == 1, "scalar: node \(node.id) has shape \(record.shape), not one element")
        return (record.isParameter ? parameters.base : values.base)[record.valueOffset]
    }

    /// The gradient of the last `backward(from:)` loss with respect to a node (zeros if it has none).
    public func gradient(_ node: Node<T>) -> Tensor<T> {
        let record = records[node.id]
        guard record.gradientOffset >= 0 else { return Tensor(zeros: record.shape) }
        let base = record.isParameter ? parameterGradients.base : gradients.base
        return Tensor(shape: record.shape,
                      scalars: Array(UnsafeBufferPointer(start: base + record.gradientOffset, count: record.count)))
    }

    /// All parameters, concatenated in creation order (a copy).
    public var parameterVector: [T] {
        get { Array(UnsafeBufferPointer(start: parameters.base, count: parameters.used)) }
        set {
            precondition(newValue.count == parameters.used,
                         "parameterVector: graph has \(parameters.used) parameters, got \(newValue.count)")
            newValue.withUnsafeBufferPointer {
                if let source = $0.baseAddress { parameters.base.update(from: source, count: $0.count) }
            }
        }
    }

    /// The gradient of the last backward pass w.r.t. all parameters, in `parameterVector` order (a copy).
    public var gradientVector: [T] {
        Array(UnsafeBufferPointer(start: parameterGradients.base, count: parameterGradients.used))
    }

    /// Zero-copy access to (parameters, gradients): the optimizer's hot path.
    public func withParameterBuffers<R>(
        _ body: (UnsafeMutableBufferPointer<T>, UnsafeBufferPointer<T>) throws -> R
    ) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: parameters.base, count: parameters.used),
                 UnsafeBufferPointer(start: parameterGradients.base, count: parameterGradients.used))
    }

    /// The parameter slice of one parameter node within `parameterVector`.
    public func parameterRange(_ node: Node<T>) -> Range<Int> {
        let record = records[node.id]
        precondition(record.isParameter, "parameterRange: node \(node.id) is not a parameter")
        return record.valueOffset..<(record.valueOffset + record.count)
    }

    // MARK: Pointers

    func refreshPointersIfNeeded() {
        guard !pointersAreCurrent else { return }
        valuePointers = records.map { ($0.isParameter ? parameters.base : values.base) + $0.valueOffset }
        gradientPointers = records.map {
            $0.gradientOffset < 0 ? gradients.base : ($0.isParameter ? parameterGradients.base : gradients.base) + $0.gradientOffset
        }
        pointersAreCurrent = true
    }
}
