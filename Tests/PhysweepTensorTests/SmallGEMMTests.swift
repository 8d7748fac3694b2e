@testable import PhysweepTensor
import XCTest

final class SmallGEMMTests: XCTestCase {
    /// The loop nest used for small products (and the vectorized kernel where the CPU has it) agrees
    /// with BLAS for every transpose and beta.
    func testSmallProductsMatchBLAS() {
        forEachKernelPath(smallProductsMatchBLAS)
    }

    private func smallProductsMatchBLAS() {
        let (m, n, k) = (5, 7, 3)
        var generator = SeededGenerator(seed: 41)
        let a = generator.uniform(m * k, in: -1...1), b = generator.uniform(k * n, in: -1...1)
        let start = generator.uniform(m * n, in: -1...1)
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                for beta in [0.0, 1.0, 0.5] {
                    let lda = transposeA ? m : k, ldb = transposeB ? k : n
                    var loop = start, blas = start
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                         b: b, ldb: ldb, beta: beta, c: &loop, ldc: n)
                    Double.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                                a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &blas, ldc: n)
                    for (x, y) in zip(loop, blas) { XCTAssertEqual(x, y, accuracy: 1e-14) }
                }
            }
        }
    }
}
