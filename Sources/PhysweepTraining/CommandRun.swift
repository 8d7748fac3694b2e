import Foundation
import PhysweepMetering
import PhysweepProcess

/// One task of the command system: the user's program, run in a process group of its own and
/// metered from outside.
///
///     output dir <out>/<task_key>/attempt-<n>/ ─▶ config.json (also on stdin) ─▶ spawn program
///       ─▶ stdout → stdout.log, "physweep:progress {json}" lines → PROGRESS; stderr → stderr.log
///       ─▶ exit 0 and a JSON object in result.json ─▶ TrainResult (metrics + metered cost)
///       ─▶ anything else (non-zero exit, signal, timeout, missing or malformed result) ─▶ TrainError.commandFailed
///
/// The environment contract is documented in docs/spec.md ("The command system").
struct CommandRun {
    let config: TrainConfig
    let settings: RunSettings
    let command: CommandSettings
    let attempt: Int
    /// GPUs (device indices) this task's slot owns; nil: the worker gave none.
    let gpus: [Int]?
    let sharedProcess: Bool
    let progress: ((TrainProgress) -> Void)?

    /// Prefix of a progress line on the program's stdout; the rest of the line is a JSON object.
    static let progressPrefix = "physweep:progress "
    /// Largest result file read (bytes).
    static let maxResultBytes = 1 << 20
    /// Bytes of stderr kept in a failure's message.
    static let stderrTailBytes = 2048

    func run() throws -> TrainResult {
        if !command.fields.isEmpty && config.commandDigest != command.fieldsDigest {
            throw TrainError.invalidConfig([ConfigConflict(key: "command_digest",
                                                           message: "the task was made from other user-field values than the sweep's settings carry")])
        }
        guard let values = command.values(at: config.commandPoint) else {
            throw TrainError.invalidConfig([ConfigConflict(key: "command_point",
                                                           message: "\(config.commandPoint) lies outside the sweep's grid of user fields")])
        }
        let key = config.key
        let directory = URL(fileURLWithPath: command.outputDirectory).appendingPathComponent(key)
            .appendingPathComponent("attempt-\(attempt)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = { (name: String) in directory.appendingPathComponent(name).path }
        let resultPath = file("result.json"), configPath = file("config.json")
        try? FileManager.default.removeItem(atPath: resultPath)

        var placeholders = Dictionary(values.map { ($0.name, $0.value.description) }, uniquingKeysWith: { a, _ in a })
        placeholders["seed"] = String(config.seed)
        placeholders["task_key"] = key
        placeholders["attempt"] = String(attempt)
        placeholders["output_dir"] = directory.path
        let arguments = try command.arguments.map { text throws in try CommandSettings.fill(text, with: placeholders) }
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
                           "HOME": ProcessInfo.processInfo.environment["HOME"] ?? directory.path]
        for (name, text) in command.environment { environment[name] = try CommandSettings.fill(text, with: placeholders) }
        environment["PHYSWEEP_CONFIG"] = configPath
        environment["PHYSWEEP_RESULT_FILE"] = resultPath
        environment["PHYSWEEP_OUTPUT_DIR"] = directory.path
        environment["PHYSWEEP_TASK_KEY"] = key
        environment["PHYSWEEP_ATTEMPT"] = String(attempt)
        environment["PHYSWEEP_SEED"] = String(config.seed)
        if let gpus { environment["CUDA_VISIBLE_DEVICES"] = gpus.map(String.init).joined(separator: ",") }
        try configJSON(values: values, key: key, directory: directory.path, resultPath: resultPath)
            .write(to: URL(fileURLWithPath: configPath))

        let launch = ProcessLaunch(program: command.program, arguments: arguments, workingDirectory: command.workingDirectory,
                                   environment: environment, stdinPath: configPath,
                                   stdoutPath: file("stdout.log"), stderrPath: file("stderr.log"))
        let meter = PhaseMeter.start(settings: MeterSettings(tdpWatts: settings.cpuTDPWatts, carbon: settings.carbon,
                                                             sharedProcess: sharedProcess, gpuDevices: gpus))
        let sink = progress.map(ProgressSink.init)
        let supervisor = try ProcessSupervisor(launch, timeout: command.timeoutSeconds, grace: command.graceSeconds,
                                               linePrefix: Self.progressPrefix) { line in
            if let sink, let update = Self.progressReport(line) { sink.report(update) }
        }
        let token = RunningProcesses.shared.add(supervisor)
        let outcome = supervisor.wait()
        RunningProcesses.shared.remove(token)

        guard outcome.succeeded else { throw failure(Self.describe(outcome), stderrPath: file("stderr.log")) }
        let metrics: [String: Double]
        do {
            metrics = try Self.readMetrics(at: resultPath)
        } catch {
            throw failure("\(error)", stderrPath: file("stderr.log"))
        }
        let train = meter.stop(flops: metrics["flops"] ?? .nan, childCPUSeconds: outcome.cpuSeconds,
                               childPeakRSSBytes: outcome.peakRSSBytes)
        var result = TrainResult(config: config, efficacy: Self.efficacy(metrics),
                                 efficiency: Efficiency(parameterCount: Int(exactly: (metrics["params"] ?? 0).rounded()) ?? 0,
                                                        train: train, inference: Self.notMeasured),
                                 settings: settings, machine: MachineFingerprint.current(gpus: gpus), gitCommit: nil)
        result.command = CommandRecord(metrics: metrics, outputDirectory: directory.path, gpus: gpus,
                                       stdoutBytes: outcome.stdoutBytes)
        return result
    }

