import Foundation
import PhysweepMetering

/// Errors a task can end with.
public enum TrainError: Error, CustomStringConvertible {
    /// The configuration is impossible (see `TrainConfig.conflicts()`).
    case invalidConfig([ConfigConflict])
    /// A `noop` task with `fail: error` (a deliberate poison task).
    case deliberateFailure
    /// Training diverged (loss became NaN or infinite).
    case diverged(step: Int)
    /// The system is not implemented yet.
    case unsupported(String)
    /// A command task's program failed: what happened (exit status, signal, timeout, result file) and the end of its stderr.
    case commandFailed(String, stderrTail: String)

    public var description: String {
        switch self {
        case .invalidConfig(let c): return "invalid config: " + c.map(\.description).joined(separator: "; ")
        case .deliberateFailure: return "noop task configured with fail: error"
        case .diverged(let step): return "training diverged (non-finite loss) at step \(step)"
        case .unsupported(let what): return "unsupported: \(what)"
        case .commandFailed(let what, let tail):
            return "command task failed: \(what)" + (tail.isEmpty ? "" : "; stderr ends with:\n" + tail)
        }
    }
}

/// Runs one configuration to one result: the entry point of the worker and of `physweep train`.
public enum Trainer {
    /// Trains (or, for `noop`/`sleep`, pretends to) and measures; throws on invalid config or failure.
    /// `sharedProcess`: other tasks run on other threads of this process (a worker with `--slots` > 1),
    /// so CPU time and energy are charged from this thread's CPU time (`MeterSettings.sharedProcess`).
    /// `attempt` and `gpus` (the device indices of the caller's slot) matter to command tasks only.
    public static func run(_ config: TrainConfig, settings: RunSettings = RunSettings(), sharedProcess: Bool = false,
                           attempt: Int = 1, gpus: [Int]? = nil,
                           progress: ((TrainProgress) -> Void)? = nil) throws -> TrainResult {
        let conflicts = config.conflicts()
        guard conflicts.isEmpty else { throw TrainError.invalidConfig(conflicts) }
        switch config.system {
        case .noop, .sleep:
            return try SyntheticTask.run(config, settings: settings)
        case .command:
            guard let command = settings.command else {
                throw TrainError.unsupported("a command task needs the sweep's command settings (RunSettings.command)")
            }
            return try CommandRun(config: config, settings: settings, command: command, attempt: attempt, gpus: gpus,
                                  sharedProcess: sharedProcess, progress: progress).run()
        case .shearFlow:
            switch config.dtype {
            case .f32: return try ShearFlowRun<Float>(config: config, settings: settings, sharedProcess: sharedProcess,
                                                        progress: progress).run()
            case .f64: return try ShearFlowRun<Double>(config: config, settings: settings, sharedProcess: sharedProcess,
                                                         progress: progress).run()
            }
        case .oscillator, .noisyCosine, .burgers:
            let problem = try TrainingProblem(config)
            switch config.dtype {
            case .f32: return try TrainingRun<Float>(config: config, settings: settings, sharedProcess: sharedProcess, problem: problem,
                                                       progress: progress).run()
            case .f64: return try TrainingRun<Double>(config: config, settings: settings, sharedProcess: sharedProcess, problem: problem,
                                                        progress: progress).run()
            }
        }
    }
}
