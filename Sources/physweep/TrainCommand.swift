import ArgumentParser
import Foundation
import PhysweepMetering
import PhysweepTraining

/// `physweep train`: trains one configuration and prints its efficacy and cost.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one configuration and report its error and what it cost.",
        discussion: TrainCommandHelp.text)

    @Option(help: "The physical system: \(SystemKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var system: String

    @Option(help: "The model (rung of the ladder); default: the system's first model.")
    var model: String?

    @Flag(help: "Print the full result as JSON instead of a table.")
    var json = false

    @Flag(help: "Print the resolved configuration as JSON and exit without training.")
    var dryRun = false

    @Option(help: "BLAS threads.")
    var threads = 1

    @Option(help: "Grid carbon intensity, g CO2e per kWh.")
    var carbonIntensity = CarbonSettings().intensityGramsPerKWh

    @Option(help: "Data-centre power usage effectiveness (≥ 1).")
    var pue = CarbonSettings().pue

    @Option(help: "CPU thermal design power for the energy estimate, watts.")
    var tdpWatts = RunSettings().cpuTDPWatts

    @Option(help: "Inference passes over the test set (the median is reported).")
    var inferenceRepeats = RunSettings().inferenceRepeats

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var fields: [String] = []

    func run() throws {
        let config = try resolvedConfig()
        if dryRun {
            print(String(decoding: config.canonicalJSON(), as: UTF8.self))
            return
        }
        let settings = try runSettings()
        let reporter = ProgressLine()
        let result: TrainResult
        do {
            result = try Trainer.run(config, settings: settings, progress: reporter.map { r in r.show })
        } catch {
            reporter?.finish()
            throw ValidationError("training failed: \(error)")
        }
        reporter?.finish()
        print(json ? result.jsonText() : result.summaryTable())
    }

    /// The system's defaults with every `--field value` applied, checked as a whole.
    private func resolvedConfig() throws -> TrainConfig {
        guard let systemKind = SystemKind(rawValue: system) else {
            throw ValidationError(Self.unknown("--system", system, SystemKind.allCases.map(\.rawValue)))
        }
        var modelKind: ModelKind?
        if let model {
            let names = systemKind.models.map(\.rawValue)
            guard let kind = ModelKind(rawValue: model), systemKind.models.contains(kind) else {
                throw ValidationError(Self.unknown("--model (of system \(system))", model, names))
            }
            modelKind = kind
        }
        var config = TrainConfig.defaults(system: systemKind, model: modelKind)
        do {
            try ConfigOverrides.apply(fields, to: &config)
        } catch {
            throw ValidationError(error.description)
        }
        return config
    }

    private func runSettings() throws -> RunSettings {
        guard threads >= 1 else { throw ValidationError("--threads: got \(threads), expected an integer ≥ 1") }
        guard inferenceRepeats >= 1 else {
            throw ValidationError("--inference-repeats: got \(inferenceRepeats), expected an integer ≥ 1")
        }
        guard carbonIntensity >= 0, carbonIntensity.isFinite else {
            throw ValidationError("--carbon-intensity: got \(carbonIntensity), expected a number ≥ 0")
        }
        guard pue >= 1, pue.isFinite else { throw ValidationError("--pue: got \(pue), expected a number ≥ 1") }
        guard tdpWatts > 0, tdpWatts.isFinite else {
            throw ValidationError("--tdp-watts: got \(tdpWatts), expected a number > 0")
        }
        return RunSettings(threads: threads, carbon: CarbonSettings(intensityGramsPerKWh: carbonIntensity, pue: pue),
                           cpuTDPWatts: tdpWatts, inferenceRepeats: inferenceRepeats)
    }

    private static func unknown(_ flag: String, _ value: String, _ names: [String]) -> String {
        var message = "\(flag): got '\(value)', expected one of \(names.joined(separator: ", "))"
        if let close = ClosestName.find(value, in: names) { message += " (did you mean '\(close)'?)" }
        return message
    }
}

/// A one-line progress display on stderr, redrawn in place; only when stderr is a terminal.
private final class ProgressLine {
    private var lastDraw = Date.distantPast

    init?() {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
    }

    func show(_ p: TrainProgress) {
        // Redrawing more often than a few times a second only costs time.
        guard Date().timeIntervalSince(lastDraw) > 0.2 || p.step == p.totalSteps else { return }
        lastDraw = Date()
        let line = String(format: "\rstep %d/%d  loss %.4e   ", p.step, p.totalSteps, p.loss)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
