import PhysweepSweep
import PhysweepTraining

/// Reads a TASK body straight from its bytes for the worker, as `BodyReader` reads: the same
/// `TaskAssignment` the `Codable` path gives, and the same rejections (a test holds the two
/// together). Decoding the config's 28 keys through `Codable` over a parsed tree was a third of a
/// worker's socket thread with no-op tasks.
enum TaskBodyReader {
    /// Reads a whole body; throws what decoding it as a `TaskAssignment` would throw, less the
    /// field rules (`TaskAssignment.problem`).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(ProtocolError) -> WireMessage.TaskAssignment {
        try BodyReader.read(bytes, command: .task) { reader throws(BodyReader.Failure) in
            var task = WireMessage.TaskAssignment(taskID: 0, taskKey: "", sweep: "", attempt: 0,
                                                  config: .defaults(system: .noop), settings: RunSettings())
            let keys: [StaticString] = ["task_id", "task_key", "sweep", "attempt", "config", "settings"]
            try reader.members(at: "", keys, required: 0b11_1111) { reader, key throws(BodyReader.Failure) in
                switch key {
                case 0: task.taskID = try reader.integer(at: "task_id")
                case 1: task.taskKey = try reader.string(at: "task_key")
                case 2: task.sweep = try reader.string(at: "sweep")
                case 3: task.attempt = try reader.integer(at: "attempt")
                case 4: task.config = try reader.trainConfig(at: "config")
                default: task.settings = try reader.runSettings(at: "settings")
                }
            }
            return task
        }
    }
}

extension BodyReader {
    /// A `TrainConfig`: every key required, as its synthesized `Decodable` conformance wants them.
    mutating func trainConfig(at path: String) throws(Failure) -> TrainConfig {
        var config = TrainConfig.defaults(system: .noop)
        try members(at: path, Self.configKeys, required: 1 << Self.configKeys.count - 1) { reader, key throws(Failure) in
            let at = { "\(path).\(Self.configKeys[key])" }
            switch key {
            case 0: config.system = try reader.enumeration(SystemKind.self, at: at())
            case 1: config.model = try reader.enumeration(ModelKind.self, at: at())
            case 2: config.activation = try reader.enumeration(Activation.self, at: at())
            case 3: config.width = try reader.integer(at: at())
            case 4: config.depth = try reader.integer(at: at())
            case 5: config.dtype = try reader.enumeration(DType.self, at: at())
            case 6: config.optimizer = try reader.enumeration(OptimizerKind.self, at: at())
            case 7: config.learningRate = try reader.double(at: path, Self.configKeys[key])
            case 8: config.weightDecay = try reader.double(at: path, Self.configKeys[key])
            case 9: config.schedule = try reader.enumeration(ScheduleKind.self, at: at())
            case 10: config.warmupSteps = try reader.integer(at: at())
            case 11: config.steps = try reader.integer(at: at())
            case 12: config.lbfgsSteps = try reader.integer(at: at())
            case 13: config.batchSize = try reader.integer(at: at())
            case 14: config.physicsWeight = try reader.double(at: path, Self.configKeys[key])
            case 15: config.collocationPoints = try reader.integer(at: at())
            case 16: config.dataPoints = try reader.integer(at: at())
            case 17: config.icPoints = try reader.integer(at: at())
            case 18: config.bcPoints = try reader.integer(at: at())
            case 19: config.snakeAlpha = try reader.double(at: path, Self.configKeys[key])
            case 20: config.nu = try reader.double(at: path, Self.configKeys[key])
            case 21: config.omega0 = try reader.double(at: path, Self.configKeys[key])
            case 22: config.zeta = try reader.double(at: path, Self.configKeys[key])
            case 23: config.noiseStd = try reader.double(at: path, Self.configKeys[key])
            case 24: config.sleepSeconds = try reader.double(at: path, Self.configKeys[key])
            case 25: config.fail = try reader.enumeration(FailureMode.self, at: at())
            default: config.seed = try reader.integer(at: at())
            }
        }
        return config
    }

    /// `TrainConfig`'s JSON keys, in the order `trainConfig` assigns them (a test checks that they
    /// are exactly the keys its `Encodable` conformance writes).
    static let configKeys: [StaticString] = [
        "system", "model", "activation", "width", "depth", "dtype", "optimizer", "learning_rate", "weight_decay",
        "schedule", "warmup_steps", "steps", "lbfgs_steps", "batch_size", "physics_weight", "collocation_points",
        "data_points", "ic_points", "bc_points", "snake_alpha", "nu", "omega0", "zeta", "noise_std", "sleep_seconds",
        "fail", "seed",
    ]

    /// A `RunSettings`.
    mutating func runSettings(at path: String) throws(Failure) -> RunSettings {
        var settings = RunSettings()
        try members(at: path, ["threads", "carbon", "cpu_tdp_watts", "inference_repeats"], required: 0b1111) { reader, key throws(Failure) in
            switch key {
            case 0: settings.threads = try reader.integer(at: path + ".threads")
            case 1:
                let carbon = path + ".carbon"
                try reader.members(at: carbon, ["intensity_g_per_kwh", "pue"], required: 0b11) { reader, key throws(Failure) in
                    if key == 0 {
                        settings.carbon.intensityGramsPerKWh = try reader.double(at: carbon, "intensity_g_per_kwh")
                    } else {
                        settings.carbon.pue = try reader.double(at: carbon, "pue")
                    }
                }
            case 2: settings.cpuTDPWatts = try reader.double(at: path, "cpu_tdp_watts")
            default: settings.inferenceRepeats = try reader.integer(at: path + ".inference_repeats")
            }
        }
        return settings
    }
}
