import Foundation
import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// A RESULT as the coordinator reads it. Its `result` is checked as `WireMessage.decode` checks it,
/// so that what the coordinator stores (the bytes as received) reads back as a `TrainResult`, but
/// its `config` is not decoded: `checkConfig` compares its bytes with the canonical JSON the TASK
/// carried, which is all the coordinator needs of it (decoding a `TrainConfig` per result was a
/// tenth of the coordinator's time).
struct ResultReceipt {
    let taskID: Int64
    let attempt: Int
    /// The result's efficacy and efficiency: what the store copies into its metric columns.
    let efficacy: Efficacy
    let efficiency: Efficiency
    /// The `result` object exactly as received.
    let resultJSON: Data
    /// The bytes of `result.config` as received.
    let configJSON: Data
    /// `result.config` parsed, for the rare check that has to decode it.
    let config: JSONValue

    /// Reads a RESULT's body (frame 2); throws what `WireMessage.decode` throws for a body it rejects,
    /// except for a bad `result.config`, which `checkConfig` finds.
    init(body: Data) throws(ProtocolError) {
        let (json, ranges) = try WireJSON.parse(body, command: .result, locating: [["result"], ["result", "config"]])
        let decoded = try WireJSON.decode(Body.self, from: json, command: .result)
        guard let resultRange = ranges[0], let configRange = ranges[1], let parsedConfig = json["result"]?["config"] else {
            throw .badJSON(command: .result, detail: #"at result.config: missing key "config""#)
        }
        if let problem = WireMessage.TaskResult.problem(taskID: decoded.taskID, attempt: decoded.attempt) {
            throw .invalidField(command: .result, field: problem.field, reason: problem.reason)
        }
        taskID = decoded.taskID
        attempt = decoded.attempt
        efficacy = decoded.result.efficacy
        efficiency = decoded.result.efficiency
        let (resultBytes, configBytes) = body.withUnsafeBytes { bytes in (Data(bytes[resultRange]), Data(bytes[configRange])) }
        resultJSON = resultBytes
        configJSON = configBytes
        self.config = parsedConfig
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
            decoded = try CompactJSON.decode(TrainConfig.self, from: config)
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

    /// A RESULT body with all of its `TrainResult` but the config, each key of the type
    /// `WireMessage.TaskResult` and `TrainResult` decode it as (decoded to be checked, though only
    /// efficacy and efficiency are kept).
    private struct Body: Decodable {
        let taskID: Int64
        let attempt: Int
        let result: ResultWithoutConfig

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", attempt, result
        }
    }

    private struct ResultWithoutConfig: Decodable {
        let configHash: String
        let seed: UInt64
        let efficacy: Efficacy
        let efficiency: Efficiency
        let settings: RunSettings
        let machine: MachineFingerprint
        let gitCommit: String?

        enum CodingKeys: String, CodingKey {
            case configHash = "config_hash", seed, efficacy, efficiency, settings, machine
            case gitCommit = "git_commit"
        }
    }
}
