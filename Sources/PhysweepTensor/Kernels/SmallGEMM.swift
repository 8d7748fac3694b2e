/// Products this small (multiply-adds) skip BLAS: OpenBLAS's fixed cost per call (argument checks,
/// packing, scaling C by beta) exceeds the arithmetic, e.g. for the [25,1]·[1,64] input layer.
let smallGEMMLimit = 4096

/// Products of at least this many multiply-adds (and 2 rows) run as two halves of the rows of C,
/// each a single-threaded OpenBLAS call, the second on the helper thread when two threads are set.
/// The split depends on the size only, so one thread gives the same bits as two.
let splitGEMMLimit = 4_000_000

/// C = op(A)·op(B) + beta·C on row-major matrices: OpenBLAS for all but tiny products (large ones
/// in two halves of the rows, see `splitGEMMLimit`); tiny ones by the AVX2 kernel where the CPU has
/// it, else a plain loop nest (the same operation, so callers need not care which runs).
@_specialize(where T == Float)
@_specialize(where T == Double)
func gemm<T: TensorScalar>(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                           a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
                           beta: T, c: UnsafeMutablePointer<T>, ldc: Int) {
    guard m * n * k <= smallGEMMLimit else {
        func rows(_ range: Range<Int>) {
            // OpenBLAS clears C for beta 0 with its generic scaling loop (sgemm_beta: 5–7 % of the
            // osc-mlp step); a memset per row is several times cheaper and gives the same bits, since
            // OpenBLAS adds the product onto the cleared C either way.
            if beta == 0 {
                for i in range { (c + i * ldc).update(repeating: 0, count: n) }
            }
            // Rows of op(A) are rows of A, or columns of A when it is transposed.
            T.gemm(transposeA: transposeA, transposeB: transposeB, m: range.count, n: n, k: k, alpha: 1,
                   a: a + range.lowerBound * (transposeA ? 1 : lda), lda: lda, b: b, ldb: ldb,
                   beta: beta == 0 ? 1 : beta, c: c + range.lowerBound * ldc, ldc: ldc)
        }
        if m * n * k >= splitGEMMLimit && m >= 2 {
            VectorKernels.inTwoParts { part in rows(part == 0 ? 0..<(m / 2) : (m / 2)..<m) }
        } else {
            rows(0..<m)
        }
        return
    }
    if VectorKernels.tinyGEMM(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                              b: b, ldb: ldb, beta: beta, c: c, ldc: ldc) { return }
    for i in 0..<m {
        let row = c + i * ldc
        if beta == 0 { row.update(repeating: 0, count: n) } else if beta != 1 { for j in 0..<n { row[j] *= beta } }
        for p in 0..<k {
            let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
            if transposeB {
                for j in 0..<n { row[j] += aip * b[j * ldb + p] }
            } else {
                let bp = b + p * ldb
                for j in 0..<n { row[j] += aip * bp[j] }
            }
        }
    }
}

extension TensorScalar {
    /// C = op(A)·op(B) + beta·C exactly as the graph's matrix products compute it (OpenBLAS, in two
    /// halves for large products; tiny ones by the AVX2 kernel / loop nest); for benchmarks.
    public static func graphGEMM(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                 a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                                 beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int) {
        PhysweepTensor.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}
