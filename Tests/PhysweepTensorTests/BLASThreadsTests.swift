import CPhysweepKernels
@testable import PhysweepTensor
import XCTest

/// OpenBLAS gets one thread for products below 4·10⁶ multiply-adds and the configured count above,
/// and is only re-set when that changes.
final class BLASThreadsTests: XCTestCase {
    func testThreadCountFollowsTheProductSize() {
        let saved = BLASThreads.current
        defer { BLASThreads.set(saved) }
        BLASThreads.set(2)
        XCTAssertEqual(pw_blas_threads_change(300 * 64 * 64), 1)
        XCTAssertEqual(pw_blas_threads_change(25 * 64 * 64), 0, "already one thread")
        XCTAssertEqual(pw_blas_threads_change(40_000 * 50 * 50), 2)
        XCTAssertEqual(pw_blas_threads_change(40_000 * 50 * 50), 0, "already two threads")
        XCTAssertEqual(BLASThreads.current, 2, "the configured count, whatever OpenBLAS was set to last")
        BLASThreads.set(1)
        XCTAssertEqual(pw_blas_threads_change(40_000 * 50 * 50), 0, "one thread configured")
    }
}
