import Foundation
import PhysweepMetering

/// The `noop` and `sleep` systems: tasks that train nothing, for orchestration tests and overhead benchmarks.
enum SyntheticTask {
    static func run(_ config: TrainConfig, settings: RunSettings) throws -> TrainResult {
        switch config.fail {
        case .none: break
        case .error: throw TrainError.deliberateFailure
        case .crash:
            // A poison task that takes the whole worker down, as a segfaulting native library would.
            FileHandle.standardError.write(Data("noop task configured with fail: crash; aborting\n".utf8))
            exit(134)
        }
        let start = Date()
        if config.system == .sleep && config.sleepSeconds > 0 {
            Thread.sleep(forTimeInterval: config.sleepSeconds)
        }
        let wall = Date().timeIntervalSince(start)
        let energy = EnergyReading(joules: 0, source: .estimated, method: "none:synthetic-task")
        let cost = PhaseCost(wallSeconds: wall, cpuSeconds: 0, flops: 0, peakRSSBytes: 0, energy: energy, co2Grams: 0)
        return TrainResult(
            config: config,
            efficacy: nil,  // nothing was trained: no error to report, and nothing a report may rank
            efficiency: Efficiency(parameterCount: 0, train: cost, inference: cost),
            settings: settings,
            machine: machine,
            gitCommit: nil)
    }

    /// Looked up once: `activeProcessorCount` reads cgroup files on Linux, which cost more than a
    /// no-op task itself (the orchestrator benchmark times thousands of them a second).
    private static let machine = MachineFingerprint(cpuModel: "unknown", logicalCores: ProcessInfo.processInfo.activeProcessorCount,
                                                    os: "unknown", hostname: ProcessInfo.processInfo.hostName)
}
