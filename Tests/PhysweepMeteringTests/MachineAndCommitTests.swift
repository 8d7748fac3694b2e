import Foundation
import XCTest
@testable import PhysweepMetering

final class MachineFingerprintTests: XCTestCase {
    func testCurrentMachineIsDescribed() throws {
        #if !os(Linux)
        throw XCTSkip("CPU model comes from /proc/cpuinfo")
        #else
        let machine = MachineFingerprint.current()
        XCTAssertNotEqual(machine.cpuModel, "unknown")
        XCTAssertGreaterThan(machine.logicalCores, 0)
        XCTAssertTrue(machine.os.hasPrefix("Linux "), machine.os)
        XCTAssertEqual(machine.os.split(separator: " ").count, 3, machine.os)
        XCTAssertFalse(machine.hostname.isEmpty)
        #endif
    }

    func testCPUModelIsTheFirstModelName() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\nprocessor\t: 1\nmodel name\t: other\n"
        XCTAssertEqual(MachineFingerprint.cpuModel(fromCPUInfo: cpuinfo), "AMD EPYC 7B13")
        XCTAssertEqual(MachineFingerprint.cpuModel(fromCPUInfo: "processor\t: 0\nHardware\t: BCM2835\n"), "BCM2835")
        XCTAssertNil(MachineFingerprint.cpuModel(fromCPUInfo: "processor\t: 0\n"))
    }
}

final class GitCommitTests: XCTestCase {
    func testEnvironmentVariableWins() {
        XCTAssertEqual(GitCommit.current(environment: ["PHYSWEEP_GIT_COMMIT": " abc123\n"]), "abc123")
    }

    func testDirectoryOutsideAnyCheckoutHasNoCommit() throws {
        let directory = NSTemporaryDirectory() + "physweep-no-git-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertNil(GitCommit.head(ofCheckoutAt: directory))
    }

    func testThisCheckoutHasAFullCommitHash() throws {
        let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        let checkout = URL(fileURLWithPath: sourceDirectory + "/../..").standardized.path
        let owner = try? FileManager.default.attributesOfItem(atPath: checkout + "/.git")[.ownerAccountID] as? NSNumber
        // git refuses to work in a checkout owned by another user ("dubious ownership").
        try XCTSkipUnless(owner?.uint32Value == geteuid(), "tests run outside a git checkout of their own")
        let commit = try XCTUnwrap(GitCommit.head(ofCheckoutAt: sourceDirectory))
        XCTAssertEqual(commit.count, 40)
        XCTAssertEqual(GitCommit.current(environment: [:]), commit)
    }
}

final class NVMLLibraryTests: XCTestCase {
    /// All that can be tested without an NVIDIA GPU: a missing library is nil, not a crash.
    func testAbsentLibraryIsNil() {
        XCTAssertNil(NVMLLibrary(path: "/nonexistent/libnvidia-ml.so.1"))
        XCTAssertNil(NVMLLibrary.shared(path: "/nonexistent/libnvidia-ml.so.1"))
    }
}
