import Foundation
import PhysweepJSON
import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// A RESULT as the coordinator reads it. Its `result` is checked as `WireMessage.decode` checks it,
/// so that what the coordinator stores (the bytes as received) reads back as a `TrainResult`, but
/// by `ResultBodyReader`, straight from the bytes, and its `config` is not decoded: `checkConfig`
/// compares its bytes with the canonical JSON the TASK carried, which is all the coordinator needs
/// of it (decoding a `TrainConfig` per result was a tenth of the coordinator's time).
struct ResultReceipt {
    let taskID: Int64
    let attempt: Int
    /// The worker that ran it, if the RESULT says (`worker_id`): it then wants an ACK.
    let workerID: String?
    /// The result's efficacy and efficiency: what the store copies into its metric columns.
    let efficacy: Efficacy?
    let efficiency: Efficiency
    /// The `result` object exactly as received.
    let resultJSON: Data
    /// The bytes of `result.config` as received.
    let configJSON: Data

    /// Reads a RESULT's body (frame 2); throws what `WireMessage.decode` throws for a body it rejects,
    /// except for a bad `result.config`, which `checkConfig` finds.
    init(body: Data) throws(ProtocolError) {
        // Carried out of the closure rather than thrown through it (see `CompactJSON.parse`).
        var read: Result<ResultBodyReader.Fields, ProtocolError>?
        body.withUnsafeBytes { raw in
            read = Result { () throws(ProtocolError) in try ResultBodyReader.read(raw.bindMemory(to: UInt8.self)) }
        }
        let fields = try read!.get()
        if let problem = WireMessage.TaskResult.problem(taskID: fields.taskID, attempt: fields.attempt, workerID: fields.workerID) {
            throw .invalidField(command: .result, field: problem.field, reason: problem.reason)
        }
        taskID = fields.taskID
        attempt = fields.attempt
        workerID = fields.workerID
        efficacy = fields.efficacy
        efficiency = fields.efficiency
        let base = body.startIndex
        resultJSON = body.subdata(in: base + fields.resultRange.lowerBound..<base + fields.resultRange.upperBound)
        configJSON = body.subdata(in: base + fields.configRange.lowerBound..<base + fields.configRange.upperBound)
    }

    /// Checks that `result.config` is the config of the task reported on. `expected`: that task's
    /// key and canonical JSON, nil if no such task is pending here (then the config need only be a
    /// valid `TrainConfig`, so that a malformed RESULT counts as malformed whatever its task).
    /// The bytes the TASK carried pass at once; other bytes (a worker that writes JSON its own way)
    /// must decode to a config with the task's key.
    func checkConfig(against expected: (key: String, json: [UInt8])?) throws(ProtocolError) {
        if let expected, configJSON.count == expected.json.count,
           configJSON.withUnsafeBytes({ $0.elementsEqual(expected.json) }) { return }
        let decoded: TrainConfig
        do {
            decoded = try CompactJSON.decode(TrainConfig.self, from: configJSON)
        } catch let error as DecodingError {
            throw .badJSON(command: .result, detail: "in result.config, \(WireJSON.describe(error))")
        } catch {
            throw .badJSON(command: .result, detail: "in result.config: \(error)")
        }
        if let expected, decoded.key != expected.key {
            throw .invalidField(command: .result, field: "result.config",
                                reason: "is not the config of task \(taskID): its key is \(decoded.key), the task's \(expected.key)")
        }
    }
}
