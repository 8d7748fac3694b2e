import PhysweepTraining

/// A configuration's fields as (public name, value) pairs, in `ConfigField.table` order, so that
/// every field added to `TrainConfig` shows up in reports by itself.
struct ConfigColumns {
    /// `system`, `model`, then every settable field (the last is `seed`).
    static let names: [String] = ConfigField.table.map(\.name)

    private static let fields = Dictionary(uniqueKeysWithValues: ConfigField.table.map { ($0.name, $0) })

    private let config: TrainConfig
    /// The command system's user fields, which `command_point` stands for.
    private let command: CommandSettings?

    init(_ config: TrainConfig, command: CommandSettings? = nil) {
        self.config = config
        self.command = command
    }

    /// A command task's user fields, as `lr=0.1, degree=3`, which `command_point` stands for.
    static let commandPointName = "command_point"

    /// The field's value as a table cell.
    func cell(_ name: String) -> ReportCell {
        if name == Self.commandPointName, let values = command?.values(at: config.commandPoint) {
            return .text(values.map { "\($0.name)=\($0.value)" }.joined(separator: ", "))
        }
        guard let field = Self.fields[name] else { return .empty }
        switch field.storage {
        case .integer(let path): return .integer(config[keyPath: path])
        case .real(let path): return .number(config[keyPath: path])
        case .choice(let choice): return .text(choice.rawValue(config))
        case .unsigned(let path):
            // Seeds are UInt64: shown as text beyond Int's range rather than rounded through Double.
            let value = config[keyPath: path]
            return value <= UInt64(Int.max) ? .integer(Int(value)) : .text(String(value))
        }
    }

    /// The field's value as text ("" when absent).
    func text(_ name: String) -> String { cell(name).csvText }
}
