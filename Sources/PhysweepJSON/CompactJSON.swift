import Foundation

/// physweep's JSON dialect, for the wire protocol and the store's JSON columns: compact, keys
/// sorted, non-finite numbers as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no
/// literal for them). It writes with Foundation's `JSONEncoder` set up so, and reads what
/// `JSONDecoder` reads for physweep's types.
///
/// Reading is physweep's own (a `JSONValue` tree, then `Codable`): 2–3× cheaper than
/// `JSONDecoder` and the rules the hand-written readers of the hot messages are held to. The hot
/// messages are also written by hand (`JSONWriter`, the same bytes): docs/architecture.md says
/// where and why, docs/benchmarks.md "JSON on the per-task paths" has the measurements.
public enum CompactJSON {
    /// Foundation's encoder, set up for the dialect.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity",
                                                                      nan: "NaN")
        return encoder
    }()

    /// Encodes `value`. Throws only if the value's own `encode(to:)` throws.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try encoder.encode(value)
    }

    /// Encodes `value` as UTF-8 bytes.
    public static func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encode(value))
    }

    /// Writes a JSON value (keys sorted).
    public static func write(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// Parses JSON bytes; throws `JSONSyntaxError` for anything that is not a single JSON value.
    public static func parse<Bytes: ContiguousBytes>(_ bytes: Bytes) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes, locating: nil).value
    }

    /// Parses JSON bytes, also returning where the value of the top-level object's member `member`
    /// lies in them (byte offsets), so that it can be kept exactly as written.
    public static func parse<Bytes: ContiguousBytes>(_ bytes: Bytes, locating member: String?)
        throws(JSONSyntaxError) -> (value: JSONValue, member: Range<Int>?) {
        let (value, ranges) = try parse(bytes, locatingPaths: member.map { [[$0]] } ?? [])
        return (value, ranges.first ?? nil)
    }

    /// Parses JSON bytes, also returning where the value at each key path of `paths` (through nested
    /// objects from the top level, e.g. `["result", "config"]`) lies in them; nil where absent.
    public static func parse<Bytes: ContiguousBytes>(_ bytes: Bytes, locatingPaths paths: [[String]])
        throws(JSONSyntaxError) -> (value: JSONValue, ranges: [Range<Int>?]) {
        // Results are carried out of the closure rather than thrown through it: a typed throw of a
        // tuple through `withUnsafeBytes` crashes Swift 6.3's SIL generation.
        var parsed: (value: JSONValue, ranges: [Range<Int>?])?
        var failure: JSONSyntaxError?
        bytes.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) {
                parsed = try JSONParser.parse(raw.bindMemory(to: UInt8.self), locatingPaths: paths)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return parsed!
    }

    /// Decodes a `T` from JSON bytes. Throws `DecodingError` (`dataCorrupted` for bad syntax).
    public static func decode<T: Decodable, Bytes: ContiguousBytes>(_ type: T.Type, from bytes: Bytes) throws -> T {
        let value: JSONValue
        do {
            value = try parse(bytes)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description, underlyingError: error))
        }
        return try decode(type, from: value)
    }

    /// Decodes a `T` from an already parsed value.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: JSONValueDecoder(value: value))
    }
}
