import Foundation
@testable import PhysweepMetering
import XCTest

/// The NVML loader against a fake `libnvidia-ml` compiled here (three GPUs whose energy counters
/// advance by (index + 1) J at each read): per-GPU energy of a task's own GPUs, and the GPUs'
/// names and driver in the machine fingerprint. Skipped when no C compiler is on PATH.
final class FakeNVMLTests: XCTestCase {
    private static let source = """
        #include <stdint.h>
        #include <string.h>
        #include <stdio.h>
        static unsigned long long reads[3];
        int nvmlInit_v2(void) { return 0; }
        int nvmlDeviceGetCount_v2(unsigned int *count) { *count = 3; return 0; }
        int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device) { *device = (void *)(uintptr_t)(index + 1); return 0; }
        int nvmlDeviceGetTotalEnergyConsumption(void *device, unsigned long long *mj) {
            unsigned int i = (unsigned int)(uintptr_t)device - 1;
            reads[i] += 1;
            *mj = reads[i] * 1000ULL * (i + 1);
            return 0;
        }
        int nvmlDeviceGetName(void *device, char *name, unsigned int length) {
            snprintf(name, length, "Fake GPU %u", (unsigned int)(uintptr_t)device - 1);
            return 0;
        }
        int nvmlSystemGetDriverVersion(char *version, unsigned int length) { snprintf(version, length, "999.1"); return 0; }
        """

    /// GPUs before Volta: no energy counter (NOT_SUPPORTED, 3), a power reading of (index + 1) × 100 W.
    private static let powerOnlySource = """
        #include <stdint.h>
        int nvmlInit_v2(void) { return 0; }
        int nvmlDeviceGetCount_v2(unsigned int *count) { *count = 2; return 0; }
        int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device) { *device = (void *)(uintptr_t)(index + 1); return 0; }
        int nvmlDeviceGetTotalEnergyConsumption(void *device, unsigned long long *mj) { return 3; }
        int nvmlDeviceGetPowerUsage(void *device, unsigned int *mw) { *mw = 100000u * (unsigned int)(uintptr_t)device; return 0; }
        """

    private func fakeLibrary(_ code: String = FakeNVMLTests.source) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-nvml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("fake.c"), library = directory.appendingPathComponent("libfake-nvml.so")
        try code.write(to: source, atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compiler.arguments = ["cc", "-shared", "-fPIC", "-o", library.path, source.path]
        do {
            try compiler.run()
        } catch {
            throw XCTSkip("no C compiler: \(error)")
        }
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0 else { throw XCTSkip("cc failed (\(compiler.terminationStatus))") }
        return library.path
    }

    func testATasksOwnGPUsAreMeteredAndNamed() throws {
        let path = try fakeLibrary()
        let noRAPL = FileManager.default.temporaryDirectory.path + "/physweep-no-sysfs-\(UUID().uuidString)"
        // GPU 1 advances 2 J a read: start and stop are one read apart after the loader's own check.
        let meter = PhaseMeter.start(settings: MeterSettings(sysfsRoot: noRAPL, nvmlLibraryPath: path, gpuDevices: [1]))
        let cost = meter.stop(flops: .nan, childCPUSeconds: 0, childPeakRSSBytes: 0)
        XCTAssertEqual(cost.energy.source, .estimated, "the CPU part is an estimate here (no RAPL)")
        XCTAssertTrue(cost.energy.method.hasSuffix("; nvml:gpu1(whole-device)"), cost.energy.method)
        XCTAssertEqual(cost.energy.joules, 2, accuracy: 1e-9)

        let machine = MachineFingerprint.current(gpus: [0, 2], nvmlPath: path)
        XCTAssertEqual(machine.gpus, [GPUFingerprint(index: 0, model: "Fake GPU 0", driver: "999.1"),
                                      GPUFingerprint(index: 2, model: "Fake GPU 2", driver: "999.1")])
    }

    /// Without the energy counter the power reading is sampled and integrated, and the method says so.
    func testGPUsWithoutAnEnergyCounterHaveTheirSampledPowerIntegrated() throws {
        let path = try fakeLibrary(Self.powerOnlySource)
        let meter = PhaseMeter.start(settings: MeterSettings(sysfsRoot: "/nonexistent", nvmlLibraryPath: path, gpuDevices: [1]))
        Thread.sleep(forTimeInterval: 0.5)
        let cost = meter.stop(flops: .nan, childCPUSeconds: 0, childPeakRSSBytes: 0)
        XCTAssertTrue(cost.energy.method.hasSuffix("; nvml-power:gpu1(sampled-0.1s,whole-device)"), cost.energy.method)
        // 200 W over the phase: the integral of a constant is exact between the first and last reading.
        XCTAssertEqual(cost.energy.joules, 200 * cost.wallSeconds, accuracy: 200 * 0.05)
        XCTAssertGreaterThan(cost.energy.joules, 200 * 0.45)
    }

    func testAGPUThatDoesNotExistGivesNoGPUFigure() throws {
        let path = try fakeLibrary()
        let meter = PhaseMeter.start(settings: MeterSettings(sysfsRoot: "/nonexistent", nvmlLibraryPath: path, gpuDevices: [7]))
        let cost = meter.stop(flops: .nan, childCPUSeconds: 0, childPeakRSSBytes: 0)
        XCTAssertFalse(cost.energy.method.contains("nvml"), cost.energy.method)
    }
}
