import Foundation

/// A forward-only reader of one JSON document over untrusted bytes, the lexical layer of
/// `CompactJSON`'s parser. Hot paths that know a document's shape (the coordinator reading a
/// RESULT) use it directly: they check each value's type as they meet it and skip what they do not
/// need, without building a `JSONValue` tree. Any input gives values or a `JSONSyntaxError`, never
/// a trap; nesting is capped at `maximumDepth`, counted as the parser counts it.
///
/// Strict RFC 8259: what it accepts and rejects is exactly what `CompactJSON.parse` does (the parser
/// is built on it), provided the caller reads or skips every value and ends with `finish()`.
public struct JSONReader {
    /// What the next value is, judged by its first byte.
    public enum Kind: Sendable {
        case object, array, string, number, bool, null
    }

    /// Deepest nesting accepted; physweep's documents are at most 5 levels deep (a RESULT's
    /// `result.efficiency.train.energy`).
    public static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offset of the next byte to read.
    public private(set) var offset = 0
    /// Objects and arrays entered and not yet left.
    private var depth = 0

    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// An error at the current offset.
    public func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset, reason: reason)
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// The kind of the next value (after whitespace); throws at the end of input or at a byte that
    /// starts no JSON value.
    public mutating func peek() throws(JSONSyntaxError) -> Kind {
        skipWhitespace()
        guard let byte = current else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected character")
        }
    }

    /// Checks that nothing but whitespace follows the document's value.
    public mutating func finish() throws(JSONSyntaxError) {
        skipWhitespace()
        guard offset == bytes.count else { throw error("unexpected data after the JSON value") }
    }

    // MARK: Objects and arrays

    /// Where a reader is inside an object or array: before its first member or after one.
    public struct Container {
        fileprivate var isEmptySoFar = true
    }

    /// Enters the object that is the next value (`peek()` said `.object`).
    public mutating func enterObject() throws(JSONSyntaxError) -> Container {
        try enter()
    }

    /// Enters the array that is the next value (`peek()` said `.array`).
    public mutating func enterArray() throws(JSONSyntaxError) -> Container {
        try enter()
    }

    private mutating func enter() throws(JSONSyntaxError) -> Container {
        skipWhitespace()
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        offset += 1
        return Container()
    }

    /// The next member's key, the reader placed before its value (which must then be read or
    /// skipped); nil after the object's closing brace.
    public mutating func nextKey(in object: inout Container) throws(JSONSyntaxError) -> JSONStringToken? {
        skipWhitespace()
        if object.isEmptySoFar {
            object.isEmptySoFar = false
            if current == UInt8(ascii: "}") { return leave() }
        } else {
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): return leave()
            default: throw error("expected ',' or '}' in an object")
            }
            skipWhitespace()
        }
        guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
        let key = try scanString()
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
        offset += 1
        return key
    }

    /// Whether another item follows in the array (the reader placed before it); false after the
    /// closing bracket.
    public mutating func nextItem(in array: inout Container) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if array.isEmptySoFar {
            array.isEmptySoFar = false
            if current == UInt8(ascii: "]") { return leave() != nil }
            return true
        }
        switch current {
        case UInt8(ascii: ","): offset += 1; return true
        case UInt8(ascii: "]"): return leave() != nil
        default: throw error("expected ',' or ']' in an array")
        }
    }

    /// Consumes a closing brace or bracket; always nil (read as "no more members").
    private mutating func leave() -> JSONStringToken? {
        offset += 1
        depth -= 1
        return nil
    }

    /// Skips the next value, whatever it is, checking its syntax all the same.
    public mutating func skipValue() throws(JSONSyntaxError) {
        switch try peek() {
        case .object:
            var object = try enterObject()
            while try nextKey(in: &object) != nil { try skipValue() }
        case .array:
            var array = try enterArray()
            while try nextItem(in: &array) { try skipValue() }
        case .string: _ = try scanString()
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: try readNull()
        }
    }

    // MARK: Scalars

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if current == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// Reads `null`.
    public mutating func readNull() throws(JSONSyntaxError) {
        skipWhitespace()
        try literal("null")
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - offset >= count,
              (0..<count).allSatisfy({ bytes[offset + $0] == word.utf8Start[$0] }) else {
            throw error("invalid literal")
        }
        offset += count
    }

    /// Reads a number, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as its text.
    public mutating func readNumberText() throws(JSONSyntaxError) -> String {
        let range = try scanNumber()
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        skipWhitespace()
        let start = offset
        if current == UInt8(ascii: "-") { offset += 1 }
        if current == UInt8(ascii: "0") {
            offset += 1
        } else {
            guard digits() > 0 else { throw error("expected a digit") }
        }
        if current == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        return start..<offset
    }

    private mutating func digits() -> Int {
        let start = offset
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { offset += 1 }
        return offset - start
    }

    /// Reads a string with its escapes resolved.
    public mutating func readString() throws(JSONSyntaxError) -> String {
        text(of: try scanString())
    }

    /// Reads a string without resolving its escapes: where it lies, for `text(of:)` or `matches`.
    public mutating func scanString() throws(JSONSyntaxError) -> JSONStringToken {
        skipWhitespace()
        offset += 1
        let start = offset
        var isEscaped = false
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return JSONStringToken(contents: start..<offset - 1, isEscaped: isEscaped)
            case UInt8(ascii: "\\"):
                isEscaped = true
                offset += 1
                try escape()
            case ..<0x20:
                throw error("control character in a string")
            default:
                offset += 1
            }
        }
    }

    /// Checks the escape after a backslash: one of `" \ / b f n r t`, or `\uXXXX` (a high
    /// surrogate followed by an escaped low one).
    private mutating func escape() throws(JSONSyntaxError) {
        guard let byte = current else { throw error("unterminated escape") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            offset += 1
        case UInt8(ascii: "u"):
            offset += 1
            let scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard bytes.count - offset >= 2, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate in a \\u escape")
                }
                offset += 2
                guard (0xDC00..<0xE000).contains(try hex4()) else { throw error("unpaired surrogate in a \\u escape") }
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("unpaired surrogate in a \\u escape")
            }
        default:
            throw error("invalid escape")
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexDigit(bytes[offset]) else { throw error("invalid hex digit in a \\u escape") }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The text of a string scanned from this reader's bytes, escapes resolved.
    public func text(of token: JSONStringToken) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[token.contents])
        guard token.isEscaped else { return String(decoding: raw, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(raw.count)
        var index = 0
        // The escapes were checked by `scanString`.
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                continue
            }
            let kind = raw[index]
            index += 1
            switch kind {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = Self.hex4(raw, at: index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (Self.hex4(raw, at: index + 2) - 0xDC00)
                    index += 6
                }
                utf8.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: utf8.append(kind)  // " \ /
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        (index..<index + 4).reduce(0) { $0 << 4 | UInt32(hexDigit(raw[$1])!) }
    }

    /// Whether a scanned string is `name` (escapes resolved: `"a\u0062"` matches `ab`). Compares
    /// bytes without building a `String` unless the token has escapes.
    public func matches(_ token: JSONStringToken, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard !token.isEscaped else {
            return text(of: token).utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count))
        }
        // Lengths first: most keys tried against a member's name differ in length.
        return token.contents.count == count && memcmp(bytes.baseAddress! + token.contents.lowerBound, name.utf8Start, count) == 0
    }
}

/// Where a string's contents lie in a `JSONReader`'s bytes (between its quotes), and whether they
/// hold escapes.
public struct JSONStringToken: Hashable, Sendable {
    public let contents: Range<Int>
    public let isEscaped: Bool
}

/// Why bytes are not JSON: the byte offset where parsing stopped and what was wrong there.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
