import Foundation
@testable import PhysweepTensor
import XCTest

/// Which kernel path this build runs: the AVX2 + FMA kernels are compiled in on x86-64 unless the
/// build was made with PHYSWEEP_PORTABLE_KERNELS=1 (CI's second run, which must really test the
/// portable path), and never on other architectures; without them nothing can switch them on and
/// every kernel call declines, so the portable Swift loops run. And the C sources compile for arm64.
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

    /// The kernel sources compile for arm64 Linux and macOS (syntax and semantics, freestanding so no
    /// arm64 C library is needed; threads.c is plain pthreads and has no x86 code): no x86 header,
    /// intrinsic or CPU-feature builtin outside the x86-64 guard of kernels_arch.h.
    func testKernelSourcesCompileForArm64() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/CPhysweepKernels").standardizedFileURL
        let files = ["gemm.c", "sine.c", "tanh.c", "portable.c", "kernels_state.c"]
        for target in ["aarch64-unknown-linux-gnu", "arm64-apple-macos13"] {
            let clang = Process()
            clang.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            clang.arguments = ["clang", "--target=\(target)", "-ffreestanding", "-fsyntax-only", "-Wall", "-Werror",
                               "-I", sources.appendingPathComponent("include").path]
                + files.map { sources.appendingPathComponent($0).path }
            let errors = Pipe()
            clang.standardError = errors
            try clang.run()
            let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            clang.waitUntilExit()
            if clang.terminationStatus == 127 { throw XCTSkip("no clang on PATH") }
            XCTAssertEqual(clang.terminationStatus, 0, "\(target):\n\(output)")
        }
    }
}
