import Foundation
import PhysweepCluster
import PhysweepMetering
import PhysweepTraining

/// One valid message of every kind, for round-trip and fuzz tests.
enum ProtocolSamples {
    static let config: TrainConfig = {
        var config = TrainConfig.defaults(system: .sleep)
        config.sleepSeconds = 0.25
        config.seed = 42
        return config
    }()

    static let result: TrainResult = {
        let energy = EnergyReading(joules: 12.5, source: .estimated, method: "tdp-share:65W")
        let train = PhaseCost(wallSeconds: 1.5, cpuSeconds: 1.4, flops: 3.2e9, peakRSSBytes: 52_000_000,
                              energy: energy, co2Grams: 0.0016, scope: MeterScope(cpu: .thread, peakRSS: .process))
        let inference = PhaseCost(wallSeconds: 0.01, cpuSeconds: 0.01, flops: 1e6, peakRSSBytes: 52_000_000,
                                  energy: EnergyReading(joules: 0.1, source: .measured, method: "rapl:intel-rapl:0"),
                                  co2Grams: 1e-5)
        return TrainResult(config: config,
                           efficacy: Efficacy(initialLoss: 1.0, finalLoss: 1e-4, testMSE: 2e-4, testRelL2: 0.01,
                                              extrapolationMSE: 0.3, extrapolationRelL2: nil),
                           efficiency: Efficiency(parameterCount: 1201, train: train, inference: inference),
                           settings: RunSettings(threads: 2), machine: MachineFingerprint(
                               cpuModel: "Test CPU", logicalCores: 8, os: "Linux 6.1.0 x86_64", hostname: "node-1"),
                           gitCommit: "abc1234")
    }()

    static let messages: [WireMessage] = [
        .hello(.init(workerID: "node-1:4242", host: "node-1", pid: 4242, cores: 8, slots: 2,
                     systems: [.oscillator, .burgers, .noop, .sleep], physweepVersion: "0.1.0", gitCommit: "abc1234")),
        .hello(.init(workerID: "w", host: "h", pid: 1, cores: 1, slots: 1, systems: [], physweepVersion: "0.1.0", gitCommit: nil)),
        .welcome(.init(coordinator: "head:99", heartbeat: HeartbeatSettings(intervalMilliseconds: 500, liveness: 4))),
        .credit(.init(slots: 2)),
        .task(.init(taskID: 17, taskKey: config.key, sweep: "quickstart", attempt: 1, config: config, settings: RunSettings())),
        .progress(.init(taskID: 17, attempt: 1, progress: TrainProgress(step: 50, totalSteps: 200, loss: 0.125))),
        .result(.init(taskID: 17, attempt: 2, result: result)),
        .failed(.init(taskID: 17, attempt: 3, error: "training diverged (non-finite loss) at step 12")),
        .heartbeat,
        .bye(.init(reason: "sweep complete")),
        .submit(.init(specFile: "Experiments/noop.yaml", specYAML: "name: noops\nsystems:\n  noop: {models: [none]}\nseeds: 3\n",
                      rerun: false)),
        .submitted(.init(sweep: "noops", total: 3, queued: 2, reused: 1)),
        .rejected(.init(error: "sweep.yaml:4:8: seeds: got string 'many'; expected a count ≥ 1 or a list of seeds")),
        .welcome(.init(coordinator: "head:99", heartbeat: HeartbeatSettings(), features: ["ack"])),
        .result(.init(taskID: 18, attempt: 1, result: result, workerID: "node-1:4242")),
        .failed(.init(taskID: 19, attempt: 1, error: "sent without credit", workerID: "node-1:4242")),
        .ack(.init(outcomes: [.init(taskID: 18, attempt: 1), .init(taskID: 19, attempt: 1)])),
    ]
}
