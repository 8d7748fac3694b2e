extension ConfigField {
    /// Whether `a` and `b` hold the same value of this field, as canonical JSON would write it
    /// (numbers bit for bit: 0 and -0 are written differently).
    func sameValue(_ a: TrainConfig, _ b: TrainConfig) -> Bool {
        TrainConfig.sameBytes(a, b, in: bytes)
    }

    /// Stores `value` in this field of `config` where `bytes` says it lies: what the readers of a
    /// config's JSON use for numbers, faster than the key path. `Value` must be the field's type
    /// (`Int`, `Double`, `UInt64` for `.integer`, `.real`, `.unsigned`).
    public func store<Value: BitwiseCopyable>(_ value: Value, in config: inout TrainConfig) {
        precondition(MemoryLayout<Value>.size == bytes.count, "\(Value.self) is not the type of \(name)")
        withUnsafeMutableBytes(of: &config) { $0.storeBytes(of: value, toByteOffset: bytes.lowerBound, as: Value.self) }
    }

    /// Sets this field of `target` to its value in `source`.
    func copy(from source: TrainConfig, to target: inout TrainConfig) {
        switch storage {
        case .integer(let path): target[keyPath: path] = source[keyPath: path]
        case .real(let path): target[keyPath: path] = source[keyPath: path]
        case .unsigned(let path): target[keyPath: path] = source[keyPath: path]
        case .choice(let choice): _ = choice.assign(&target, choice.rawValue(source))
        }
    }

    /// Whether canonical JSON leaves this field of `config` out: it is at `omittedAt`.
    func isOmitted(in config: TrainConfig) -> Bool {
        omittedIn.map { sameValue(config, $0) } ?? false
    }

    /// Writes the field's value of `config` as canonical JSON; false if it is a non-finite number.
    /// Enum raw values are plain ASCII identifiers, so no string needs escaping.
    func writeValue<Sink: CanonicalJSONSink>(of config: TrainConfig, into sink: inout Sink) -> Bool {
        switch storage {
        case .integer: sink.integer(TrainConfig.load(Int.self, at: bytes, of: config))
        case .real: return sink.number(TrainConfig.load(Double.self, at: bytes, of: config))
        case .unsigned: sink.append(contentsOf: String(TrainConfig.load(UInt64.self, at: bytes, of: config)).utf8)
        case .choice(let choice): sink.string(choice.rawValue(config))
        }
        return true
    }
}

extension TrainConfig {
    /// The `noop` defaults with every field that has an `omittedAt` value at that value: what a
    /// config read from JSON starts from, so that absent fields take their `omittedAt` value.
    public static let absentFields: TrainConfig = ConfigField.table.reduce(.defaults(system: .noop)) { config, field in
        guard let omittedIn = field.omittedIn else { return config }
        var config = config
        field.copy(from: omittedIn, to: &config)
        return config
    }
}
