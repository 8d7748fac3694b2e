import Foundation
import PhysweepTraining

/// The teaching part of `physweep train --help`: systems, their models, and every config flag with
/// what it accepts and its defaults, all generated from `SystemKind`, `ConfigField.all` and
/// `TrainConfig.defaults`, so the help cannot drift from what is accepted.
enum TrainCommandHelp {
    static var text: String {
        var lines = ["SYSTEMS AND MODELS (the first model is the default):"]
        for system in SystemKind.allCases {
            let models = system.models == [.none] ? "(no model)" : system.models.map(\.rawValue).joined(separator: ", ")
            lines.append("  " + system.rawValue.cell(14) + models)
        }
        lines += ["", "CONFIG FLAGS (--name value or --name=value):"]
        for field in ConfigField.all {
            lines.append("  " + field.flag.cell(22) + field.expected)
        }
        let trainable = SystemKind.allCases.filter { $0.models != [.none] }
        let defaults = trainable.map { TrainConfig.defaults(system: $0) }
        lines += ["", "DEFAULTS (of each system's default model):",
                  "  " + "flag".cell(22) + trainable.map { $0.rawValue.cell(14) }.joined()]
        for field in ConfigField.all {
            lines.append("  " + field.flag.cell(22) + defaults.map { defaultValue(of: field, in: $0).cell(14) }.joined())
        }
        lines += ["", "Other models change some defaults (e.g. pinn adds collocation points); see the",
                  "resolved configuration with --dry-run, e.g.",
                  "  physweep train --system burgers --model c-pinn --dry-run", "",
                  "EXAMPLES:",
                  "  physweep train --system oscillator --model pinn --width 32 --steps 5000",
                  "  physweep train --system burgers --model c-pinn --json"]
        return lines.map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }

    /// A field's value as the config's JSON spells it (so help and specs agree on spelling).
    private static func defaultValue(of field: ConfigField, in config: TrainConfig) -> String {
        switch field.storage {
        case .integer(let path): return String(config[keyPath: path])
        case .real(let path):
            let value = config[keyPath: path]
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.4g", value)
        case .unsigned(let path): return String(config[keyPath: path])
        case .choice(let choice): return choice.rawValue(config)
        }
    }
}

private extension String {
    /// Left-aligned in a cell of `width` columns (at least one space after).
    func cell(_ width: Int) -> String { padding(toLength: max(width, count + 1), withPad: " ", startingAt: 0) }
}
