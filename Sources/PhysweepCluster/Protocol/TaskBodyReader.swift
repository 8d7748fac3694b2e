import PhysweepSweep
import PhysweepTraining

/// Reads a TASK body straight from its bytes for the worker, as `BodyReader` reads: the same
/// `TaskAssignment` the `Codable` path gives, and the same rejections (a test holds the two
/// together). Decoding the config's keys through `Codable` over a parsed tree was a third of a
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
    /// A `TrainConfig`, field by field from `ConfigField.table` (in key order), as its `Decodable` conformance reads
    /// it: every field without an `omittedAt` value required, the others taking it when absent.
    mutating func trainConfig(at path: String) throws(Failure) -> TrainConfig {
        var config = TrainConfig.absentFields
        try members(at: path, Self.configKeys, required: Self.requiredConfigKeys) { reader, index throws(Failure) in
            let field = Self.configFields[index]
            let at = { "\(path).\(field.name)" }
            switch field.storage {
            case .integer: field.store(try reader.integer(at: at()) as Int, in: &config)
            case .real: field.store(try reader.double(at: path, field.staticName), in: &config)
            case .unsigned: field.store(try reader.integer(at: at()) as UInt64, in: &config)
            case .choice(let choice):
                let text = try reader.string(at: at())
                guard choice.assign(&config, text) else {
                    throw .schema("at \(at()): Cannot initialize \(choice.typeName) from invalid String value \(text)")
                }
            }
        }
        return config
    }

    /// `TrainConfig`'s fields in the order its canonical JSON writes them (names sorted).
    static let configFields: [ConfigField] = ConfigField.table.sorted { $0.name < $1.name }

    /// `TrainConfig`'s JSON keys, in `configFields` order.
    static let configKeys: [StaticString] = configFields.map(\.staticName)

    /// The bits (in `configKeys` order) of the fields a config's JSON must have.
    static let requiredConfigKeys: UInt64 = configFields.enumerated().reduce(0) { mask, entry in
        entry.element.omittedAt == nil ? mask | 1 << entry.offset : mask
    }

    /// A `RunSettings`.
    mutating func runSettings(at path: String) throws(Failure) -> RunSettings {
        var settings = RunSettings()
        try members(at: path, ["threads", "carbon", "cpu_tdp_watts", "inference_repeats", "command"], required: 0b1111) {
            reader, key throws(Failure) in
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
            case 3: settings.inferenceRepeats = try reader.integer(at: path + ".inference_repeats")
            default:
                settings.command = try reader.optional { reader throws(Failure) in
                    try reader.decoded(CommandSettings.self, at: path + ".command")
                }
            }
        }
        return settings
    }
}
