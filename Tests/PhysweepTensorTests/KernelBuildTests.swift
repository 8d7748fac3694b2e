import Foundation
@testable import PhysweepTensor
import XCTest

/// Which kernel path this build runs: the AVX2 + FMA kernels are compiled in on x86-64 unless the
/// build was made with PHYSWEEP_PORTABLE_KERNELS=1 (CI's second run, which must really test the
/// portable path), and never on other architectures; without them nothing can switch them on and
/// every kernel call declines, so the portable Swift loops run.
final class KernelBuildTests: XCTestCase {
    func testKernelsAreCompiledInExactlyWhenTheBuildAsksForThem() {
        let portable = ProcessInfo.processInfo.environment["PHYSWEEP_PORTABLE_KERNELS"] == "1"
        #if arch(x86_64)
        XCTAssertEqual(VectorKernels.isCompiled, !portable,
                       "PHYSWEEP_PORTABLE_KERNELS=\(portable ? "1" : "unset") at test time, but the build \(VectorKernels.isCompiled ? "has" : "lacks") the AVX2 kernels: build and test with the same environment")
        #else
        XCTAssertFalse(VectorKernels.isCompiled)
        #endif
    }

    func testWithoutTheKernelsOnlyThePortablePathRuns() throws {
        try XCTSkipIf(VectorKernels.isCompiled, "this build has the AVX2 kernels")
        defer { VectorKernels.isEnabled = true }
        VectorKernels.isEnabled = true
        XCTAssertFalse(VectorKernels.isSupported)
        XCTAssertFalse(VectorKernels.isEnabled)
        var forEachPath: [Bool] = []
        forEachKernelPath { forEachPath.append(VectorKernels.isEnabled) }
        XCTAssertEqual(forEachPath, [false])
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8]
        var c: [Double] = [0, 0, 0, 0]
        XCTAssertFalse(VectorKernels.tinyGEMM(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, a: a, lda: 2,
                                              b: b, ldb: 2, beta: 0, c: &c, ldc: 2))
        XCTAssertEqual(c, [0, 0, 0, 0])
        var y: [Double] = [0, 0]
        XCTAssertFalse(VectorKernels.tanh([0.5, -1], &y, 2))
        XCTAssertFalse(VectorKernels.sine([0.5, -1], &y, 2, cosine: false))
        XCTAssertEqual(y, [0, 0])
    }
}
