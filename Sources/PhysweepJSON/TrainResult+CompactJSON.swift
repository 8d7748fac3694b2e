import Foundation
import PhysweepMetering
import PhysweepTraining

/// Every RESULT a worker sends is a `TrainResult`: written by hand, member by member in sorted key
/// order, rather than through `Encodable` (`JSONEncoder` costs 5.6× as much, see
/// docs/benchmarks.md). The bytes are what `CompactJSON.encode` writes (a test holds the two together).
extension TrainResult {
    /// The result's compact JSON, written by hand.
    public var compactJSON: Data {
        var writer = JSONWriter(capacity: 1536)
        writer.write(self)
        return Data(writer.bytes)
    }
}

extension JSONWriter {
    /// Writes a `TrainResult` as its `Encodable` conformance does through `CompactJSON`.
    public mutating func write(_ result: TrainResult) {
        append("{")
        // Command tasks' parts are rare and free-form: written by the generic encoder, whose bytes these are.
        if let command = result.command {
            append(#""command":"#)
            appendEncoded((try? CompactJSON.encodeBytes(command)) ?? Array("{}".utf8))
            append(",")
        }
        append(#""config":"#)
        appendEncoded(result.config.canonicalJSON())
        append(#","config_hash":"#)
        writeString(result.configHash)
        if let efficacy = result.efficacy {
            append(#","efficacy":"#)
            write(efficacy)
        }
        append(#","efficiency":{"inference":"#)
        write(result.efficiency.inference)
        append(#","params":"#)
        writeInteger(result.efficiency.parameterCount)
        append(#","train":"#)
        write(result.efficiency.train)
        append("}")
        // Once per shear-flow task, never on the no-op path the hand-written members are for.
        if let snapshots = result.fieldSnapshots, let bytes = try? CompactJSON.encodeBytes(snapshots) {
            append(#","field_snapshots":"#)
            appendEncoded(bytes)
        }
        if let commit = result.gitCommit {
            append(#","git_commit":"#)
            writeString(commit)
        }
        append(#","machine":{"cpu_model":"#)
        writeString(result.machine.cpuModel)
        if let gpus = result.machine.gpus {
            append(#","gpus":"#)
            appendEncoded((try? CompactJSON.encodeBytes(gpus)) ?? Array("[]".utf8))
        }
        append(#","hostname":"#)
        writeString(result.machine.hostname)
        append(#","logical_cores":"#)
        writeInteger(result.machine.logicalCores)
        append(#","os":"#)
        writeString(result.machine.os)
        append(#"},"seed":"#)
        writeInteger(result.seed)
        append(#","settings":{"carbon":{"intensity_g_per_kwh":"#)
        writeNumber(result.settings.carbon.intensityGramsPerKWh)
        append(#","pue":"#)
        writeNumber(result.settings.carbon.pue)
        append("}")
        if let command = result.settings.command {
            append(#","command":"#)
            appendEncoded((try? CompactJSON.encodeBytes(command)) ?? Array("{}".utf8))
        }
        append(#","cpu_tdp_watts":"#)
        writeNumber(result.settings.cpuTDPWatts)
        append(#","inference_repeats":"#)
        writeInteger(result.settings.inferenceRepeats)
        append(#","threads":"#)
        writeInteger(result.settings.threads)
        append("}}")
    }

    private mutating func write(_ efficacy: Efficacy) {
        append("{")
        if let value = efficacy.extrapolationMSE {
            append(#""extrap_mse":"#)
            writeNumber(value)
            append(",")
        }
        if let value = efficacy.extrapolationRelL2 {
            append(#""extrap_rel_l2":"#)
            writeNumber(value)
            append(",")
        }
        append(#""final_loss":"#)
        writeNumber(efficacy.finalLoss)
        if let grid = efficacy.grid {
            append(#","grid_metrics":"#)
            write(grid)
        }
        append(#","initial_loss":"#)
        writeNumber(efficacy.initialLoss)
        append(#","test_mse":"#)
        writeNumber(efficacy.testMSE)
        append(#","test_rel_l2":"#)
        writeNumber(efficacy.testRelL2)
        append("}")
    }

    private mutating func write(_ grid: GridMetrics) {
        append(#"{"fields":{"#)
        for (index, name) in grid.fields.keys.sorted().enumerated() {
            if index > 0 { append(",") }
            writeString(name)
            let errors = grid.fields[name]!
            append(#":{"mse":"#)
            writeNumber(errors.mse)
            append(#","nmse":"#)
            writeNumber(errors.nmse)
            if let r = errors.pearsonR {
                append(#","pearson_r":"#)
                writeNumber(r)
            }
            append(#","vrmse":"#)
            writeNumber(errors.vrmse)
            append("}")
        }
        append(#"},"mse":"#)
        writeNumber(grid.mse)
        append(#","nmse":"#)
        writeNumber(grid.nmse)
        if let r = grid.pearsonR {
            append(#","pearson_r":"#)
            writeNumber(r)
        }
        append(#","rollout_vrmse":["#)
        for (index, value) in grid.rolloutVRMSE.enumerated() {
            if index > 0 { append(",") }
            writeNumber(value)
        }
        append(#"],"vrmse":"#)
        writeNumber(grid.vrmse)
        append("}")
    }

    private mutating func write(_ cost: PhaseCost) {
        append(#"{"co2_g":"#)
        writeNumber(cost.co2Grams)
        append(#","cpu_s":"#)
        writeNumber(cost.cpuSeconds)
        append(#","energy":{"joules":"#)
        writeNumber(cost.energy.joules)
        append(#","method":"#)
        writeString(cost.energy.method)
        append(#","source":"#)
        writeString(cost.energy.source.rawValue)
        append(#"},"flops":"#)
        writeNumber(cost.flops)
        append(#","peak_rss_bytes":"#)
        writeInteger(cost.peakRSSBytes)
        if let scope = cost.scope {
            append(#","scope":{"cpu_s":"#)
            writeString(scope.cpu.rawValue)
            append(#","peak_rss_bytes":"#)
            writeString(scope.peakRSS.rawValue)
            append("}")
        }
        append(#","wall_s":"#)
        writeNumber(cost.wallSeconds)
        append("}")
    }

    /// A `Double` as `CompactJSON` writes it: the shortest round-trip text without a trailing `.0`
    /// (as `JSONEncoder` writes it), non-finite values as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public mutating func writeNumber(_ value: Double) {
        guard value.isFinite else { return writeString(value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity") }
        let text = value.description
        write(.number(text.hasSuffix(".0") ? String(text.dropLast(2)) : text))
    }
}
