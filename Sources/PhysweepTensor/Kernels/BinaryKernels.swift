/// Runs `body` with element accessors for one result row of a broadcast: each operand either walks
/// the row (stride 1) or repeats one value (stride 0). Branching here, outside the loops, gives the
/// compiler four straight-line loops it can vectorize.
@inline(__always)
private func withRowAccessors<T: TensorScalar>(
    _ layout: BroadcastLayout, row i: Int, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
    _ body: ((Int) -> T, (Int) -> T) -> Void
) {
    let ar = a + i * layout.left.rowStride(columns: layout.columns)
    let br = b + i * layout.right.rowStride(columns: layout.columns)
    switch (layout.left.columnStride, layout.right.columnStride) {
    case (1, 1): body({ ar[$0] }, { br[$0] })
    case (1, _): let bv = br[0]; body({ ar[$0] }, { _ in bv })
    case (_, 1): let av = ar[0]; body({ _ in av }, { br[$0] })
    default: let av = ar[0], bv = br[0]; body({ _ in av }, { _ in bv })
    }
}

@inline(__always)
private func broadcastApply<T: TensorScalar>(_ layout: BroadcastLayout, _ a: UnsafePointer<T>,
                                             _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>,
                                             _ f: (T, T) -> T) {
    let columns = layout.columns
    for i in 0..<layout.rows {
        let o = out + i * columns
        withRowAccessors(layout, row: i, a, b) { av, bv in
            for j in 0..<columns { o[j] = f(av(j), bv(j)) }
        }
    }
}

/// out = a ∘ b with broadcasting.
@_specialize(where T == Float)
@_specialize(where T == Double)
func binaryForward<T: TensorScalar>(_ op: BinaryOperator, _ layout: BroadcastLayout, _ a: UnsafePointer<T>,
                                    _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
    switch op {
    case .add: broadcastApply(layout, a, b, out) { $0 + $1 }
    case .subtract: broadcastApply(layout, a, b, out) { $0 - $1 }
    case .multiply: broadcastApply(layout, a, b, out) { $0 * $1 }
    case .divide: broadcastApply(layout, a, b, out) { $0 / $1 }
    }
}

/// gx (+)= Σ term(g, a, b, out) over the result elements that broadcast from each element of the
/// operand laid out as `target` (a full operand gets one term per element, a row the column sums...).
@inline(__always)
private func broadcastGradient<T: TensorScalar>(
    _ layout: BroadcastLayout, target: OperandLayout, a: UnsafePointer<T>, b: UnsafePointer<T>,
    out: UnsafePointer<T>, g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, accumulate: Bool,
    _ term: (T, T, T, T) -> T
) {
    let rows = layout.rows, columns = layout.columns
    if target == .row && !accumulate { gx.update(repeating: 0, count: columns) }
    if target == .scalar && !accumulate { gx[0] = 0 }
    for i in 0..<rows {
        let gr = g + i * columns, o = out + i * columns
        withRowAccessors(layout, row: i, a, b) { av, bv in
            switch target {
            case .full:
                store(gx + i * columns, columns, accumulate: accumulate) { j in term(gr[j], av(j), bv(j), o[j]) }
            case .row:
                for j in 0..<columns { gx[j] += term(gr[j], av(j), bv(j), o[j]) }
            case .column, .scalar:
                var s: T = 0
                for j in 0..<columns { s += term(gr[j], av(j), bv(j), o[j]) }
                let index = target == .column ? i : 0
                gx[index] = (accumulate || target == .scalar) ? gx[index] + s : s
            }
        }
    }
}

/// Gradient of `a ∘ b` w.r.t. operand `slot` (0: a, 1: b), written or added into gx.
@_specialize(where T == Float)
@_specialize(where T == Double)
func binaryBackward<T: TensorScalar>(_ op: BinaryOperator, _ layout: BroadcastLayout, slot: Int,
                                     a: UnsafePointer<T>, b: UnsafePointer<T>, out: UnsafePointer<T>,
                                     g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, accumulate: Bool) {
    let target = slot == 0 ? layout.left : layout.right
    func run(_ term: (T, T, T, T) -> T) {
        broadcastGradient(layout, target: target, a: a, b: b, out: out, g: g, gx: gx,
                          accumulate: accumulate, term)
    }
    switch (op, slot) {
    case (.add, _), (.subtract, 0): run { g, _, _, _ in g }
    case (.subtract, _): run { g, _, _, _ in -g }
    case (.multiply, 0): run { g, _, b, _ in g * b }
    case (.multiply, _): run { g, a, _, _ in g * a }
    case (.divide, 0): run { g, _, b, _ in g / b }
    case (.divide, _): run { g, _, b, out in -g * out / b }
    }
}
