import Foundation

/// physweep's JSON dialect, for the wire protocol and the store's JSON columns: compact, keys
/// sorted, non-finite numbers as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no
/// literal for them). For physweep's types it writes the bytes `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` and reads what `JSONDecoder` reads.
///
/// Written for speed, not generality: Foundation's coders take about 100 µs per message on this
/// project's machines, which capped the coordinator at a few hundred tasks per second.
public enum CompactJSON {
    /// Encodes `value`. Throws only if the value's own `encode(to:)` throws.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try encodeBytes(value))
    }

    /// Encodes `value` as UTF-8 bytes.
    public static func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONValueEncoder()
        try value.encode(to: encoder)
        return write(encoder.value)
    }

    /// Writes a JSON value (keys sorted).
    public static func write(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// Parses JSON bytes; throws `JSONSyntaxError` for anything that is not a single JSON value.
    public static func parse<Bytes: ContiguousBytes>(_ bytes: Bytes) throws(JSONSyntaxError) -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { raw throws(JSONSyntaxError) in
                try JSONParser.parse(raw.bindMemory(to: UInt8.self))
            }
        } catch let error as JSONSyntaxError {
            throw error
        } catch {
            preconditionFailure("the parser throws only JSONSyntaxError")
        }
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
