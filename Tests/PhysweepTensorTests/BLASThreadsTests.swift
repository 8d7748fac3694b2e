@testable import PhysweepTensor
import XCTest

/// Large products run as two halves of the rows of C (each one OpenBLAS call): the result equals
/// OpenBLAS's whole product, and one thread gives the same bits as two.
final class BLASThreadsTests: XCTestCase {
    /// The count comes from a spec or a peer's TASK: a count beyond 32 bits is clamped, not trapped.
    func testCountsBeyond32BitsAreClamped() {
        let saved = BLASThreads.current
        defer { BLASThreads.set(saved) }
        BLASThreads.set(.max)
        XCTAssertEqual(BLASThreads.current, Int(Int32.max))
    }

    func testLargeProductsInTwoHalvesMatchOneCall() {
        let saved = BLASThreads.current
        defer { BLASThreads.set(saved) }
        var generator = SeededGenerator(seed: 12)
        for (m, n, k, transposeA, transposeB) in [(1_601, 50, 50, false, false), (1_601, 50, 50, false, true),
                                                  (50, 50, 1_601, true, false)] {
            XCTAssertGreaterThanOrEqual(m * n * k, splitGEMMLimit)
            let a = generator.uniform(m * k, in: -1...1), b = generator.uniform(k * n, in: -1...1)
            let lda = transposeA ? m : k, ldb = transposeB ? k : n
            var whole = [Double](repeating: 0, count: m * n)
            Double.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda,
                        b: b, ldb: ldb, beta: 0, c: &whole, ldc: n)
            var halves: [[Double]] = []
            for threads in [1, 2] {
                BLASThreads.set(threads)
                var c = [Double](repeating: 0, count: m * n)
                gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                     beta: 0, c: &c, ldc: n)
                halves.append(c)
            }
            XCTAssertEqual(halves[0], halves[1], "m \(m) n \(n) k \(k): 1 and 2 threads differ")
            let error = zip(halves[0], whole).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(error, 1e-12, "m \(m) n \(n) k \(k) Aᵀ \(transposeA) Bᵀ \(transposeB)")
        }
    }
}
