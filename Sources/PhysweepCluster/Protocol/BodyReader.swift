import Foundation
import PhysweepJSON
import PhysweepSweep

/// Reads a message body of known shape straight from its bytes with a `JSONReader`, checking each
/// value's type as `Codable` over a parsed `JSONValue` would (the `CompactJSON` path), without
/// building the tree: the hot messages (a RESULT at the coordinator, a TASK at the worker) are read
/// this way. The rules of that path, kept here: unknown keys are skipped (their syntax checked),
/// the first of repeated keys counts, optional keys may be absent or null, numbers are parsed by
/// the same initializers (`Double(text)`, `Int(text)`, ...), NaN and ±infinity are the strings
/// `"NaN"`, `"Infinity"`, `"-Infinity"` (escapes resolved), enum values are their raw strings.
struct BodyReader {
    /// Why reading stopped: bad syntax (reported as the parser reports it), or a key or type
    /// that does not fit (`"at key.path: ..."`).
    enum Failure: Error {
        case syntax(JSONSyntaxError)
        case schema(String)
    }

    private var json: JSONReader
    /// The whole body, for the rare members read through `Codable` (`decoded(_:at:)`).
    private let bytes: UnsafeBufferPointer<UInt8>

    /// Reads a whole body with `read` and checks that nothing follows it; failures are bad JSON of `command`.
    static func read<T>(_ bytes: UnsafeBufferPointer<UInt8>, command: WireCommand,
                        _ read: (inout BodyReader) throws(Failure) -> T) throws(ProtocolError) -> T {
        var reader = BodyReader(json: JSONReader(bytes), bytes: bytes)
        do throws(Failure) {
            let value = try read(&reader)
            try reader.syntax { json throws(JSONSyntaxError) in try json.finish() }
            return value
        } catch {
            switch error {
            case .syntax(let error): throw .badJSON(command: command, detail: "at top level: \(error)")
            case .schema(let detail): throw .badJSON(command: command, detail: detail)
            }
        }
    }

    /// The offset of the next byte to read.
    var offset: Int { json.offset }

    /// Reads an object whose keys of interest are `names`: calls `member` with the index in `names`
    /// of each one's first occurrence (the reader placed before its value), skips every other
    /// member, and throws if one of the `required` names (bit i for `names[i]`) is missing. At most
    /// 64 names.
    mutating func members(at path: String, _ names: [StaticString], required: UInt64,
                          _ member: (inout BodyReader, Int) throws(Failure) -> Void) throws(Failure) {
        precondition(names.count <= UInt64.bitWidth, "members(at:) tracks at most 64 names")
        try expect(.object, "Dictionary<String, Any>", at: path)
        var seen: UInt64 = 0
        // Writers put keys in `names`' (sorted) order: the search starts after the last match, so
        // each key is usually found at the first comparison instead of after half of `names`.
        var next = 0
        var object = try syntax { json throws(JSONSyntaxError) in try json.enterObject() }
        while let key = try syntax({ json throws(JSONSyntaxError) in try json.nextKey(in: &object) }) {
            let index = names[next...].firstIndex { json.matches(key, $0) } ?? names[..<next].firstIndex { json.matches(key, $0) }
            if let index, seen & 1 << index == 0 {
                seen |= 1 << index
                next = index + 1 == names.count ? 0 : index + 1
                try member(&self, index)
            } else {
                try skip()
            }
        }
        if case let missing = required & ~seen, missing != 0 {
            let name = "\(names[missing.trailingZeroBitCount])"
            throw .schema("at \(path.isEmpty ? name : path + "." + name): missing key \"\(name)\"")
        }
    }

    /// Reads an object with any keys (a `[String: T]`): calls `member` with each key the first
    /// time it occurs (the reader placed before its value) and skips repeats.
    mutating func entries(at path: String, _ member: (inout BodyReader, String) throws(Failure) -> Void) throws(Failure) {
        try expect(.object, "Dictionary<String, Any>", at: path)
        var seen = Set<String>()
        var object = try syntax { json throws(JSONSyntaxError) in try json.enterObject() }
        while let token = try syntax({ json throws(JSONSyntaxError) in try json.nextKey(in: &object) }) {
            let key = json.text(of: token)
            if seen.insert(key).inserted { try member(&self, key) } else { try skip() }
        }
    }

