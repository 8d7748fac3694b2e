import Foundation

extension TrainConfig {
    /// Canonical JSON: sorted keys, no whitespace, fields at their `ConfigField.omittedAt` value left
    /// out. Equal configs give equal bytes.
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
        // A peer's JSON can carry NaN or ±∞ (as the strings below, the wire's convention; `conflicts()`
        // rejects such a config before it runs): written as those strings, encoding a struct of
        // scalars and enums cannot fail, so the empty object is never returned.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// Every field in the order `.sortedKeys` emits them, each with its bytes `"name":`.
    static let keyOrder = keyOrder(of: ConfigField.table)

    /// `fields` in the order `.sortedKeys` emits them, each with its bytes `"name":`.
    static func keyOrder(of fields: [ConfigField]) -> [(field: ConfigField, prefix: [UInt8])] {
        fields.sorted { $0.name < $1.name }.map { ($0, Array("\"\($0.name)\":".utf8)) }
    }

    /// Writes the canonical JSON; false if a number is not finite (JSON cannot express it).
    func writeCanonicalJSON<Sink: CanonicalJSONSink>(into sink: inout Sink,
                                                     fields: [(field: ConfigField, prefix: [UInt8])] = keyOrder) -> Bool {
        sink.append(UInt8(ascii: "{"))
        var first = true
        for (field, prefix) in fields where !field.isOmitted(in: self) {
            if !first { sink.append(UInt8(ascii: ",")) }
            first = false
            sink.append(contentsOf: prefix)
            guard field.writeValue(of: self, into: &sink) else { return false }
        }
        sink.append(UInt8(ascii: "}"))
        return true
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
