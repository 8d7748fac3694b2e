/// How one operand of a broadcasting binary op is laid out against the result seen as [rows, columns].
enum OperandLayout: Sendable {
    case full, row, column, scalar

    /// Elements to advance per result column.
    var columnStride: Int {
        switch self {
        case .full, .row: return 1
        case .column, .scalar: return 0
        }
    }

    /// Elements to advance per result row, for a result with `columns` columns.
    func rowStride(columns: Int) -> Int {
        switch self {
        case .full: return columns
        case .column: return 1
        case .row, .scalar: return 0
        }
    }
}

/// The broadcast of two shapes (NumPy rules), reduced to a [rows, columns] pattern per operand.
/// Every pattern a two-axis split can express is supported (same shape, row vector, column vector,
/// scalar, outer sums); anything else is refused with both shapes named.
struct BroadcastLayout: Sendable {
    let rows: Int
    let columns: Int
    let left: OperandLayout
    let right: OperandLayout

    /// The NumPy broadcast shape of `a` and `b`, or nil when they are incompatible.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (x, y) in zip(pa, pb) {
            guard x == y || x == 1 || y == 1 else { return nil }
            result.append(x == 1 ? y : x)
        }
        return result
    }

    /// The layout for `a op b`, with the result shape; stops with a message naming both shapes.
    static func make(_ a: [Int], _ b: [Int], operation: String) -> (shape: [Int], layout: BroadcastLayout) {
        guard let shape = broadcastShape(a, b) else {
            preconditionFailure("\(operation): shapes \(a) and \(b) do not broadcast")
        }
        let rank = shape.count
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        // Try every split of the axes into [rows | columns]; pick the first both operands fit.
        for split in 0...rank {
            if let left = classify(pa, against: shape, split: split),
               let right = classify(pb, against: shape, split: split) {
                let rows = shape[..<split].reduce(1, *), columns = shape[split...].reduce(1, *)
                // Operands that vary the same way over the whole result run as one flat row.
                if (left == .full || left == .scalar) && (right == .full || right == .scalar) {
                    return (shape, BroadcastLayout(rows: 1, columns: rows * columns, left: left, right: right))
                }
                return (shape, BroadcastLayout(rows: rows, columns: columns, left: left, right: right))
            }
        }
        preconditionFailure("\(operation): broadcasting \(a) against \(b) needs a pattern other than "
                            + "row/column/scalar, which is not supported")
    }

    private static func classify(_ s: [Int], against shape: [Int], split: Int) -> OperandLayout? {
        let outerSame = s[..<split] == shape[..<split], innerSame = s[split...] == shape[split...]
        let outerOnes = s[..<split].allSatisfy { $0 == 1 }, innerOnes = s[split...].allSatisfy { $0 == 1 }
        if outerSame && innerSame { return .full }
        if outerOnes && innerOnes { return .scalar }
        if outerOnes && innerSame { return .row }
        if outerSame && innerOnes { return .column }
        return nil
    }
}
