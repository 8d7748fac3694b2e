/// One field of `TrainConfig`: its public name, what it accepts, how its value is held, and when the
/// task key leaves it out.
///
/// This table is the single source of truth for the configuration's fields. Spec keys and their
/// validation, command-line flags and `--help`, the canonical JSON behind the task key, the
/// `Codable` conformance, the worker's TASK reader and the report's config columns all go through
/// it, so they accept and show exactly the same fields. Adding a field to `TrainConfig` is a stored
/// property, its value in `TrainConfig.defaults`, and one entry in `all` with an `omittedAt` value:
///
///     real("grad_clip", \.gradClip, positive: false, omittedAt: .double(0)),
public final class ConfigField: Sendable {
    /// Public name, as in YAML specs and JSON (e.g. `learning_rate`).
    public let name: String
    /// `name` as a static string, for readers that match raw bytes against it.
    public let staticName: StaticString
    /// What the field accepts, for error messages and `--help`.
    public let expected: String
    /// How the value is held in `TrainConfig`.
    public let storage: Storage
    /// The value at which the canonical JSON, and so the task key, leaves the field out; a config
    /// read from JSON that lacks the field takes this value. Nil for the 27 fields of the first key
    /// format (`system` … `seed`, listed in `TaskKeyStabilityTests`): they are always written, so
    /// that the keys stored before fields could be omitted stay valid. A field added later must have one, the value that does
    /// what physweep did before the field existed: configs that keep it there keep their keys.
    public let omittedAt: ConfigValue?
    /// A config holding `omittedAt` in this field (nil without `omittedAt`), to compare against.
    let omittedIn: TrainConfig?
    /// Where the field's value lies in a `TrainConfig`'s bytes: the hot paths (`ConfigKeyer`)
    /// compare fields bit for bit there instead of through the key path.
    let bytes: Range<Int>
    private let assign: @Sendable (ConfigValue, inout TrainConfig) throws(ConfigValueError) -> Void

    /// How a field's value is held, for code that treats every field alike.
    public enum Storage: Sendable {
        case integer(WritableKeyPath<TrainConfig, Int> & Sendable)
        case real(WritableKeyPath<TrainConfig, Double> & Sendable)
        /// A 64-bit unsigned integer (the seed).
        case unsigned(WritableKeyPath<TrainConfig, UInt64> & Sendable)
        /// One of an enum's raw values.
        case choice(Choice)
    }

    /// A field whose values are the raw strings of an enum.
    public struct Choice: Sendable {
        /// Where the enum lies in a `TrainConfig`'s bytes.
        let bytes: Range<Int>
        /// The enum's name (for decoding errors).
        public let typeName: String
        /// Its raw values, in declaration order.
        public let names: [String]
        /// The field's raw value in a config.
        public let rawValue: @Sendable (TrainConfig) -> String
        /// Sets the field from a raw value; false when it is not one of `names`.
        public let assign: @Sendable (inout TrainConfig, String) -> Bool
    }

    /// Assigns `value` to this field of `config`, or explains why it cannot.
    public func set(_ value: ConfigValue, in config: inout TrainConfig) throws(ConfigValueError) {
        try assign(value, &config)
    }

    /// The field named `name` among the settable ones (`all`), if any.
    public static func named(_ name: String) -> ConfigField? { all.first { $0.name == name } }

    /// Every field of `TrainConfig`: the system and the model, then `all`, then `command_point` and
    /// `command_digest`.
    public static let table: [ConfigField] = [
        choice("system", \.system),
        choice("model", \.model),
    ] + all + [
        // Set through the command system's user fields (`CommandSettings.configFields`), never by name.
        int("command_point", \.commandPoint, atLeast: 0, omittedAt: .int(0)),
        int("command_digest", \.commandDigest, atLeast: 0, omittedAt: .int(0)),
    ]

