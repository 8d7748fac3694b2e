import PhysweepTraining
import Yams

extension SpecParser {
    /// A `fixed:` block: one value per field.
    func settings(_ node: Node, at path: String, owners: inout [String: SpecSource]) -> [SpecSetting] {
        guard let entries = mapping(node, at: path) else { return [] }
        var settings: [SpecSetting] = []
        for entry in entries {
            let key = join(path, entry.key)
            guard let field = claim(entry, at: key, owners: &owners),
                  let value = configValue(entry.value, at: key),
                  validate(value, for: field, node: entry.value, at: key) else { continue }
            settings.append(SpecSetting(field: field.name, value: value))
        }
        return settings
    }

    /// A `grid:` block: one axis per field, in spec order.
    func gridAxes(_ node: Node, at path: String, owners: inout [String: SpecSource]) -> [SweepAxis] {
        guard let entries = mapping(node, at: path) else { return [] }
        return entries.compactMap { entry in
            let key = join(path, entry.key)
            guard let field = claim(entry, at: key, owners: &owners),
                  let values = values(entry.value, for: field, at: key) else { return nil }
            return SweepAxis(origin: key, fields: [field.name], rows: values.map { [$0] })
        }
    }

    /// The `zip:` block: lists of equal length that vary together, as one axis.
    func zipAxis(_ node: Node) -> SweepAxis? {
        guard let entries = mapping(node, at: "zip") else { return nil }
        var columns: [(field: String, values: [ConfigValue])] = []
        var expectedLength: (count: Int, field: String)?
        var valid = !entries.isEmpty
        if entries.isEmpty { report(node, key: "zip", "no lists to zip", expected: "field: [values] entries") }
        for entry in entries {
            let key = "zip.\(entry.key)"
            guard let field = claim(entry, at: key, owners: &topSources),
                  let values = values(entry.value, for: field, at: key) else { valid = false; continue }
            if let expectedLength, expectedLength.count != values.count {
                report(entry.value, key: key, "zipped lists differ in length: \(entry.key) has \(values.count) values, "
                       + "\(expectedLength.field) has \(expectedLength.count)", expected: "lists of equal length")
                valid = false
            }
            expectedLength = expectedLength ?? (values.count, entry.key)
            columns.append((field.name, values))
        }
        guard valid, let length = expectedLength?.count else { return nil }
        return SweepAxis(origin: "zip", fields: columns.map(\.field),
                         rows: (0..<length).map { row in columns.map { $0.values[row] } })
    }

    /// The values of a grid or zip list, each validated for the field.
    private func values(_ node: Node, for field: ConfigField, at path: String) -> [ConfigValue]? {
        guard let items = list(node, at: path) else { return nil }
        var values: [ConfigValue] = []
        var valid = true
        for (i, item) in items.enumerated() {
            let key = "\(path)[\(i)]"
            guard let value = configValue(item, at: key), validate(value, for: field, node: item, at: key) else {
                valid = false
                continue
            }
            values.append(value)
        }
        return valid ? values : nil
    }

    /// Resolves a key to its field and records where it is set; a field may be set in only one place
    /// per level. A second setting is reported but its field still returned, so its values get checked too.
    func claim(_ entry: SpecEntry, at path: String, owners: inout [String: SpecSource]) -> ConfigField? {
        guard let field = field(named: entry.key, keyNode: entry.keyNode, at: path) else { return nil }
        if let previous = owners[field.name] {
            report(entry.keyNode, key: path, "'\(field.name)' is already set by \(previous.path) "
                   + "(line \(previous.line))", expected: "each field set in only one of fixed, grid, zip, random")
        } else {
            owners[field.name] = source(entry.keyNode, path: path)
        }
        return field
    }
}
