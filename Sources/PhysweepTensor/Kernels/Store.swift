/// Writes `term(i)` for i in 0..<count into `destination`, adding to what is there when
/// `accumulate` (a gradient's second and later contributions) and overwriting otherwise (its first),
/// which saves zeroing every gradient buffer before each backward pass.
@inline(__always)
func store<T: TensorScalar>(_ destination: UnsafeMutablePointer<T>, _ count: Int, accumulate: Bool,
                            _ term: (Int) -> T) {
    if accumulate {
        for i in 0..<count { destination[i] += term(i) }
    } else {
        for i in 0..<count { destination[i] = term(i) }
    }
}
