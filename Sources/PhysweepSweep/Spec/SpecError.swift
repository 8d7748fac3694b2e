/// One problem in a sweep spec, located at the YAML node that caused it.
public struct SpecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The spec file as the user named it (or the name given to `SweepSpec.parse`).
    public var file: String
    /// 1-based line of the offending node.
    public var line: Int
    /// 1-based column of the offending node.
    public var column: Int
    /// Path of the offending entry, e.g. `grid.activation[1]` (empty for YAML syntax errors).
    public var key: String
    /// What is wrong.
    public var message: String
    /// What would be valid, when that can be said briefly.
    public var expected: String?
    /// The closest valid name, when the entry looks like a typo.
    public var suggestion: String?

    public init(file: String, line: Int, column: Int, key: String, message: String,
                expected: String? = nil, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
        self.expected = expected
        self.suggestion = suggestion
    }

    /// Compiler-style: `example.yaml:12:22: grid.activation[1]: unknown activation 'snak'; expected … (did you mean 'snake'?)`.
    public var description: String {
        var s = "\(file):\(line):\(column): "
        if !key.isEmpty { s += "\(key): " }
        s += message
        if let expected { s += "; expected \(expected)" }
        if let suggestion { s += " (did you mean '\(suggestion)'?)" }
        return s
    }
}

/// Every problem found in a spec (validation does not stop at the first), in file order.
public struct SpecErrors: Error, Hashable, Sendable, CustomStringConvertible {
    public var errors: [SpecError]

    public init(_ errors: [SpecError]) { self.errors = errors }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
