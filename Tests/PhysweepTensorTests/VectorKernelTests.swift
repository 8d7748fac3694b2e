import CPhysweepKernels
@testable import PhysweepTensor
import XCTest

/// The AVX2 + FMA kernels against OpenBLAS and the portable Adam loop (skipped on CPUs without them).
final class VectorKernelTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(VectorKernels.isSupported, "this CPU has no AVX2 + FMA; only the portable path runs")
        VectorKernels.isEnabled = true
    }

    /// Shapes around every edge of the register tile (6 rows × 8 Double / 16 Float columns) and of
    /// the K-chunk (256; Aᵀ·B packs its chunks above 1 024), plus the thin products of the models
    /// (k = 1, n = 1).
    private let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (5, 7, 3), (6, 8, 4), (7, 17, 5), (13, 16, 1), (25, 64, 64), (25, 1, 64), (64, 64, 25),
        (50, 50, 300), (12, 33, 513), (300, 64, 1), (7, 19, 1_100), (13, 1, 1_300),
    ]

    func testDoubleProductsMatchBLAS() {
        productsMatchBLAS(Double.self, tolerance: 1e-13)
    }

    func testFloatProductsMatchBLAS() {
        productsMatchBLAS(Float.self, tolerance: 1e-5)
    }

    private func productsMatchBLAS<T: TensorScalar>(_: T.Type, tolerance: T) {
        var generator = SeededGenerator(seed: 5)
        for (m, n, k) in shapes {
            let a = generator.uniform(m * k, in: -1...1).map { T($0) }, b = generator.uniform(k * n, in: -1...1).map { T($0) }
            let start = generator.uniform(m * n, in: -1...1).map { T($0) }
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    for beta: T in [0, 1] {
                        let lda = transposeA ? m : k, ldb = transposeB ? k : n
                        var kernel = start, blas = start
                        XCTAssertTrue(VectorKernels.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n,
                                                         k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &kernel,
                                                         ldc: n))
                        T.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a,
                               lda: lda, b: b, ldb: ldb, beta: beta, c: &blas, ldc: n)
                        let error = zip(kernel, blas).map { abs($0 - $1) }.max()!
                        XCTAssertLessThanOrEqual(error, tolerance * T(k),
                                                 "\(T.self) m \(m) n \(n) k \(k) Aᵀ \(transposeA) Bᵀ \(transposeB) β \(beta)")
                    }
                }
            }
        }
    }

    /// Large products split their rows over two threads; every element is summed in the same order
    /// either way, so the results are bit-identical.
    func testTwoThreadsGiveTheSameBits() {
        let saved = BLASThreads.current
        defer { BLASThreads.set(saved) }
        var generator = SeededGenerator(seed: 9)
        for (m, n, k, transposeA) in [(2_000, 50, 50, false), (50, 50, 2_000, true), (3_001, 37, 41, false)] {
            let a = generator.uniform(m * k, in: -1...1), b = generator.uniform(k * n, in: -1...1)
            var results: [[Double]] = []
            for threads in [1, 2] {
                BLASThreads.set(threads)
                var c = [Double](repeating: 0, count: m * n)
                _ = VectorKernels.gemm(transposeA: transposeA, transposeB: false, m: m, n: n, k: k, a: a,
                                       lda: transposeA ? m : k, b: b, ldb: n, beta: 0, c: &c, ldc: n)
                results.append(c)
            }
            XCTAssertEqual(results[0], results[1], "m \(m) n \(n) k \(k)")
        }
    }

    /// The vectorized sines equal fastSin / fastCos exactly, in place and out of place, over
    /// arguments spanning many half-turns.
    func testSinesMatchFastMathBitForBit() {
        sinesMatchFastMath(Float.self)
        sinesMatchFastMath(Double.self)
    }

    private func sinesMatchFastMath<T: TensorScalar>(_: T.Type) {
        var generator = SeededGenerator(seed: 8)
        let x = generator.uniform(1_003, in: -300...300).map { T($0) }
        for cosine in [false, true] {
            var outOfPlace = [T](repeating: 0, count: x.count), inPlace = x
            XCTAssertTrue(VectorKernels.sine(x, &outOfPlace, x.count, cosine: cosine))
            inPlace.withUnsafeMutableBufferPointer {
                XCTAssertTrue(VectorKernels.sine($0.baseAddress!, $0.baseAddress!, x.count, cosine: cosine))
            }
            let expected = x.map { cosine ? fastCos($0) : fastSin($0) }
            XCTAssertEqual(outOfPlace, expected, "\(T.self) cosine \(cosine)")
            XCTAssertEqual(inPlace, expected, "\(T.self) cosine \(cosine) in place")
        }
    }

    /// The vectorized Adam step agrees with the portable loop (which uses a Newton square root and no
    /// FMA) to rounding, over several steps with L2 decay.
    func testAdamMatchesThePortableLoop() {
        var generator = SeededGenerator(seed: 3)
        let count = 37
        let start = generator.uniform(count, in: -1...1)
        var results: [[Double]] = []
        for enabled in [true, false] {
            VectorKernels.isEnabled = enabled
            var adam = Adam<Double>(learningRate: 0.01, weightDecay: 0.1)
            var parameters = start
            var gradients = SeededGenerator(seed: 4)
            for _ in 0..<5 {
                let gradient = gradients.uniform(count, in: -2...2)
                parameters.withUnsafeMutableBufferPointer { p in
                    gradient.withUnsafeBufferPointer { adam.step(parameters: p, gradient: $0) }
                }
            }
            results.append(parameters)
        }
        VectorKernels.isEnabled = true
        for (x, y) in zip(results[0], results[1]) { XCTAssertEqual(x, y, accuracy: 1e-14) }
        XCTAssertNotEqual(results[0], start)
    }
}
