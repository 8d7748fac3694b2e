import XCTest
@testable import PhysweepMetering

final class PeakMemoryTests: XCTestCase {
    func testParsesHighWaterMarkLine() {
        let status = "Name:\tswift\nVmPeak:\t  999 kB\nVmHWM:\t    1916 kB\nVmRSS:\t 1800 kB\n"
        XCTAssertEqual(PeakMemory.highWaterMarkKiB(inStatus: status), 1916)
        XCTAssertNil(PeakMemory.highWaterMarkKiB(inStatus: "Name:\tswift\n"))
    }

    /// Allocates `bytes` and writes to every page, so they become resident.
    private func touch(_ bytes: Int, while body: () -> Void) {
        let block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        defer { block.deallocate() }
        for page in stride(from: 0, to: bytes, by: 4096) { block.storeBytes(of: 1, toByteOffset: page, as: UInt8.self) }
        body()
    }

    func testPeakCoversMemoryTouchedDuringThePhase() throws {
        try XCTSkipUnless(PeakMemory.resetHighWaterMark(), "the kernel does not allow resetting the high-water mark")
        touch(64 << 20) {}
        XCTAssertGreaterThanOrEqual(PeakMemory.peakBytes(sinceReset: true), 64 << 20)
    }

    func testResetForgetsMemoryFreedBeforeThePhase() throws {
        touch(128 << 20) {}  // a large block is unmapped on free, so RSS drops back afterwards
        let peakBefore = PeakMemory.peakBytes(sinceReset: false)
        XCTAssertGreaterThanOrEqual(peakBefore, 128 << 20)
        try XCTSkipUnless(PeakMemory.resetHighWaterMark(), "the kernel does not allow resetting the high-water mark")
        XCTAssertLessThan(PeakMemory.peakBytes(sinceReset: true), peakBefore - (64 << 20))
    }
}
