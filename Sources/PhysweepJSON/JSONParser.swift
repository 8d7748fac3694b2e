/// Builds a `JSONValue` tree from bytes with a `JSONReader`: strict RFC 8259, any input gives a
/// value or a `JSONSyntaxError`, never a trap (the reader caps nesting).
struct JSONParser {
    private var reader: JSONReader
    /// Key paths of members (through nested objects from the top level) whose values' byte ranges
    /// are wanted, and those ranges (the first occurrence, as `JSONValue`'s subscript reads it).
    private let wanted: [[String]]
    private var located: [Range<Int>?]

    /// Parses one JSON document (surrounding whitespace allowed, nothing else after it), and finds
    /// the bytes of the value at each key path of `paths` (e.g. `["result", "config"]`), nil where absent.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, locatingPaths paths: [[String]] = [])
        throws(JSONSyntaxError) -> (value: JSONValue, ranges: [Range<Int>?]) {
        var parser = JSONParser(reader: JSONReader(bytes), wanted: paths, located: Array(repeating: nil, count: paths.count))
        let value = try parser.value(path: paths.isEmpty ? nil : [])
        try parser.reader.finish()
        return (value, parser.located)
    }

    /// `path`: the key path of this value when it lies on the way to a wanted one, else nil.
    private mutating func value(path: [String]? = nil) throws(JSONSyntaxError) -> JSONValue {
        switch try reader.peek() {
        case .object: return try object(path: path)
        case .array:
            var items: [JSONValue] = []
            var array = try reader.enterArray()
            while try reader.nextItem(in: &array) { items.append(try value()) }
            return .array(items)
        case .string: return .string(try reader.readString())
        case .number: return .number(try reader.readNumberText())
        case .bool: return .bool(try reader.readBool())
        case .null: try reader.readNull(); return .null
        }
    }

    private mutating func object(path: [String]?) throws(JSONSyntaxError) -> JSONValue {
        var members: [JSONMember] = []
        var object = try reader.enterObject()
        while let token = try reader.nextKey(in: &object) {
            let key = reader.text(of: token)
            if let path, case let child = path + [key], wanted.contains(where: { $0.starts(with: child) }) {
                _ = try reader.peek()
                let start = reader.offset
                members.append(JSONMember(key: key, value: try value(path: child)))
                if let slot = wanted.firstIndex(of: child), located[slot] == nil { located[slot] = start..<reader.offset }
            } else {
                members.append(JSONMember(key: key, value: try value()))
            }
        }
        return .object(members)
    }
}
