import PhysweepTraining
import Yams

/// One `key: value` pair of a YAML mapping, with the key's node for error positions.
struct SpecEntry {
    var key: String
    var keyNode: Node
    var value: Node
}

extension SpecParser {
    /// The entries of a mapping; reports a wrong type, non-string keys and (with `allowed`) unknown keys, which are skipped.
    func mapping(_ node: Node, at path: String, allowed: [String]? = nil) -> [SpecEntry]? {
        guard case .mapping(let pairs) = node else {
            report(node, key: path, "got \(describe(node))", expected: "a mapping of key: value")
            return nil
        }
        var entries: [SpecEntry] = []
        for (keyNode, value) in pairs {
            guard case .scalar(let scalar) = keyNode else {
                report(keyNode, key: path, "got \(describe(keyNode)) as a key", expected: "a name")
                continue
            }
            let key = scalar.string
            if let allowed, !allowed.contains(key) {
                reportUnknown(keyNode, key: join(path, key), what: "key", name: key, valid: allowed)
                continue
            }
            entries.append(SpecEntry(key: key, keyNode: keyNode, value: value))
        }
        return entries
    }

    /// The items of a list; `nonEmpty` reports `[]` as an impossible value.
    func list(_ node: Node, at path: String, nonEmpty: Bool = true) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(node, key: path, "got \(describe(node))", expected: "a list, e.g. [a, b]")
            return nil
        }
        let items = Array(sequence)
        if nonEmpty && items.isEmpty {
            report(node, key: path, "empty list", expected: "at least one value")
            return nil
        }
        return items
    }

    func string(_ node: Node, at path: String) -> String? {
        guard case .scalar(let scalar) = node, node.tagName == .str else {
            report(node, key: path, "got \(describe(node))", expected: "a string")
            return nil
        }
        return scalar.string
    }

    /// An integer in minimum...maximum; one YAML writes beyond `Int`'s range is reported as such.
    func integer(_ node: Node, at path: String, atLeast minimum: Int, atMost maximum: Int = .max) -> Int? {
        let expected = maximum == .max ? "an integer ≥ \(minimum)" : "an integer from \(minimum) to \(maximum)"
        guard node.tagName == .int, let value = node.int else {
            let outOfRange = node.tagName == .int ? " (out of range)" : ""
            report(node, key: path, "got \(describe(node))\(outOfRange)", expected: expected)
            return nil
        }
        guard value >= minimum, value <= maximum else {
            report(node, key: path, "got \(describe(node))", expected: expected)
            return nil
        }
        return value
    }

    /// A number (integers are numbers too) that is at least `minimum`, or above it when `exclusive`.
    func number(_ node: Node, at path: String, atLeast minimum: Double, exclusive: Bool = false) -> Double? {
        let bound = minimum == minimum.rounded() ? String(Int(minimum)) : String(minimum)
        let expected = "a number \(exclusive ? ">" : "≥") \(bound)"
        guard let value = numericValue(node) else {
            report(node, key: path, "got \(describe(node))", expected: expected)
            return nil
        }
        guard value.isFinite, exclusive ? value > minimum : value >= minimum else {
            report(node, key: path, "got \(describe(node))", expected: expected)
            return nil
        }
        return value
    }

    func numericValue(_ node: Node) -> Double? {
        switch node.tagName {
        case .int: return node.int.map(Double.init)
        case .float: return node.float
        default: return nil
        }
    }

    /// A scalar as a `ConfigValue`, typed the way YAML resolves it: `16` is an integer, `1e-3` a
    /// number, `true` a boolean, `tanh` and `"16"` strings.
    func configValue(_ node: Node, at path: String) -> ConfigValue? {
        guard case .scalar(let scalar) = node else {
            report(node, key: path, "got \(describe(node))", expected: "a single value")
            return nil
        }
        switch node.tagName {
        case .int:
            if let v = node.int { return .int(v) }
        case .float:
            if let v = node.float { return .double(v) }
        case .bool:
            if let v = node.bool { return .bool(v) }
        case .str:
            return .string(scalar.string)
        default:
            break
        }
        report(node, key: path, "got \(describe(node))", expected: "a single value")
        return nil
    }

    /// The field a spec key names. Explains the keys that look like fields but are set elsewhere.
    func field(named name: String, keyNode: Node, at path: String) -> ConfigField? {
        switch name {
        case "seed":
            report(keyNode, key: path, "seeds are swept by the top-level 'seeds:' entry", suggestion: "seeds")
            return nil
        case "system", "systems", "model", "models":
            report(keyNode, key: path, "systems and their models are chosen under the top-level 'systems:' entry")
            return nil
        default:
            guard let field = fields[name] else {
                reportUnknown(keyNode, key: path, what: "field", name: name, valid: settableFieldNames)
                return nil
            }
            return field
        }
    }

    /// Whether `value` is acceptable for `field`, reported at `node` if not.
    @discardableResult
    func validate(_ value: ConfigValue, for field: ConfigField, node: Node, at path: String) -> Bool {
        var scratch = TrainConfig.defaults(system: .noop)
        do {
            try field.set(value, in: &scratch)
            return true
        } catch {
            // Choice fields list their names ("one of ..."): a string there is a name the field does not know.
            let isUnknownName = error.expected.hasPrefix("one of ") && value.kindName == "string"
            let message = isUnknownName ? "unknown \(field.name) '\(value)'" : "got \(value.kindName) \(value)"
            report(node, key: path, message, expected: error.expected, suggestion: error.suggestion)
            return false
        }
    }

    /// The kind of a node as a user would say it.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.tagName {
            case .int: return "integer \(scalar.string)"
            case .float: return "number \(scalar.string)"
            case .bool: return "boolean \(scalar.string)"
            case .null: return "an empty value"
            default: return "string '\(scalar.string)'"
            }
        }
    }

    /// `grid` + `width` → `grid.width`; `` + `name` → `name`.
    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

extension Node {
    /// The resolved tag (`int`, `float`, `str`, ...): how YAML typed a plain scalar like `1e-3` or `tanh`.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
