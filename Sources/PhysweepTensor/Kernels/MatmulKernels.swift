/// C[m,n] = A[m,k]·B[k,n].
func matmulForward<T: TensorScalar>(m: Int, k: Int, n: Int, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
                                    _ c: UnsafeMutablePointer<T>) {
    gemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n,
           beta: 0, c: c, ldc: n)
}

/// dA (+)= dC·Bᵀ.
func matmulBackwardLeft<T: TensorScalar>(m: Int, k: Int, n: Int, g: UnsafePointer<T>, _ b: UnsafePointer<T>,
                                         ga: UnsafeMutablePointer<T>, accumulate: Bool) {
    gemm(transposeA: false, transposeB: true, m: m, n: k, k: n, a: g, lda: n, b: b, ldb: n,
           beta: accumulate ? 1 : 0, c: ga, ldc: k)
}

/// dB (+)= Aᵀ·dC.
func matmulBackwardRight<T: TensorScalar>(m: Int, k: Int, n: Int, g: UnsafePointer<T>, _ a: UnsafePointer<T>,
                                          gb: UnsafeMutablePointer<T>, accumulate: Bool) {
    gemm(transposeA: true, transposeB: false, m: k, n: n, k: m, a: a, lda: k, b: g, ldb: n,
           beta: accumulate ? 1 : 0, c: gb, ldc: n)
}

/// C[m,n] = A·B + bias (bias repeated on every row): bias copied in, then one GEMM with beta 1.
@_specialize(where T == Float)
@_specialize(where T == Double)
func linearForward<T: TensorScalar>(m: Int, k: Int, n: Int, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
                                    bias: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>) {
    for i in 0..<m { (c + i * n).update(from: bias, count: n) }
    gemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n,
           beta: 1, c: c, ldc: n)
}

/// dbias (+)= column sums of dC.
@_specialize(where T == Float)
@_specialize(where T == Double)
func columnSums<T: TensorScalar>(m: Int, n: Int, g: UnsafePointer<T>, gb: UnsafeMutablePointer<T>,
                                 accumulate: Bool) {
    if !accumulate { gb.update(repeating: 0, count: n) }
    for i in 0..<m {
        let row = g + i * n
        for j in 0..<n { gb[j] += row[j] }
    }
}