    /// Every settable field (the system and model are chosen separately: they select the defaults;
    /// `command_point` by the command system's user fields).
    public static let all: [ConfigField] = [
        choice("activation", \.activation),
        int("width", \.width, atLeast: 1),
        int("depth", \.depth, atLeast: 1),
        choice("dtype", \.dtype),
        choice("optimizer", \.optimizer),
        real("learning_rate", \.learningRate, positive: true),
        real("weight_decay", \.weightDecay, positive: false),
        choice("schedule", \.schedule),
        int("warmup_steps", \.warmupSteps, atLeast: 0),
        int("steps", \.steps, atLeast: 0),
        int("lbfgs_steps", \.lbfgsSteps, atLeast: 0),
        int("batch_size", \.batchSize, atLeast: 0),
        real("physics_weight", \.physicsWeight, positive: false),
        int("collocation_points", \.collocationPoints, atLeast: 0),
        int("data_points", \.dataPoints, atLeast: 0),
        int("ic_points", \.icPoints, atLeast: 0),
        int("bc_points", \.bcPoints, atLeast: 0),
        real("snake_alpha", \.snakeAlpha, positive: true),
        real("nu", \.nu, positive: true),
        real("omega0", \.omega0, positive: true),
        real("zeta", \.zeta, positive: false),
        real("noise_std", \.noiseStd, positive: false),
        real("sleep_seconds", \.sleepSeconds, positive: false),
        choice("fail", \.fail),
        ConfigField(name: "seed", expected: "an integer ≥ 0", storage: .unsigned(\.seed), omittedAt: nil) {
            value, config throws(ConfigValueError) in
            guard case .int(let v) = value, v >= 0 else {
                throw ConfigValueError(key: "seed", value: value, expected: "an integer ≥ 0")
            }
            config.seed = UInt64(v)
        },
        int("modes", \.modes, atLeast: 0, omittedAt: .int(0)),
        int("sampler_steps", \.samplerSteps, atLeast: 0, omittedAt: .int(0)),
        int("grid_nx", \.gridNx, atLeast: 0, omittedAt: .int(0)),
        int("grid_nz", \.gridNz, atLeast: 0, omittedAt: .int(0)),
        int("frames", \.frames, atLeast: 0, omittedAt: .int(0)),
        int("horizon", \.horizon, atLeast: 0, omittedAt: .int(0)),
    ]

    init(name: StaticString, publicName: String? = nil, expected: String, storage: Storage, omittedAt: ConfigValue?,
         assign: @escaping @Sendable (ConfigValue, inout TrainConfig) throws(ConfigValueError) -> Void) {
        bytes = storage.bytes
        self.name = publicName ?? "\(name)"
        self.staticName = name
        self.expected = expected
        self.storage = storage
        self.omittedAt = omittedAt
        self.assign = assign
        omittedIn = omittedAt.map { value in
            var config = TrainConfig.defaults(system: .noop)
            do {
                try assign(value, &config)
            } catch {
                preconditionFailure("ConfigField \(name): omittedAt is not a valid value: \(error)")
            }
            return config
        }
    }

    static func int(_ name: StaticString, _ path: WritableKeyPath<TrainConfig, Int> & Sendable, atLeast minimum: Int,
                            omittedAt: ConfigValue? = nil) -> ConfigField {
        let expected = "an integer ≥ \(minimum)", key = "\(name)"
        return ConfigField(name: name, expected: expected, storage: .integer(path), omittedAt: omittedAt) {
            value, config throws(ConfigValueError) in
            guard case .int(let v) = value, v >= minimum else {
                throw ConfigValueError(key: key, value: value, expected: expected)
            }
            config[keyPath: path] = v
        }
    }

