/// FLOP counting rules (docs/autodiff.md): a GEMM [m,k]·[k,n] costs 2mkn forward and 2mkn per
/// operand gradient; every elementwise op, reduction element and broadcast element costs 1 forward
/// and 1 per operand gradient; copies (concat, slice, set) cost nothing.
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
        }
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
        }
    }
}
