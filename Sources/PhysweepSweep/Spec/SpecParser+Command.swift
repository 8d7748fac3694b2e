import Foundation
import PhysweepTraining
import Yams

extension SpecParser {
    static let commandKeys = ["program", "args", "workdir", "env", "timeout", "grace", "output_dir"]

    /// The command system's block (`systems: {command: {command: {...}, fixed: ..., grid: ...}}`):
    /// reads `command:` and registers every name in its `fixed:` and `grid:` as a user-defined field
    /// (physweep's own names included: the program, not physweep, gives them meaning), so they are
    /// then read like physweep's fields. Returns physweep's table, to restore after the block.
    func commandSystem(_ block: [SpecEntry], at path: String) -> [String: ConfigField] {
        let physweepFields = fields
        defer { if let command { for field in command.configFields() { fields[field.name] = field } } }
        guard let entry = block.first(where: { $0.key == "command" }) else {
            report(block.first?.keyNode ?? .scalar(.init("")), key: "\(path).command", "missing required entry 'command'",
                   expected: "command: {program: ..., args: [...]}")
            return physweepFields
        }
        guard var settings = commandSettings(entry.value, at: "\(path).command") else { return physweepFields }
        var userFields: [CommandField] = []
        for item in block where item.key == "fixed" || item.key == "grid" {
            for field in mapping(item.value, at: "\(path).\(item.key)") ?? [] where !Self.reservedNames.contains(field.key) {
                let key = "\(path).\(item.key).\(field.key)"
                let nodes: [Node] = item.key == "fixed" ? [field.value] : (list(field.value, at: key) ?? [])
                let values = nodes.enumerated().compactMap { i, node in configValue(node, at: item.key == "fixed" ? key : "\(key)[\(i)]") }
                guard values.count == nodes.count, !values.isEmpty else { continue }
                guard Set(values.map(\.typeGroup)).count == 1 else {
                    report(field.value, key: key, "the values of user field '\(field.key)' mix types",
                           expected: "values of one type: integers and numbers, strings, or booleans")
                    continue
                }
                userFields.append(CommandField(name: field.key, values: values))
            }
        }
        settings.fields = userFields
        var placeholders = Dictionary(uniqueKeysWithValues: (userFields.map(\.name) + CommandSettings.builtInPlaceholders).map { ($0, "") })
        placeholders["seed"] = "0"
        for text in settings.arguments + Array(settings.environment.values) {
            do {
                _ = try CommandSettings.fill(text, with: placeholders)
            } catch {
                report(entry.value, key: "\(path).command", "\(error)",
                       expected: "placeholders naming a user field or one of " + CommandSettings.builtInPlaceholders.joined(separator: ", "))
            }
        }
        command = settings
        return physweepFields
    }

    /// Names a user field may not take.
    static let reservedNames: Set<String> = ["seed", "system", "systems", "model", "models"]

    private func commandSettings(_ node: Node, at path: String) -> CommandSettings? {
        guard let entries = mapping(node, at: path, allowed: Self.commandKeys) else { return nil }
        var settings = CommandSettings(program: "")
        let specDirectory = URL(fileURLWithPath: file).deletingLastPathComponent()
        var outputDirectory: String?
        for entry in entries {
            let key = "\(path).\(entry.key)"
            switch entry.key {
            case "program": settings.program = string(entry.value, at: key) ?? ""
            case "args": settings.arguments = (list(entry.value, at: key, nonEmpty: false) ?? []).enumerated().compactMap { i, item in
                    configValue(item, at: "\(key)[\(i)]")?.description
                }
            case "workdir": settings.workingDirectory = string(entry.value, at: key).map { Self.resolve($0, against: specDirectory) }
            case "env":
                for variable in mapping(entry.value, at: key) ?? [] {
                    settings.environment[variable.key] = configValue(variable.value, at: "\(key).\(variable.key)")?.description
                }
            case "timeout": settings.timeoutSeconds = number(entry.value, at: key, atLeast: 0, exclusive: true)
            case "grace": settings.graceSeconds = number(entry.value, at: key, atLeast: 0) ?? settings.graceSeconds
            default: outputDirectory = string(entry.value, at: key).map { Self.resolve($0, against: specDirectory) }
            }
        }
        guard !settings.program.isEmpty else {
            report(node, key: "\(path).program", "missing required entry 'program'", expected: "the program to run, e.g. python3")
            return nil
        }
        // Default: ./physweep-output of the process that reads the spec (`physweep run`'s directory).
        settings.outputDirectory = outputDirectory
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("physweep-output").path
        return settings
    }

    /// `path` as an absolute path, relative ones taken from `directory` (the spec file's).
    private static func resolve(_ path: String, against directory: URL) -> String {
        path.hasPrefix("/") ? path : directory.appendingPathComponent(path).standardizedFileURL.path
    }
}

extension ConfigValue {
    /// Integers and numbers together, strings, booleans: a user field's values share one.
    var typeGroup: Int {
        switch self {
        case .int, .double: return 0
        case .string: return 1
        case .bool: return 2
        }
    }
}
