/// One settable field of `TrainConfig`: its public name, what it accepts, and how to assign it.
///
/// This table is the single source of truth for spec keys and their validation, so a sweep spec
/// and the command line accept exactly the same names and values.
public struct ConfigField {
    /// Public name, as in YAML specs and JSON (e.g. `learning_rate`).
    public let name: String
    /// What the field accepts, for error messages and `--help`.
    public let expected: String
    private let assign: (ConfigValue, inout TrainConfig) throws(ConfigValueError) -> Void

    /// Assigns `value` to this field of `config`, or explains why it cannot.
    public func set(_ value: ConfigValue, in config: inout TrainConfig) throws(ConfigValueError) {
        try assign(value, &config)
    }

    /// The field named `name`, if any.
    public static func named(_ name: String) -> ConfigField? { all.first { $0.name == name } }

    /// Every settable field (the system and model are chosen separately: they select the defaults).
    public static var all: [ConfigField] {
        [
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
            ConfigField(name: "seed", expected: "an integer ≥ 0") { value, config throws(ConfigValueError) in
                guard case .int(let v) = value, v >= 0 else {
                    throw ConfigValueError(key: "seed", value: value, expected: "an integer ≥ 0")
                }
                config.seed = UInt64(v)
            },
        ]
    }

    private init(name: String, expected: String,
                 assign: @escaping (ConfigValue, inout TrainConfig) throws(ConfigValueError) -> Void) {
        self.name = name
        self.expected = expected
        self.assign = assign
    }

    private static func int(_ name: String, _ path: WritableKeyPath<TrainConfig, Int>, atLeast minimum: Int) -> ConfigField {
        let expected = "an integer ≥ \(minimum)"
        return ConfigField(name: name, expected: expected) { value, config throws(ConfigValueError) in
            guard case .int(let v) = value, v >= minimum else {
                throw ConfigValueError(key: name, value: value, expected: expected)
            }
            config[keyPath: path] = v
        }
    }

    private static func real(_ name: String, _ path: WritableKeyPath<TrainConfig, Double>, positive: Bool) -> ConfigField {
        let expected = positive ? "a number > 0" : "a number ≥ 0"
        return ConfigField(name: name, expected: expected) { value, config throws(ConfigValueError) in
            let v: Double
            switch value {
            case .int(let i): v = Double(i)
            case .double(let d): v = d
            default: throw ConfigValueError(key: name, value: value, expected: expected)
            }
            guard v.isFinite, positive ? v > 0 : v >= 0 else {
                throw ConfigValueError(key: name, value: value, expected: expected)
            }
            config[keyPath: path] = v
        }
    }

    private static func choice<E: RawRepresentable & CaseIterable>(
        _ name: String, _ path: WritableKeyPath<TrainConfig, E>
    ) -> ConfigField where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        let expected = "one of " + names.joined(separator: ", ")
        return ConfigField(name: name, expected: expected) { value, config throws(ConfigValueError) in
            guard case .string(let s) = value, let v = E(rawValue: s) else {
                throw ConfigValueError(key: name, value: value, expected: expected,
                                       suggestion: ClosestName.find(value.description, in: names))
            }
            config[keyPath: path] = v
        }
    }
}
