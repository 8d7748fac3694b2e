import PhysweepTraining

/// One field set to one value, e.g. `steps: 200` from a spec's `fixed:` block.
public struct SpecSetting: Codable, Hashable, Sendable {
    /// A `ConfigField` name.
    public var field: String
    public var value: ConfigValue

    public init(field: String, value: ConfigValue) {
        self.field = field
        self.value = value
    }

    enum CodingKeys: String, CodingKey { case field, value }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        field = try c.decode(String.self, forKey: .field)
        value = try c.decode(TaggedConfigValue.self, forKey: .value).value
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        try c.encode(TaggedConfigValue(value), forKey: .value)
    }
}

/// One dimension of the sweep's cartesian product: rows of values for one or more fields that vary together.
///
/// A `grid:` list is an axis of one field; `zip:` is one axis of several fields; `random:` is one
/// axis whose rows are the drawn samples. Expansion takes the product of all axes.
public struct SweepAxis: Codable, Hashable, Sendable {
    /// Where the axis comes from, e.g. `grid.width`, `zip`, `random`.
    public var origin: String
    /// The `ConfigField` names of the columns.
    public var fields: [String]
    /// One value per field in each row.
    public var rows: [[ConfigValue]]

    public init(origin: String, fields: [String], rows: [[ConfigValue]]) {
        precondition(rows.allSatisfy { $0.count == fields.count }, "every row has one value per field")
        self.origin = origin
        self.fields = fields
        self.rows = rows
    }

    /// This axis without the given fields (overridden elsewhere), or nil when no field is left.
    func dropping(_ overridden: Set<String>) -> SweepAxis? {
        let kept = fields.indices.filter { !overridden.contains(fields[$0]) }
        if kept.count == fields.count { return self }
        if kept.isEmpty { return nil }
        return SweepAxis(origin: origin, fields: kept.map { fields[$0] }, rows: rows.map { row in kept.map { row[$0] } })
    }

    enum CodingKeys: String, CodingKey { case origin, fields, rows }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        origin = try c.decode(String.self, forKey: .origin)
        fields = try c.decode([String].self, forKey: .fields)
        rows = try c.decode([[TaggedConfigValue]].self, forKey: .rows).map { $0.map(\.value) }
        guard rows.allSatisfy({ $0.count == fields.count }) else {
            throw DecodingError.dataCorruptedError(forKey: .rows, in: c, debugDescription: "a row's length differs from the field count")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(origin, forKey: .origin)
        try c.encode(fields, forKey: .fields)
        try c.encode(rows.map { $0.map(TaggedConfigValue.init) }, forKey: .rows)
    }
}

/// A `ConfigValue` in JSON as `{"int": 3}`, `{"number": 0.5}`, `{"string": "tanh"}` or `{"bool": true}`,
/// because a bare JSON `1` cannot tell an integer from the number 1.0.
struct TaggedConfigValue: Codable {
    var value: ConfigValue

    init(_ value: ConfigValue) { self.value = value }

    enum CodingKeys: String, CodingKey { case int, number, string, bool }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(Int.self, forKey: .int) { value = .int(v) }
        else if let v = try c.decodeIfPresent(Double.self, forKey: .number) { value = .double(v) }
        else if let v = try c.decodeIfPresent(String.self, forKey: .string) { value = .string(v) }
        else if let v = try c.decodeIfPresent(Bool.self, forKey: .bool) { value = .bool(v) }
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected one of int, number, string, bool"))
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch value {
        case .int(let v): try c.encode(v, forKey: .int)
        case .double(let v): try c.encode(v, forKey: .number)
        case .string(let v): try c.encode(v, forKey: .string)
        case .bool(let v): try c.encode(v, forKey: .bool)
        }
    }
}
