import CPhysweepKernels
@testable import PhysweepTensor
import XCTest

/// The AVX2 + FMA kernels against OpenBLAS, FastMath and the portable Adam loop (skipped on CPUs
/// without them).
final class VectorKernelTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(VectorKernels.isSupported, "this CPU has no AVX2 + FMA; only the portable path runs")
        VectorKernels.isEnabled = true
    }

    /// Tiny shapes (at most 4 096 multiply-adds) around every edge of the register tile (6 rows ×
    /// 8 Double / 16 Float columns) and of the K-chunk (256), plus the models' thin products
    /// (k = 1, n = 1).
    private let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (5, 7, 3), (6, 8, 4), (7, 17, 5), (13, 16, 1), (25, 1, 64), (64, 1, 25), (1, 64, 25),
        (25, 64, 2), (7, 19, 30), (3, 2, 600), (1, 1, 4_096),
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
                        XCTAssertTrue(VectorKernels.tinyGEMM(transposeA: transposeA, transposeB: transposeB, m: m,
                                                             n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
                                                             c: &kernel, ldc: n))
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

    /// Anything above 4 096 multiply-adds is left to OpenBLAS: the kernel refuses and leaves C alone.
    func testLargerProductsAreRefused() {
        let a = [Double](repeating: 1, count: 25 * 64), b = [Double](repeating: 1, count: 64 * 64)
        var c = [Double](repeating: 7, count: 25 * 64)
        XCTAssertFalse(VectorKernels.tinyGEMM(transposeA: false, transposeB: false, m: 25, n: 64, k: 64, a: a, lda: 64,
                                              b: b, ldb: 64, beta: 0, c: &c, ldc: 64))
        XCTAssertEqual(Set(c), [7])
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

    /// The vectorized tanh equals fastTanh exactly, in place and out of place, over arguments up to
    /// beyond the clamp of 2|x| (40 for Double, 20 for Float), both signs.
    func testTanhMatchesFastMathBitForBit() {
        tanhMatchesFastMath(Float.self)
        tanhMatchesFastMath(Double.self)
    }

    private func tanhMatchesFastMath<T: TensorScalar>(_: T.Type) {
        var generator = SeededGenerator(seed: 9)
        let x = (generator.uniform(1_003, in: -30...30) + generator.uniform(1_003, in: -1e-3...1e-3) + [0]).map { T($0) }
        var outOfPlace = [T](repeating: 0, count: x.count), inPlace = x
        XCTAssertTrue(VectorKernels.tanh(x, &outOfPlace, x.count))
        inPlace.withUnsafeMutableBufferPointer {
            XCTAssertTrue(VectorKernels.tanh($0.baseAddress!, $0.baseAddress!, x.count))
        }
        let expected = x.map { fastTanh($0) }
        XCTAssertEqual(outOfPlace, expected, "\(T.self)")
        XCTAssertEqual(inPlace, expected, "\(T.self) in place")
    }

    /// The one-pass Snake kernels (value, gradient overwritten and accumulated) equal the portable
    /// loops of `unaryForward` / `unaryBackward` exactly.
    func testSnakeMatchesThePortableLoopsBitForBit() {
        snakeMatchesPortableLoops(Float.self)
        snakeMatchesPortableLoops(Double.self)
    }

    private func snakeMatchesPortableLoops<T: TensorScalar>(_: T.Type) {
        defer { VectorKernels.isEnabled = true }
        var generator = SeededGenerator(seed: 10)
        let n = 1_003
        let x = generator.uniform(n, in: -40...40).map { T($0) }, g = generator.uniform(n, in: -2...2).map { T($0) }
        let start = generator.uniform(n, in: -1...1).map { T($0) }
        var results: [[[T]]] = []
        for enabled in [true, false] {
            VectorKernels.isEnabled = enabled
            var y = [T](repeating: 0, count: n), overwritten = start, accumulated = start
            unaryForward(.snake(alpha: T(1.7)), x, &y, n)
            unaryBackward(.snake(alpha: T(1.7)), x: x, y: y, g: g, gx: &overwritten, n, accumulate: false)
            unaryBackward(.snake(alpha: T(1.7)), x: x, y: y, g: g, gx: &accumulated, n, accumulate: true)
            results.append([y, overwritten, accumulated])
        }
        XCTAssertEqual(results[0], results[1], "\(T.self)")
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