    /// The configuration handed to the program (the file named by `PHYSWEEP_CONFIG`, and stdin).
    private func configJSON(values: [(name: String, value: ConfigValue)], key: String, directory: String,
                            resultPath: String) throws -> Data {
        var fields = Dictionary(values.map { ($0.name, CommandValue($0.value)) }, uniquingKeysWith: { a, _ in a })
        fields["seed"] = CommandValue(.int(Int(clamping: config.seed)))
        let document = CommandConfigDocument(config: fields, taskKey: key, attempt: attempt, outputDir: directory,
                                             resultFile: resultPath, gpus: gpus)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    private func failure(_ what: String, stderrPath: String) -> TrainError {
        .commandFailed(what, stderrTail: Self.tail(of: stderrPath, bytes: Self.stderrTailBytes))
    }

    static func describe(_ outcome: ProcessOutcome) -> String {
        switch outcome.endedBy {
        case .timeout?: return "timed out after \(String(format: "%.0f", outcome.wallSeconds)) s (\(outcome.termination))"
        case .cancelled?: return "cancelled (\(outcome.termination))"
        case nil: return "the program ended with \(outcome.termination)"
        }
    }

    /// The metrics of a result file: a JSON object whose numeric members are kept (others ignored).
    static func readMetrics(at path: String) throws(CommandResultError) -> [String: Double] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .missing(path) }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxResultBytes + 1)) ?? Data()
        guard data.count <= maxResultBytes else { throw .malformed(path, "larger than \(maxResultBytes) bytes") }
        guard let object = try? JSONDecoder().decode([String: ResultMember].self, from: data) else {
            throw .malformed(path, "not a JSON object")
        }
        var metrics: [String: Double] = [:]
        for (name, member) in object {
            guard case .number(let number) = member else {
                if MetricName(rawValue: name) != nil { throw .malformed(path, "'\(name)' is not a number") }
                continue
            }
            metrics[name] = number
        }
        return metrics
    }

    /// Efficacy from the metrics physweep knows by name; nil when the program reported none of them.
    /// A name it did not report is NaN (shown as missing, never ranked).
    static func efficacy(_ metrics: [String: Double]) -> Efficacy? {
        let names = ["initial_loss", "final_loss", "test_mse", "test_rel_l2", "extrap_mse", "extrap_rel_l2"]
        guard names.contains(where: { metrics[$0] != nil }) else { return nil }
        return Efficacy(initialLoss: metrics["initial_loss"] ?? .nan, finalLoss: metrics["final_loss"] ?? .nan,
                        testMSE: metrics["test_mse"] ?? .nan, testRelL2: metrics["test_rel_l2"] ?? .nan,
                        extrapolationMSE: metrics["extrap_mse"], extrapolationRelL2: metrics["extrap_rel_l2"])
    }

    /// A command task has no separate inference phase physweep can meter: every figure is NaN.
    static let notMeasured = PhaseCost(wallSeconds: .nan, cpuSeconds: .nan, flops: .nan, peakRSSBytes: 0,
                                       energy: EnergyReading(joules: .nan, source: .estimated, method: "none:not-measured(command)"),
                                       co2Grams: .nan)

    /// A progress line's JSON: `{"step": 10, "total_steps": 100, "loss": 0.5}` (`total_steps`, `loss` optional).
    static func progressReport(_ line: String) -> TrainProgress? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let step = (object["step"] as? NSNumber)?.intValue else { return nil }
        return TrainProgress(step: step, totalSteps: (object["total_steps"] as? NSNumber)?.intValue ?? 0,
                             loss: (object["loss"] as? NSNumber)?.doubleValue ?? .nan)
    }

    /// The last `bytes` bytes of a file, as text.
    static func tail(of path: String, bytes: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(bytes) ? size - UInt64(bytes) : 0)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }
}

/// Why a result file could not be used.
enum CommandResultError: Error, CustomStringConvertible {
    case missing(String)
    case malformed(String, String)

    var description: String {
        switch self {
        case .missing(let path): return "the program exited 0 but wrote no result file (\(path))"
        case .malformed(let path, let why): return "malformed result file \(path): \(why)"
        }
    }
}

/// One member of a result file: a number, or anything else (kept out of the metrics).
private enum ResultMember: Decodable {
    case number(Double)
    case other

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if (try? container.decode(Bool.self)) != nil {
            self = .other
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .other
        }
    }
}

/// The caller's progress callback, called from the supervisor's stdout thread (one call at a time).
private struct ProgressSink: @unchecked Sendable {
    let report: (TrainProgress) -> Void
}

/// What the program is handed as JSON.
private struct CommandConfigDocument: Encodable {
    var config: [String: CommandValue]
    var taskKey: String
    var attempt: Int
    var outputDir: String
    var resultFile: String
    var gpus: [Int]?

    enum CodingKeys: String, CodingKey {
        case config, taskKey = "task_key", attempt, outputDir = "output_dir", resultFile = "result_file", gpus
    }
}
