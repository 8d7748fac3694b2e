import Foundation

extension TrainConfig {
    /// Canonical JSON: sorted keys, no whitespace. Equal configs give equal bytes.
    ///
    /// Byte-identical to `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` (a test holds
    /// the two together), but written by hand: a sweep hashes a million configs, and
    /// `JSONEncoder` costs several microseconds each.
    public func canonicalJSON() -> Data {
        var collector = ByteCollector()
        guard writeCanonicalJSON(into: &collector) else { return foundationCanonicalJSON() }
        return Data(collector.bytes)
    }

    /// The task key: 64-bit FNV-1a of the canonical JSON, as 16 hex digits.
    ///
    /// Not cryptographic; it only has to tell a million configs apart (collision odds ~1e-8 there).
    /// The bytes are hashed as they are written, never stored.
    public var key: String {
        var hasher = FNV1aHasher()
        if !writeCanonicalJSON(into: &hasher) {
            hasher = FNV1aHasher()
            hasher.append(contentsOf: foundationCanonicalJSON())
        }
        return Self.keyString(hasher.hash)
    }

    /// The 16-hex-digit key of a 64-bit hash (what `key` returns for the hash of this config).
    public static func keyString(_ hash: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for i in 0..<16 {
                buffer[i] = digits.utf8Start[Int((hash >> (60 - 4 * UInt64(i))) & 0xF)]
            }
            return 16
        }
    }

    /// The reference encoding the fast writer must match (also used for non-finite numbers, which it cannot write).
    func foundationCanonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of scalars and enums cannot fail (non-finite numbers aside, which validation rejects).
        return try! encoder.encode(self)
    }

    /// Keys in the order `.sortedKeys` emits them, each with its bytes `"key":` (after a comma but the first).
    static let sortedKeyPrefixes: [(key: CodingKeys, prefix: [UInt8])] =
        CodingKeys.allCases.sorted { $0.rawValue < $1.rawValue }.enumerated().map { i, key in
            (key, Array(((i == 0 ? "" : ",") + "\"\(key.rawValue)\":").utf8))
        }

    /// Writes the canonical JSON; false if a number is not finite (JSON cannot express it).
    private func writeCanonicalJSON<Sink: CanonicalJSONSink>(into sink: inout Sink) -> Bool {
        sink.append(UInt8(ascii: "{"))
        for (key, prefix) in Self.sortedKeyPrefixes {
            sink.append(contentsOf: prefix)
            guard writeValue(of: key, into: &sink) else { return false }
        }
        sink.append(UInt8(ascii: "}"))
        return true
    }

    /// Writes one field's value as JSON; false if it is a non-finite number.
    ///
    /// Field names and enum raw values are plain ASCII identifiers, so no string needs escaping.
    func writeValue<Sink: CanonicalJSONSink>(of key: CodingKeys, into w: inout Sink) -> Bool {
        // Exhaustive on purpose: a new field does not compile until it is written here (and in `sameValue`).
        switch key {
        case .system: w.string(system.rawValue)
        case .model: w.string(model.rawValue)
        case .activation: w.string(activation.rawValue)
        case .width: w.integer(width)
        case .depth: w.integer(depth)
        case .dtype: w.string(dtype.rawValue)
        case .optimizer: w.string(optimizer.rawValue)
        case .learningRate: return w.number(learningRate)
        case .weightDecay: return w.number(weightDecay)
        case .schedule: w.string(schedule.rawValue)
        case .warmupSteps: w.integer(warmupSteps)
        case .steps: w.integer(steps)
        case .lbfgsSteps: w.integer(lbfgsSteps)
        case .batchSize: w.integer(batchSize)
        case .physicsWeight: return w.number(physicsWeight)
        case .collocationPoints: w.integer(collocationPoints)
        case .dataPoints: w.integer(dataPoints)
        case .icPoints: w.integer(icPoints)
        case .bcPoints: w.integer(bcPoints)
        case .snakeAlpha: return w.number(snakeAlpha)
        case .nu: return w.number(nu)
        case .omega0: return w.number(omega0)
        case .zeta: return w.number(zeta)
        case .noiseStd: return w.number(noiseStd)
        case .sleepSeconds: return w.number(sleepSeconds)
        case .fail: w.string(fail.rawValue)
        case .seed: w.append(contentsOf: String(seed).utf8)
        }
        return true
    }

    /// Whether one field would be written identically (numbers compared bit for bit: 0 and -0 differ in JSON).
    func sameValue(of key: CodingKeys, as other: TrainConfig) -> Bool {
        switch key {
        case .system: return system == other.system
        case .model: return model == other.model
        case .activation: return activation == other.activation
        case .width: return width == other.width
        case .depth: return depth == other.depth
        case .dtype: return dtype == other.dtype
        case .optimizer: return optimizer == other.optimizer
        case .learningRate: return learningRate.bitPattern == other.learningRate.bitPattern
        case .weightDecay: return weightDecay.bitPattern == other.weightDecay.bitPattern
        case .schedule: return schedule == other.schedule
        case .warmupSteps: return warmupSteps == other.warmupSteps
        case .steps: return steps == other.steps
        case .lbfgsSteps: return lbfgsSteps == other.lbfgsSteps
        case .batchSize: return batchSize == other.batchSize
        case .physicsWeight: return physicsWeight.bitPattern == other.physicsWeight.bitPattern
        case .collocationPoints: return collocationPoints == other.collocationPoints
        case .dataPoints: return dataPoints == other.dataPoints
        case .icPoints: return icPoints == other.icPoints
        case .bcPoints: return bcPoints == other.bcPoints
        case .snakeAlpha: return snakeAlpha.bitPattern == other.snakeAlpha.bitPattern
        case .nu: return nu.bitPattern == other.nu.bitPattern
        case .omega0: return omega0.bitPattern == other.omega0.bitPattern
        case .zeta: return zeta.bitPattern == other.zeta.bitPattern
        case .noiseStd: return noiseStd.bitPattern == other.noiseStd.bitPattern
        case .sleepSeconds: return sleepSeconds.bitPattern == other.sleepSeconds.bitPattern
        case .fail: return fail == other.fail
        case .seed: return seed == other.seed
        }
    }
}

/// Where canonical JSON bytes go: collected into `Data`, or hashed on the fly for the key.
protocol CanonicalJSONSink {
    mutating func append(_ byte: UInt8)
    mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8
}

extension CanonicalJSONSink {
    mutating func integer(_ value: Int) {
        append(contentsOf: String(value).utf8)
    }

    /// `JSONEncoder` writes the shortest round-trip form (`description`) without a trailing `.0`.
    mutating func number(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        let text = value.description.utf8
        if text.count > 2, text.last == UInt8(ascii: "0"), text.dropLast().last == UInt8(ascii: ".") {
            append(contentsOf: text.dropLast(2))
        } else {
            append(contentsOf: text)
        }
        return true
    }

    /// A string that needs no escaping (an identifier).
    mutating func string(_ value: String) {
        append(UInt8(ascii: "\""))
        append(contentsOf: value.utf8)
        append(UInt8(ascii: "\""))
    }
}

struct ByteCollector: CanonicalJSONSink {
    var bytes: [UInt8] = []

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        self.bytes.append(contentsOf: bytes)
    }
}

/// 64-bit FNV-1a over the bytes appended so far.
struct FNV1aHasher: CanonicalJSONSink {
    private(set) var hash: UInt64

    init(state: UInt64 = 0xcbf2_9ce4_8422_2325) { hash = state }

    mutating func append(_ byte: UInt8) {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { append(byte) }
    }
}