    /// Reads an array, calling `item` for each element (the reader placed before it).
    mutating func items(at path: String, _ item: (inout BodyReader) throws(Failure) -> Void) throws(Failure) {
        try expect(.array, "Array<Any>", at: path)
        var array = try syntax { json throws(JSONSyntaxError) in try json.enterArray() }
        while try syntax({ json throws(JSONSyntaxError) in try json.nextItem(in: &array) }) { try item(&self) }
    }

    /// `try body()` over null: nil for a null value, as `decodeIfPresent` reads it.
    mutating func optional<T>(_ body: (inout BodyReader) throws(Failure) -> T) throws(Failure) -> T? {
        if try kind() == .null {
            try syntax { json throws(JSONSyntaxError) in try json.readNull() }
            return nil
        }
        return try body(&self)
    }

    /// A value of a type with no hand-written reader (the command system's settings: once per TASK
    /// of a command sweep only), skipped here and decoded through `CompactJSON`.
    mutating func decoded<T: Decodable>(_ type: T.Type, at path: String) throws(Failure) -> T {
        let start = try valueStart()
        try skip()
        do {
            return try CompactJSON.decode(type, from: Data(bytes[start..<offset]))
        } catch {
            throw .schema("at \(path): \(error)")
        }
    }

    /// A number, or one of the strings that stand for NaN and ±infinity.
    mutating func double(at path: String, _ key: StaticString) throws(Failure) -> Double {
        switch try kind() {
        case .number:
            let text = try syntax { json throws(JSONSyntaxError) in try json.readNumberText() }
            if let number = Double(text) { return number }
            throw .schema("at \(path).\(key): expected Double: the number \(text) is not a Double")
        case .string:
            let token = try syntax { json throws(JSONSyntaxError) in try json.scanString() }
            if json.matches(token, "NaN") { return .nan }
            if json.matches(token, "Infinity") { return .infinity }
            if json.matches(token, "-Infinity") { return -.infinity }
            throw .schema("at \(path).\(key): expected Double, found a string")
        case let other:
            throw mismatch("Double", found: other, at: "\(path).\(key)")
        }
    }

    /// A number without fraction or exponent that fits `T`.
    mutating func integer<T: FixedWidthInteger>(at path: @autoclosure () -> String) throws(Failure) -> T {
        try expect(.number, "\(T.self)", at: path())
        let text = try syntax { json throws(JSONSyntaxError) in try json.readNumberText() }
        guard let number = T(text) else {
            throw .schema("at \(path()): the number \(text) is not an integer that fits \(T.self)")
        }
        return number
    }

    /// A string, escapes resolved.
    @discardableResult
    mutating func string(at path: @autoclosure () -> String) throws(Failure) -> String {
        try expect(.string, "String", at: path())
        return try syntax { json throws(JSONSyntaxError) in try json.readString() }
    }

    /// A string whose text is not needed: checked, not built.
    mutating func skipString(at path: @autoclosure () -> String) throws(Failure) {
        try expect(.string, "String", at: path())
        try skip()
    }

    /// Skips any value, checking its syntax.
    mutating func skip() throws(Failure) {
        try syntax { json throws(JSONSyntaxError) in try json.skipValue() }
    }

    /// The offset where the next value starts (after whitespace).
    mutating func valueStart() throws(Failure) -> Int {
        _ = try kind()
        return json.offset
    }

    private mutating func kind() throws(Failure) -> JSONReader.Kind {
        try syntax { json throws(JSONSyntaxError) in try json.peek() }
    }

    private mutating func expect(_ expected: JSONReader.Kind, _ type: String, at path: @autoclosure () -> String) throws(Failure) {
        let found = try kind()
        guard found == expected else { throw mismatch(type, found: found, at: path()) }
    }

    private func mismatch(_ type: String, found: JSONReader.Kind, at path: String) -> Failure {
        let place = path.isEmpty ? "top level" : path
        if found == .null { return .schema("at \(place): expected \(type), found null") }
        return .schema("at \(place): expected \(type), found \(found == .object ? "an object" : found == .array ? "an array" : "a \(found)")")
    }

    private mutating func syntax<T>(_ step: (inout JSONReader) throws(JSONSyntaxError) -> T) throws(Failure) -> T {
        do {
            return try step(&json)
        } catch {
            throw .syntax(error)
        }
    }

    /// A string that must be one of `E`'s raw values.
    mutating func enumeration<E: RawRepresentable>(_ type: E.Type, at path: @autoclosure () -> String) throws(Failure) -> E where E.RawValue == String {
        let text = try string(at: path())
        guard let value = E(rawValue: text) else {
            throw .schema("at \(path()): Cannot initialize \(E.self) from invalid String value \(text)")
        }
        return value
    }
}
