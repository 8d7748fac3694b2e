// The JSON of the per-task messages, hand-written against Foundation's coders and the generic
// `CompactJSON` path: TASK written by the coordinator and read by a worker, RESULT written by a
// worker and read by the coordinator, CREDIT sent after each task. `WireJSONCost CASE COUNT` runs one
// operation COUNT times and prints the wall time per operation; Benchmarks/wire-json.sh counts the
// instructions under callgrind (docs/benchmarks.md, "JSON on the per-task paths").
import Foundation
@testable import PhysweepCluster
import PhysweepMetering
import PhysweepJSON
import PhysweepTraining

/// Foundation's coders set up for physweep's dialect (sorted keys, non-finite numbers as strings).
let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return encoder
}()
let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return decoder
}()

// A burgers c-pinn task and a result with the figures a real run has (no round numbers).
var config = TrainConfig.defaults(system: .burgers, model: .cPINN)
config.seed = 3
let settings = RunSettings()
let settingsJSON = Array(WireJSON.encode(settings))
let configJSON = Array(config.canonicalJSON())
let task = WireMessage.TaskAssignment(taskID: 123_456, taskKey: config.key, sweep: "burgers-ladder", attempt: 1,
                                      config: config, settings: settings)
func phase(_ scale: Double) -> PhaseCost {
    PhaseCost(wallSeconds: 41.873_519_204 * scale, cpuSeconds: 80.551_937_3 * scale, flops: 3.917_342_118_4e12 * scale,
              peakRSSBytes: 187_449_344, energy: EnergyReading(joules: 2_791.640_258 * scale, source: .estimated,
                                                               method: "tdp-share/thread-cpu"),
              co2Grams: 0.310_182_25 * scale)
}
let result = TrainResult(
    config: config,
    efficacy: Efficacy(initialLoss: 0.506_213_88, finalLoss: 1.873_624_1e-4, testMSE: 3.441_270_9e-5, testRelL2: 0.012_337_5),
    efficiency: Efficiency(parameterCount: 7_851, train: phase(1), inference: phase(1e-4)),
    settings: settings, machine: MachineFingerprint(cpuModel: "AMD EPYC 7B13", logicalCores: 2, os: "Linux 6.8.0", hostname: "node-17"),
    gitCommit: "2f3ede2")
let resultMessage = WireMessage.TaskResult(taskID: 123_456, attempt: 1, result: result)

let taskBody = WireMessage.TaskAssignment.encodedBody(taskID: task.taskID, taskKey: task.taskKey, sweep: task.sweep,
                                                      attempt: task.attempt, configJSON: configJSON, settingsJSON: settingsJSON)
let resultBody = resultMessage.encodedBody()
precondition(taskBody == (try! encoder.encode(task)), "the hand-written TASK differs from JSONEncoder's")
precondition(resultBody == (try! encoder.encode(resultMessage)), "the hand-written RESULT differs from JSONEncoder's")

/// The operations, each as the process that runs it does it; each returns a byte count so nothing is optimised away.
var cases: [String: () -> Int] = [
    // Coordinator, per TASK: the stored canonical config spliced in (today), or the config decoded
    // from the store and the whole body encoded by Foundation.
    "task-write-hand": {
        WireMessage.TaskAssignment.encodedBody(taskID: task.taskID, taskKey: task.taskKey, sweep: task.sweep,
                                               attempt: task.attempt, configJSON: configJSON, settingsJSON: settingsJSON).count
    },
    "task-write-foundation": { try! encoder.encode(task).count },
    "task-write-foundation+config-decode": {
        var copy = task
        copy.config = try! decoder.decode(TrainConfig.self, from: Data(configJSON))
        return try! encoder.encode(copy).count
    },
    // Worker, per TASK.
    "task-read-hand": { try! WireMessage.TaskAssignment(body: taskBody).attempt },
    "task-read-foundation": { try! decoder.decode(WireMessage.TaskAssignment.self, from: taskBody).attempt },
    "task-read-compact": { try! WireJSON.decode(WireMessage.TaskAssignment.self, from: WireJSON.parse(taskBody, command: .task).value, command: .task).attempt },
    // Worker, per RESULT: written by hand (`TaskResult.encodedBody`), or by Foundation.
    "result-write-hand": { WireMessage.result(resultMessage).frames()[2].count },
    "result-write-foundation": { try! encoder.encode(resultMessage).count },
    // Coordinator, per RESULT: ResultReceipt (today), Foundation's decoder, or the generic CompactJSON decode.
    "result-read-hand": {
        let receipt = try! ResultReceipt(body: resultBody)
        try! receipt.checkConfig(against: (key: task.taskKey, json: configJSON))
        return receipt.resultJSON.count
    },
    "result-read-foundation": { try! decoder.decode(WireMessage.TaskResult.self, from: resultBody).attempt },
    "result-read-compact": {
        if case .result(let body) = try! WireMessage.decode(bodyFrame: resultBody, of: .result) {
            return body.attempt
        }
        return 0
    },
]

// CREDIT, sent by a worker after each task (written by Foundation through `CompactJSON`) and read by
// the coordinator (`CompactJSON`'s generic reader, or Foundation's).
let creditBody = WireJSON.encode(WireMessage.Credit(slots: 1))
cases["credit-write-foundation"] = { WireMessage.credit(.init(slots: 1)).frames()[2].count }
cases["credit-read-compact"] = {
    if case .credit(let body) = try! WireMessage.decode(bodyFrame: creditBody, of: .credit) { return body.slots }
    return 0
}
cases["credit-read-foundation"] = { try! decoder.decode(WireMessage.Credit.self, from: creditBody).slots }

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, let operation = cases[name], let count = arguments.dropFirst().first.flatMap(Int.init) else {
    print("usage: WireJSONCost CASE COUNT   (cases: \(cases.keys.sorted().joined(separator: ", ")))")
    exit(2)
}
var sink = 0
let start = ContinuousClock.now
for _ in 0..<count { sink &+= operation() }
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
print("\(name): \(count) in \(seconds) s, \(count > 0 ? seconds / Double(count) * 1e6 : 0) µs each (checksum \(sink))")
