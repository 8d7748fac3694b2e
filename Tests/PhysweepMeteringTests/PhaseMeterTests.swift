import XCTest
@testable import PhysweepMetering

final class PhaseMeterTests: XCTestCase {
    /// Settings that never see this machine's real counters or GPUs, so results do not depend on it.
    private func settings(sysfsRoot: String) -> MeterSettings {
        MeterSettings(tdpWatts: 65, logicalCores: 2, carbon: CarbonSettings(intensityGramsPerKWh: 400, pue: 1.2),
                      sysfsRoot: sysfsRoot, nvmlLibraryPath: nil)
    }

    /// Burns at least `seconds` of CPU time in floating-point work the optimiser cannot remove.
    private static func busyLoop(cpuSeconds seconds: Double) -> Double {
        let start = ProcessClocks.cpuSeconds()
        var x = 0.5
        while ProcessClocks.cpuSeconds() - start < seconds {
            for _ in 0..<10_000 { x = x * 3.9 * (1 - x) }
        }
        return x
    }

    func testWithoutCountersTheEnergyIsTheTDPEstimate() throws {
        let sysfs = try FakePowercap()  // empty powercap: no package domain
        let meter = PhaseMeter.start(settings: settings(sysfsRoot: sysfs.root))
        XCTAssertGreaterThan(Self.busyLoop(cpuSeconds: 0.05), 0)
        let cost = meter.stop(flops: 1e6)

        XCTAssertGreaterThan(cost.wallSeconds, 0)
        XCTAssertGreaterThanOrEqual(cost.cpuSeconds, 0.05)
        XCTAssertEqual(cost.flops, 1e6)
        XCTAssertGreaterThan(cost.peakRSSBytes, 0)
        XCTAssertEqual(cost.energy.source, .estimated)
        XCTAssertEqual(cost.energy.method, "tdp-share:65W/2cores")
        XCTAssertEqual(cost.energy.joules, 65 * cost.cpuSeconds / 2, accuracy: 1e-12)
        XCTAssertEqual(cost.co2Grams, cost.energy.joules / 3.6e6 * 1.2 * 400, accuracy: 1e-12)
        XCTAssertEqual(meter.raplUnavailable, .noPackageDomains(path: sysfs.root + "/class/powercap"))
    }

    func testReadableCountersAreMeasured() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 100)
        let meter = PhaseMeter.start(settings: settings(sysfsRoot: sysfs.root))
        try sysfs.setEnergy("intel-rapl:0", microjoules: 2_000_100)
        let cost = meter.stop(flops: 0)

        XCTAssertNil(meter.raplUnavailable)
        XCTAssertEqual(cost.energy, EnergyReading(joules: 2, source: .measured, method: "rapl:package-0(whole-package)"))
        XCTAssertEqual(cost.co2Grams, 2 / 3.6e6 * 1.2 * 400, accuracy: 1e-15)
    }

    func testCounterLostDuringThePhaseFallsBackToTheEstimate() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 100)
        let meter = PhaseMeter.start(settings: settings(sysfsRoot: sysfs.root))
        try FileManager.default.removeItem(atPath: sysfs.energyPath("intel-rapl:0"))
        let cost = meter.stop(flops: 0)

        XCTAssertEqual(cost.energy.source, .estimated)
        XCTAssertEqual(meter.raplUnavailable, .unreadable(path: sysfs.energyPath("intel-rapl:0")))
    }

    /// Meters `settings` around another thread burning 0.1 s of CPU while this one waits for it.
    private func costAroundOtherThreadsWork(_ settings: MeterSettings) -> PhaseCost {
        let meter = PhaseMeter.start(settings: settings)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            XCTAssertGreaterThan(Self.busyLoop(cpuSeconds: 0.1), 0)
            done.signal()
        }
        done.wait()
        return meter.stop(flops: 0)
    }

    func testSharedProcessChargesOnlyTheCallingThread() throws {
        let sysfs = try FakePowercap()
        var shared = settings(sysfsRoot: sysfs.root)
        shared.sharedProcess = true
        XCTAssertGreaterThanOrEqual(costAroundOtherThreadsWork(settings(sysfsRoot: sysfs.root)).cpuSeconds, 0.1)
        let sharedCost = costAroundOtherThreadsWork(shared)
        XCTAssertLessThan(sharedCost.cpuSeconds, 0.05)
        XCTAssertEqual(sharedCost.energy.method, "tdp-share:65W/2cores/thread-cpu", "the estimate says whose CPU time it charged")
        XCTAssertEqual(sharedCost.scope, MeterScope(cpu: .thread, peakRSS: .process))
    }

    /// With several tasks in the process, a RAPL figure covers the package they share: its method
    /// says so (it used to lose the shared-process marker when RAPL replaced the estimate).
    func testSharedProcessRAPLFigureSaysItCoversConcurrentTasks() throws {
        let sysfs = try FakePowercap()
        try sysfs.addDomain("intel-rapl:0", name: "package-0", energyMicrojoules: 100)
        var shared = settings(sysfsRoot: sysfs.root)
        shared.sharedProcess = true
        let meter = PhaseMeter.start(settings: shared)
        try sysfs.setEnergy("intel-rapl:0", microjoules: 1_000_100)
        let cost = meter.stop(flops: 0)
        XCTAssertEqual(cost.energy, EnergyReading(joules: 1, source: .measured,
                                                  method: "rapl:package-0(whole-package)/concurrent-tasks"))
        XCTAssertEqual(cost.scope, MeterScope(cpu: .thread, peakRSS: .process))
    }

    func testAPhaseAloneInItsProcessSaysItsFiguresAreTheProcesss() throws {
        let sysfs = try FakePowercap()
        let resettable = PeakMemory.resetHighWaterMark()
        let cost = PhaseMeter.start(settings: settings(sysfsRoot: sysfs.root)).stop(flops: 0)
        XCTAssertEqual(cost.scope, MeterScope(cpu: .process, peakRSS: resettable ? .phase : .process))
    }

    func testMedianPassRunsEveryPassAndReportsOneOfThem() throws {
        let sysfs = try FakePowercap()
        var passes = 0
        let cost = PhaseMeter.medianPass(repeats: 3, settings: settings(sysfsRoot: sysfs.root), flopsPerPass: 42) {
            passes += 1
            XCTAssertGreaterThan(Self.busyLoop(cpuSeconds: 0.005), 0)
        }
        XCTAssertEqual(passes, 3)
        XCTAssertEqual(cost.flops, 42)
        XCTAssertGreaterThanOrEqual(cost.cpuSeconds, 0.005)
        XCTAssertEqual(cost.energy.joules, 65 * cost.cpuSeconds / 2, accuracy: 1e-12)
    }

    func testMedianByWallTimeTakesTheWholeMiddlePass() {
        func pass(wall: Double, joules: Double) -> PhaseCost {
            PhaseCost(wallSeconds: wall, cpuSeconds: wall, flops: 1, peakRSSBytes: 1,
                      energy: EnergyReading(joules: joules, source: .measured, method: "m"), co2Grams: joules)
        }
        let passes = [pass(wall: 3, joules: 30), pass(wall: 1, joules: 99), pass(wall: 2, joules: 5)]
        XCTAssertEqual(PhaseCost.medianByWallTime(passes), passes[2])
        XCTAssertEqual(PhaseCost.medianByWallTime(passes + [pass(wall: 4, joules: 0)]), passes[2])  // lower middle
        XCTAssertNil(PhaseCost.medianByWallTime([]))
    }
}
