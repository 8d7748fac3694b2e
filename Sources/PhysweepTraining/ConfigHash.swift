import Foundation

extension TrainConfig {
    /// Canonical JSON: sorted keys, no whitespace. Equal configs give equal bytes.
    ///
    /// Byte-identical to `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` (a test holds
    /// the two together), but written by hand: a sweep hashes a million configs, and
    /// `JSONEncoder` costs several microseconds each.
    public func canonicalJSON() -> Data {
        var writer = CanonicalJSONWriter()
        guard writeCanonicalJSON(into: &writer) else { return foundationCanonicalJSON() }
        return Data(writer.bytes)
    }

    /// The task key: 64-bit FNV-1a of the canonical JSON, as 16 hex digits.
    ///
    /// Not cryptographic; it only has to tell a million configs apart (collision odds ~1e-8 there).
    public var key: String {
        var writer = CanonicalJSONWriter()
        let bytes = writeCanonicalJSON(into: &writer) ? writer.bytes : Array(foundationCanonicalJSON())
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The reference encoding the fast writer must match (also used for non-finite numbers, which it cannot write).
    func foundationCanonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of scalars and enums cannot fail (non-finite numbers aside, which validation rejects).
        return try! encoder.encode(self)
    }

    /// Keys in the order `.sortedKeys` emits them.
    private static let sortedCodingKeys = CodingKeys.allCases.sorted { $0.rawValue < $1.rawValue }

    /// Writes the canonical JSON; false if a number is not finite (JSON cannot express it).
    private func writeCanonicalJSON(into w: inout CanonicalJSONWriter) -> Bool {
        w.bytes.append(UInt8(ascii: "{"))
        for (i, key) in Self.sortedCodingKeys.enumerated() {
            if i > 0 { w.bytes.append(UInt8(ascii: ",")) }
            w.string(key.rawValue)
            w.bytes.append(UInt8(ascii: ":"))
            // Exhaustive on purpose: a new field does not compile until it is written here.
            switch key {
            case .system: w.string(system.rawValue)
            case .model: w.string(model.rawValue)
            case .activation: w.string(activation.rawValue)
            case .width: w.integer(width)
            case .depth: w.integer(depth)
            case .dtype: w.string(dtype.rawValue)
            case .optimizer: w.string(optimizer.rawValue)
            case .learningRate: guard w.number(learningRate) else { return false }
            case .weightDecay: guard w.number(weightDecay) else { return false }
            case .schedule: w.string(schedule.rawValue)
            case .warmupSteps: w.integer(warmupSteps)
            case .steps: w.integer(steps)
            case .lbfgsSteps: w.integer(lbfgsSteps)
            case .batchSize: w.integer(batchSize)
            case .physicsWeight: guard w.number(physicsWeight) else { return false }
            case .collocationPoints: w.integer(collocationPoints)
            case .dataPoints: w.integer(dataPoints)
            case .icPoints: w.integer(icPoints)
            case .bcPoints: w.integer(bcPoints)
            case .snakeAlpha: guard w.number(snakeAlpha) else { return false }
            case .nu: guard w.number(nu) else { return false }
            case .omega0: guard w.number(omega0) else { return false }
            case .zeta: guard w.number(zeta) else { return false }
            case .noiseStd: guard w.number(noiseStd) else { return false }
            case .sleepSeconds: guard w.number(sleepSeconds) else { return false }
            case .fail: w.string(fail.rawValue)
            case .seed: w.bytes.append(contentsOf: String(seed).utf8)
            }
        }
        w.bytes.append(UInt8(ascii: "}"))
        return true
    }
}

/// Appends JSON scalars exactly as Foundation's `JSONEncoder` writes them.
struct CanonicalJSONWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `JSONEncoder` writes the shortest round-trip form (`description`) without a trailing `.0`.
    mutating func number(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        return true
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x08: bytes.append(contentsOf: "\\b".utf8)
            case 0x0C: bytes.append(contentsOf: "\\f".utf8)
            case ..<0x20:
                let hex = String(byte, radix: 16)
                bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
