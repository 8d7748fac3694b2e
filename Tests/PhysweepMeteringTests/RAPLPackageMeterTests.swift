import Foundation
import XCTest
@testable import PhysweepMetering

final class RAPLPackageMeterTests: XCTestCase {
    private func open(_ sysfs: FakePowercap) throws -> RAPLPackageMeter {
        try RAPLPackageMeter.open(sysfsRoot: sysfs.root).get()
    }

    private func joules(_ meter: RAPLPackageMeter) throws -> Double {
        meter.sample()
        return try meter.joules.get()
    }

    func testSumsPackageDomainsAndIgnoresSubDomains() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:1", name: "package-1", energyMicrojoules: 5_000_000)
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 1_000_000)
        try sysfs.addDomain("intel-rapl:0:0", name: "core", energyMicrojoules: 0)
        try sysfs.addDomain("intel-rapl:2", name: "psys", energyMicrojoules: 0)
        try sysfs.addDomain("intel-rapl-mmio:0", name: "package-0", energyMicrojoules: 0)
        let meter = try open(sysfs)
        XCTAssertEqual(meter.domains.map(\.name), ["package-0", "package-1"])
        XCTAssertEqual(meter.label, "rapl:package-0+package-1(whole-package)")

        try sysfs.setEnergy("intel-rapl:0", microjoules: 3_500_000)  // +2.5 J
        try sysfs.setEnergy("intel-rapl:1", microjoules: 6_000_000)  // +1 J
        try sysfs.setEnergy("intel-rapl:0:0", microjoules: 900_000_000)  // must not count
        try sysfs.setEnergy("intel-rapl:2", microjoules: 900_000_000)
        try sysfs.setEnergy("intel-rapl-mmio:0", microjoules: 900_000_000)
        XCTAssertEqual(try joules(meter), 3.5, accuracy: 1e-12)
    }

    func testCounterWrapBetweenReadingsIsAddedBack() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 9_000_000, rangeMicrojoules: 10_000_000)
        let meter = try open(sysfs)
        try sysfs.setEnergy("intel-rapl:0", microjoules: 500_000)  // 1 J to the top, then 0.5 J after the wrap
        XCTAssertEqual(try joules(meter), 1.5, accuracy: 1e-12)
    }

    func testSamplesAccumulateSoSuccessiveWrapsAreAllCounted() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 0, rangeMicrojoules: 10_000_000)
        let meter = try open(sysfs)
        for value: UInt64 in [6_000_000, 2_000_000, 8_000_000, 4_000_000] {  // wraps twice, 24 J in all
            try sysfs.setEnergy("intel-rapl:0", microjoules: value)
            meter.sample()
        }
        XCTAssertEqual(try meter.joules.get(), 24, accuracy: 1e-12)
    }

    func testWrapArithmetic() {
        XCTAssertEqual(RAPLPackageMeter.consumed(from: 10, to: 25, range: 100), 15)
        XCTAssertEqual(RAPLPackageMeter.consumed(from: 90, to: 5, range: 100), 15)
        XCTAssertEqual(RAPLPackageMeter.consumed(from: 7, to: 7, range: 100), 0)
    }

    func testTopLevelDomainNames() {
        XCTAssertEqual(RAPLPackageMeter.topLevelIndex("intel-rapl:3"), 3)
        XCTAssertNil(RAPLPackageMeter.topLevelIndex("intel-rapl:0:1"))
        XCTAssertNil(RAPLPackageMeter.topLevelIndex("intel-rapl"))
        XCTAssertNil(RAPLPackageMeter.topLevelIndex("intel-rapl-mmio:0"))
    }

    func testMissingPowercapIsReported() throws {
        let sysfs = try FakePowercap()
        let root = sysfs.root + "/no-such-sysfs"
        XCTAssertEqual(RAPLPackageMeter.open(sysfsRoot: root).failure, .noPowercap(path: root + "/class/powercap"))
    }

    func testPowercapWithoutPackagesIsReported() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0:0", name: "core", energyMicrojoules: 0)
        XCTAssertEqual(RAPLPackageMeter.open(sysfsRoot: sysfs.root).failure,
                       .noPackageDomains(path: sysfs.root + "/class/powercap"))
    }

    func testMissingCounterOfOnePackageDisablesRAPL() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 1)
        try sysfs.addDomain("intel-rapl:1", name: "package-1", energyMicrojoules: 1)
        try FileManager.default.removeItem(atPath: sysfs.energyPath("intel-rapl:1"))
        XCTAssertEqual(RAPLPackageMeter.open(sysfsRoot: sysfs.root).failure,
                       .unreadable(path: sysfs.energyPath("intel-rapl:1")))
    }

    func testPermissionDeniedCounterDisablesRAPL() throws {
        try XCTSkipIf(geteuid() == 0, "root reads files whatever their mode")
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 1)
        try FileManager.default.setAttributes([.posixPermissions: 0o200], ofItemAtPath: sysfs.energyPath("intel-rapl:0"))
        XCTAssertEqual(RAPLPackageMeter.open(sysfsRoot: sysfs.root).failure,
                       .unreadable(path: sysfs.energyPath("intel-rapl:0")))
    }

    func testCounterThatBecomesUnreadableMidPhaseIsReported() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 1)
        let meter = try open(sysfs)
        try "garbage".write(toFile: sysfs.energyPath("intel-rapl:0"), atomically: false, encoding: .utf8)
        meter.sample()
        XCTAssertEqual(meter.joules.failure, .unreadable(path: sysfs.energyPath("intel-rapl:0")))
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
