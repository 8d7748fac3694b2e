import Foundation

/// A field the user defined for the command system: any name, with the values the spec lists
/// (typed by them: integers, numbers, strings or booleans). A task holds one value of each field,
/// as one digit of `TrainConfig.commandPoint` (mixed radix, the first field least significant), so
/// the config stays a plain value and distinct values give distinct task keys.
public struct CommandField: Codable, Hashable, Sendable {
    /// The field's name, as in the spec and the `{name}` placeholders.
    public var name: String
    /// Its values in spec order (the digit is an index into them).
    public var values: [ConfigValue]

    public init(name: String, values: [ConfigValue]) {
        self.name = name
        self.values = values
    }

    enum CodingKeys: String, CodingKey { case name, values }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        values = try container.decode([CommandValue].self, forKey: .values).map(\.value)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(values.map(CommandValue.init), forKey: .values)
    }
}

/// A `ConfigValue` as a JSON scalar (`3`, `0.5`, `"adam"`, `true`).
struct CommandValue: Codable {
    var value: ConfigValue

    init(_ value: ConfigValue) { self.value = value }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let double = try? container.decode(Double.self) {
            value = .double(double)
        } else {
            value = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .int(let v): try container.encode(v)
        case .double(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        case .bool(let v): try container.encode(v)
        }
    }
}

extension CommandSettings {
    /// The value of every user field at `point` (`TrainConfig.commandPoint`), in field order; nil when
    /// the point lies outside the grid (a config that did not come from this sweep).
    public func values(at point: Int) -> [(name: String, value: ConfigValue)]? {
        var rest = point
        var found: [(String, ConfigValue)] = []
        for field in fields {
            guard !field.values.isEmpty else { return nil }
            found.append((field.name, field.values[rest % field.values.count]))
            rest /= field.values.count
        }
        return rest == 0 && point >= 0 ? found : nil
    }

    /// A 62-bit FNV-1a hash of the fields' names and value lists (their JSON): a point means the same
    /// values only under the same lists, so a task's key carries this beside its point — inserting or
    /// reordering a value cannot hand a stored result to other values.
    public var fieldsDigest: Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (try? encoder.encode(fields)) ?? Data() { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash >> 2)
    }

    /// Each user field as a `ConfigField` that sets its digit of `commandPoint` (and
    /// `commandDigest`), so specs' `fixed:` and `grid:` set user fields exactly as they set
    /// physweep's own.
    public func configFields() -> [ConfigField] {
        let digest = fieldsDigest
        var stride = 1
        return fields.map { field in
            let fieldStride = stride, count = field.values.count, values = field.values, key = field.name
            stride = stride.multipliedReportingOverflow(by: max(1, count)).partialValue
            let expected = "one of the values listed for '\(key)' in the spec"
            return ConfigField(name: "command_point", publicName: key, expected: expected,
                               storage: .integer(\.commandPoint), omittedAt: nil) { value, config throws(ConfigValueError) in
                guard let index = values.firstIndex(where: { CommandSettings.same($0, value) }) else {
                    throw ConfigValueError(key: key, value: value, expected: expected)
                }
                let digit = (config.commandPoint / fieldStride) % count
                config.commandPoint += (index - digit) * fieldStride
                config.commandDigest = digest
            }
        }
    }

    /// Equal values, an integer equal to a number included (`1` and `1.0`).
    static func same(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        default: return a == b
        }
    }
}