    static func real(_ name: StaticString, _ path: WritableKeyPath<TrainConfig, Double> & Sendable, positive: Bool,
                             omittedAt: ConfigValue? = nil) -> ConfigField {
        let expected = positive ? "a number > 0" : "a number ≥ 0", key = "\(name)"
        return ConfigField(name: name, expected: expected, storage: .real(path), omittedAt: omittedAt) {
            value, config throws(ConfigValueError) in
            let v: Double
            switch value {
            case .int(let i): v = Double(i)
            case .double(let d): v = d
            default: throw ConfigValueError(key: key, value: value, expected: expected)
            }
            guard v.isFinite, positive ? v > 0 : v >= 0 else {
                throw ConfigValueError(key: key, value: value, expected: expected)
            }
            config[keyPath: path] = v
        }
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: StaticString, _ path: WritableKeyPath<TrainConfig, E> & Sendable, omittedAt: ConfigValue? = nil
    ) -> ConfigField where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        let expected = "one of " + names.joined(separator: ", "), key = "\(name)"
        let bytes = TrainConfig.byteRange(of: path)
        let choice = Choice(
            bytes: bytes, typeName: "\(E.self)", names: names,
            rawValue: TrainConfig.tagReader(bytes, names: names, path) ?? { $0[keyPath: path].rawValue },
            assign: { config, text in
                guard let value = E(rawValue: text) else { return false }
                config[keyPath: path] = value
                return true
            })
        return ConfigField(name: name, expected: expected, storage: .choice(choice), omittedAt: omittedAt) {
            value, config throws(ConfigValueError) in
            guard case .string(let s) = value, choice.assign(&config, s) else {
                throw ConfigValueError(key: key, value: value, expected: expected,
                                       suggestion: ClosestName.find(value.description, in: names))
            }
        }
    }
}

extension ConfigField.Storage {
    /// Where the field's value lies in a `TrainConfig`'s bytes.
    var bytes: Range<Int> {
        switch self {
        case .integer(let path): return TrainConfig.byteRange(of: path)
        case .real(let path): return TrainConfig.byteRange(of: path)
        case .unsigned(let path): return TrainConfig.byteRange(of: path)
        case .choice(let choice): return choice.bytes
        }
    }
}

extension TrainConfig {
    /// The bytes of the stored property at `path`. `TrainConfig` holds only plain values (numbers
    /// and enums without payloads; a test checks it is POD), so equal fields have equal bytes.
    static func byteRange<Value>(of path: WritableKeyPath<TrainConfig, Value>) -> Range<Int> {
        guard let offset = MemoryLayout<TrainConfig>.offset(of: path) else {
            preconditionFailure("a ConfigField's key path must name a stored property of TrainConfig")
        }
        return offset..<offset + MemoryLayout<Value>.size
    }

    /// Reads the value at `range` where `path` says a value of `Value` lies, without the key path
    /// (a key-path read instantiates generic metadata: it was half the cost of a canonical JSON).
    static func load<Value: BitwiseCopyable>(_: Value.Type, at range: Range<Int>, of config: TrainConfig) -> Value {
        withUnsafeBytes(of: config) { $0.loadUnaligned(fromByteOffset: range.lowerBound, as: Value.self) }
    }

    /// A raw-value reader of the one-byte enum at `range` that maps its tag to `names` (the cases
    /// in declaration order), if every case's tag is checked to map to its own name; else nil.
    static func tagReader<E: RawRepresentable & CaseIterable>(
        _ range: Range<Int>, names: [String], _ path: WritableKeyPath<TrainConfig, E>
    ) -> (@Sendable (TrainConfig) -> String)? where E.RawValue == String {
        guard range.count == 1 else { return nil }
        var probe = TrainConfig.defaults(system: .noop)
        for value in E.allCases {
            probe[keyPath: path] = value
            let tag = Int(load(UInt8.self, at: range, of: probe))
            guard tag < names.count, names[tag] == value.rawValue else { return nil }
        }
        return { names[Int(load(UInt8.self, at: range, of: $0))] }
    }

    /// Whether `a` and `b` have the same bytes in `range` (a field compared bit for bit).
    static func sameBytes(_ a: TrainConfig, _ b: TrainConfig, in range: Range<Int>) -> Bool {
        withUnsafeBytes(of: a) { a in
            withUnsafeBytes(of: b) { b in
                for i in range where a[i] != b[i] { return false }
                return true
            }
        }
    }
}
