import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// Reads a RESULT body straight from its bytes for the coordinator: every key of the `TrainResult`
/// but `config` checked to be of the type `WireMessage.decode`'s `Codable` path decodes it as, the
/// config's bytes only located. It accepts and rejects exactly what that path does (a test holds
/// the two together over thousands of variants), without building a JSON tree or going through
/// `Codable`, which together were a fifth of the coordinator's time (see `BodyReader`).
enum ResultBodyReader {
    /// What the coordinator keeps of a RESULT body.
    struct Fields {
        var taskID: Int64 = 0
        var attempt = 0
        var workerID: String?
        /// Absent (or null) for tasks that train nothing.
        var efficacy: Efficacy?
        var efficiency = Efficiency(parameterCount: 0, train: .zero, inference: .zero)
        /// Where the `result` object and its `config` lie in the body.
        var resultRange = 0..<0
        var configRange = 0..<0
    }

    /// Reads a whole body; throws what `WireMessage.decode` would throw for it, less the field
    /// rules (`WireMessage.TaskResult.problem`) and the config, which only has to be there.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(ProtocolError) -> Fields {
        try BodyReader.read(bytes, command: .result) { reader throws(BodyReader.Failure) in
            var fields = Fields()
            try reader.resultBody(into: &fields)
            return fields
        }
    }
}

