/// Writes a `JSONValue` compactly with every object's keys sorted (byte order for ASCII keys), strings escaped
/// as `JSONEncoder` escapes them without escaping slashes: the same bytes as Foundation's encoder
/// with `[.sortedKeys, .withoutEscapingSlashes]` for the documents physweep writes.
///
/// Hot paths can also assemble a document piece by piece, splicing in JSON encoded earlier.
public struct JSONWriter {
    /// The UTF-8 written so far.
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes a value.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): writeString(text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let sorted = Self.isSorted(members) ? members : members.sorted { Self.precedes($0.key, $1.key) }
            for (position, member) in sorted.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static func isSorted(_ members: [JSONMember]) -> Bool {
        zip(members, members.dropFirst()).allSatisfy { !precedes($1.key, $0.key) }
    }

    /// Byte order of the keys (for the ASCII keys physweep writes, `String`'s own order, which is faster).
    private static func precedes(_ a: String, _ b: String) -> Bool {
        a < b
    }

    /// Writes punctuation or a key written out by hand, e.g. `,"task_id":`.
    public mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes JSON encoded elsewhere, as it is.
    public mutating func appendEncoded(_ json: some Sequence<UInt8>) {
        bytes.append(contentsOf: json)
    }

    /// Writes an integer.
    public mutating func writeInteger(_ value: some FixedWidthInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Quotes a string, escaping `"`, `\` and control characters; everything else is copied as UTF-8.
    public mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var clean = 0
            while clean < utf8.count, utf8[clean] >= 0x20, utf8[clean] != UInt8(ascii: "\""), utf8[clean] != UInt8(ascii: "\\") {
                clean += 1
            }
            // Usually the whole string: one bulk copy.
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<clean]))
            for byte in utf8[clean...] { writeEscaping(byte) }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private mutating func writeEscaping(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case ..<0x20:
            let digits: StaticString = "0123456789abcdef"
            append("\\u00")
            bytes.append(digits.utf8Start[Int(byte >> 4)])
            bytes.append(digits.utf8Start[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
    }
}
