/// A scalar value for one configuration field, as it arrives from a YAML spec or a command line.
public enum ConfigValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let v): return v
        case .bool(let v): return String(v)
        }
    }

    /// The value's kind, named as a user would say it (for error messages).
    public var kindName: String {
        switch self {
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .bool: return "boolean"
        }
    }
}

/// Why a value could not be assigned to a configuration field.
public struct ConfigValueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's public name (e.g. `learning_rate`).
    public var key: String
    /// The offending value.
    public var value: ConfigValue
    /// What was expected instead, e.g. "an integer ≥ 1" or "one of relu, tanh, sine, snake, gelu".
    public var expected: String
    /// The closest valid name, when the value looks like a misspelt name.
    public var suggestion: String?

    public var description: String {
        var s = "\(key): got \(value.kindName) '\(value)', expected \(expected)"
        if let suggestion { s += " (did you mean '\(suggestion)'?)" }
        return s
    }
}