private extension BodyReader {
    mutating func resultBody(into fields: inout ResultBodyReader.Fields) throws(BodyReader.Failure) {
        try members(at: "", ["task_id", "attempt", "result", "worker_id"], required: 0b111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0: fields.taskID = try reader.integer(at: "task_id")
            case 1: fields.attempt = try reader.integer(at: "attempt")
            case 2: try reader.result(into: &fields)
            default: fields.workerID = try reader.optional { reader throws(BodyReader.Failure) in try reader.string(at: "worker_id") }
            }
        }
    }

    mutating func result(into fields: inout ResultBodyReader.Fields) throws(BodyReader.Failure) {
        let start = try valueStart()
        let keys: [StaticString] = ["config", "config_hash", "seed", "efficacy", "efficiency", "settings", "machine", "git_commit",
                                    "field_snapshots", "command"]
        try members(at: "result", keys, required: 0b0111_0111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0:
                let start = try reader.valueStart()
                try reader.skip()
                fields.configRange = start..<reader.offset
            case 1: try reader.string(at: "result.config_hash")
            case 2: let _: UInt64 = try reader.integer(at: "result.seed")
            case 3: fields.efficacy = try reader.optional { reader throws(BodyReader.Failure) in try reader.efficacy() }
            case 4: fields.efficiency = try reader.efficiency()
            case 5: _ = try reader.runSettings(at: "result.settings")
            case 6: try reader.machine()
            case 7: _ = try reader.optional { reader throws(BodyReader.Failure) in try reader.string(at: "result.git_commit") }
            case 8: _ = try reader.optional { reader throws(BodyReader.Failure) in try reader.fieldSnapshots() }
            default: _ = try reader.optional { reader throws(BodyReader.Failure) in
                    try reader.decoded(CommandRecord.self, at: "result.command")
                }
            }
        }
        fields.resultRange = start..<offset
    }

    mutating func efficacy() throws(BodyReader.Failure) -> Efficacy {
        var value = Efficacy(initialLoss: 0, finalLoss: 0, testMSE: 0, testRelL2: 0)
        let path = "result.efficacy"
        try members(at: path, ["initial_loss", "final_loss", "test_mse", "test_rel_l2", "extrap_mse", "extrap_rel_l2",
                               "grid_metrics"], required: 0b1111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0: value.initialLoss = try reader.double(at: path, "initial_loss")
            case 1: value.finalLoss = try reader.double(at: path, "final_loss")
            case 2: value.testMSE = try reader.double(at: path, "test_mse")
            case 3: value.testRelL2 = try reader.double(at: path, "test_rel_l2")
            case 4: value.extrapolationMSE = try reader.optional { reader throws(BodyReader.Failure) in try reader.double(at: path, "extrap_mse") }
            case 5: value.extrapolationRelL2 = try reader.optional { reader throws(BodyReader.Failure) in try reader.double(at: path, "extrap_rel_l2") }
            default: value.grid = try reader.optional { reader throws(BodyReader.Failure) in try reader.gridMetrics() }
            }
        }
        return value
    }

    mutating func gridMetrics() throws(BodyReader.Failure) -> GridMetrics {
        var value = GridMetrics(fields: [:], mse: 0, nmse: 0, vrmse: 0, rolloutVRMSE: [])
        let path = "result.efficacy.grid_metrics"
        try members(at: path, ["fields", "mse", "nmse", "vrmse", "rollout_vrmse", "pearson_r"], required: 0b11111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0:
                try reader.entries(at: path + ".fields") { reader, name throws(BodyReader.Failure) in
                    value.fields[name] = try reader.fieldErrors(at: path + ".fields." + name)
                }
            case 1: value.mse = try reader.double(at: path, "mse")
            case 2: value.nmse = try reader.double(at: path, "nmse")
            case 3: value.vrmse = try reader.double(at: path, "vrmse")
            case 5: value.pearsonR = try reader.optional { reader throws(BodyReader.Failure) in try reader.double(at: path, "pearson_r") }
            default:
                try reader.items(at: path + ".rollout_vrmse") { reader throws(BodyReader.Failure) in
                    value.rolloutVRMSE.append(try reader.double(at: path, "rollout_vrmse"))
                }
            }
        }
        return value
    }

    mutating func fieldErrors(at path: String) throws(BodyReader.Failure) -> GridMetrics.FieldErrors {
        var value = GridMetrics.FieldErrors(mse: 0, nmse: 0, vrmse: 0)
        try members(at: path, ["mse", "nmse", "vrmse", "pearson_r"], required: 0b111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0: value.mse = try reader.double(at: path, "mse")
            case 1: value.nmse = try reader.double(at: path, "nmse")
            case 3: value.pearsonR = try reader.optional { reader throws(BodyReader.Failure) in try reader.double(at: path, "pearson_r") }
            default: value.vrmse = try reader.double(at: path, "vrmse")
            }
        }
        return value
    }

    /// Checks the pictures' types only; the report judges their sizes.
    mutating func fieldSnapshots() throws(BodyReader.Failure) {
        let path = "result.field_snapshots"
        try members(at: path, ["height", "width", "pooling", "panels"], required: 0b1111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0: let _: Int = try reader.integer(at: path + ".height")
            case 1: let _: Int = try reader.integer(at: path + ".width")
            case 2: let _: Int = try reader.integer(at: path + ".pooling")
            default:
                try reader.items(at: path + ".panels") { reader throws(BodyReader.Failure) in
                    let panel = path + ".panels"
                    try reader.members(at: panel, ["field", "kind", "step", "low", "high", "pixels"], required: 0b11_1111) { reader, key throws(BodyReader.Failure) in
                        switch key {
                        case 1: _ = try reader.enumeration(FieldSnapshots.Kind.self, at: panel + ".kind")
                        case 2: let _: Int = try reader.integer(at: panel + ".step")
                        case 3: _ = try reader.double(at: panel, "low")
                        case 4: _ = try reader.double(at: panel, "high")
                        default: try reader.skipString(at: panel)
                        }
                    }
                }
            }
        }
    }

    mutating func efficiency() throws(BodyReader.Failure) -> Efficiency {
        var value = Efficiency(parameterCount: 0, train: .zero, inference: .zero)
        try members(at: "result.efficiency", ["params", "train", "inference"], required: 0b111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0: value.parameterCount = try reader.integer(at: "result.efficiency.params")
            case 1: value.train = try reader.phaseCost(at: "result.efficiency.train")
            default: value.inference = try reader.phaseCost(at: "result.efficiency.inference")
            }
        }
        return value
    }

    mutating func phaseCost(at path: String) throws(BodyReader.Failure) -> PhaseCost {
        var value = PhaseCost.zero
        try members(at: path, ["wall_s", "cpu_s", "flops", "peak_rss_bytes", "energy", "co2_g", "scope"], required: 0b11_1111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0: value.wallSeconds = try reader.double(at: path, "wall_s")
            case 1: value.cpuSeconds = try reader.double(at: path, "cpu_s")
            case 2: value.flops = try reader.double(at: path, "flops")
            case 3: value.peakRSSBytes = try reader.integer(at: path + ".peak_rss_bytes")
            case 4: value.energy = try reader.energy(at: path + ".energy")
            case 5: value.co2Grams = try reader.double(at: path, "co2_g")
            default: value.scope = try reader.optional { reader throws(BodyReader.Failure) in try reader.meterScope(at: path + ".scope") }
            }
        }
        return value
    }

    mutating func meterScope(at path: String) throws(BodyReader.Failure) -> MeterScope {
        var value = MeterScope(cpu: .process, peakRSS: .phase)
        try members(at: path, ["cpu_s", "peak_rss_bytes"], required: 0b11) { reader, key throws(BodyReader.Failure) in
            if key == 0 {
                value.cpu = try reader.enumeration(MeterScope.CPU.self, at: path + ".cpu_s")
            } else {
                value.peakRSS = try reader.enumeration(MeterScope.PeakRSS.self, at: path + ".peak_rss_bytes")
            }
        }
        return value
    }

    mutating func energy(at path: String) throws(BodyReader.Failure) -> EnergyReading {
        var value = EnergyReading(joules: 0, source: .estimated, method: "")
        try members(at: path, ["joules", "source", "method"], required: 0b111) { reader, key throws(BodyReader.Failure) in
            switch key {
            case 0: value.joules = try reader.double(at: path, "joules")
            case 1:
                value.source = try reader.enumeration(EnergySource.self, at: path + ".source")
            default: value.method = try reader.string(at: path + ".method")
            }
        }
        return value
    }

    mutating func machine() throws(BodyReader.Failure) {
        try members(at: "result.machine", ["cpu_model", "logical_cores", "os", "hostname", "gpus"], required: 0b1111) {
            reader, key throws(BodyReader.Failure) in
            switch key {
            case 1: let _: Int = try reader.integer(at: "result.machine.logical_cores")
            case 4: _ = try reader.optional { reader throws(BodyReader.Failure) in
                    try reader.decoded([GPUFingerprint].self, at: "result.machine.gpus")
                }
            default: try reader.skipString(at: "result.machine")
            }
        }
    }
}

private extension PhaseCost {
    static let zero = PhaseCost(wallSeconds: 0, cpuSeconds: 0, flops: 0, peakRSSBytes: 0,
                                energy: EnergyReading(joules: 0, source: .estimated, method: ""), co2Grams: 0)
}
