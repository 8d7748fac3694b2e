/// A `Decoder` reading `Decodable` types from a parsed `JSONValue`, with `JSONDecoder`'s behaviour
/// for physweep's types: missing keys and type mismatches throw `DecodingError` with the coding
/// path, non-finite numbers are read from the strings `"NaN"`, `"Infinity"`, `"-Infinity"`,
/// integers must be written without fraction or exponent and fit their type.
struct JSONValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    /// The path is kept as parent + key and linked only when needed: most values are scalars and
    /// enums, decoded without ever asking for it.
    private let parent: CodingPath
    private let key: (any CodingKey)?
    var path: CodingPath { key.map { .child(parent, $0) } ?? parent }
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, path: CodingPath = .root) {
        self.value = value
        parent = path
        key = nil
    }

    init(value: JSONValue, parent: CodingPath, key: any CodingKey) {
        self.value = value
        self.parent = parent
        self.key = key
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self, value, path) }
        return KeyedDecodingContainer(KeyedJSONDecoding<Key>(members: members, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([Any].self, value, path) }
        return UnkeyedJSONDecoding(items: items, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONScalars.bool(value, path) }
    func decode(_ type: String.Type) throws -> String { try JSONScalars.string(value, path) }
    func decode(_ type: Double.Type) throws -> Double { try JSONScalars.double(value, path) }
    func decode(_ type: Float.Type) throws -> Float { Float(try JSONScalars.double(value, path)) }
    func decode(_ type: Int.Type) throws -> Int { try JSONScalars.integer(value, path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONScalars.integer(value, path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONScalars.integer(value, path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONScalars.integer(value, path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONScalars.integer(value, path) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONScalars.integer(value, path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONScalars.integer(value, path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONScalars.integer(value, path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONScalars.integer(value, path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONScalars.integer(value, path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}

/// The scalar conversions shared by the three container kinds. The path is only built for an error.
enum JSONScalars {
    static func bool(_ value: JSONValue, _ path: @autoclosure () -> CodingPath) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, path()) }
        return flag
    }

    static func string(_ value: JSONValue, _ path: @autoclosure () -> CodingPath) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, path()) }
        return text
    }

    static func double(_ value: JSONValue, _ path: @autoclosure () -> CodingPath) throws -> Double {
        switch value {
        case .number(let text):
            if let number = Double(text) { return number }
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: break
        }
        throw mismatch(Double.self, value, path())
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue, _ path: @autoclosure () -> CodingPath) throws -> T {
        guard case .number(let text) = value else { throw mismatch(T.self, value, path()) }
        guard let number = T(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path().keys, debugDescription:
                "the number \(text) is not an integer that fits \(T.self)"))
        }
        return number
    }
}

/// `DecodingError.typeMismatch` (or `valueNotFound` for null) naming what was found.
func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: CodingPath) -> DecodingError {
    let found: String
    switch value {
    case .null: return .valueNotFound(type, .init(codingPath: path.keys, debugDescription: "found null"))
    case .bool: found = "a boolean"
    case .number(let text): found = "the number \(text)"
    case .string: found = "a string"
    case .array: found = "an array"
    case .object: found = "an object"
    }
    return .typeMismatch(type, .init(codingPath: path.keys, debugDescription: "expected \(type), found \(found)"))
}

private struct KeyedJSONDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [JSONMember]
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    /// Linear, as objects are small; the byte counts are compared first because they are read in
    /// constant time and rule out most members, while `==` on two different strings is not cheap
    /// (a 28-member `TrainConfig` made this search 3 % of the coordinator's time).
    private func find(_ key: Key) -> JSONValue? {
        let name = key.stringValue
        let length = name.utf8.count
        for member in members where member.key.utf8.count == length && member.key == name { return member.value }
        return nil
    }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key \"\(key.stringValue)\""))
        }
        return value
    }

    private func decoder(_ key: Key) throws -> JSONValueDecoder {
        JSONValueDecoder(value: try value(key), parent: path, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONScalars.bool(value(key), .child(path, key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONScalars.string(value(key), .child(path, key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONScalars.double(value(key), .child(path, key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try JSONScalars.double(value(key), .child(path, key))) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: decoder(key)) }

    private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
        try JSONScalars.integer(value(key), .child(path, key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(value: Key(stringValue: "super").flatMap(find) ?? .null, path: path)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(value: find(key) ?? .null, path: .child(path, key))
    }
}

private struct UnkeyedJSONDecoding: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }
    private(set) var currentIndex = 0

    init(items: [JSONValue], path: CodingPath) {
        self.items = items
        self.path = path
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> JSONValueDecoder {
        let key = IndexKey(intValue: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: CodingPath.child(path, key).keys,
                                                              debugDescription: "the array has only \(items.count) elements"))
        }
        defer { currentIndex += 1 }
        return JSONValueDecoder(value: items[currentIndex], parent: path, key: key)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// The coding-path entry of an array element.
struct IndexKey: CodingKey {
    let index: Int
    var intValue: Int? { index }
    var stringValue: String { "\(index)" }

    init(intValue: Int) { index = intValue }
    init?(stringValue: String) { nil }
}

/// A coding path linked from child to parent rather than copied into an array at every level:
/// decoding builds one per nested value, and the keys are only needed for an error message.
indirect enum CodingPath {
    case root
    case child(CodingPath, any CodingKey)

    /// The keys from the root down.
    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while case .child(let parent, let key) = node {
            keys.append(key)
            node = parent
        }
        return keys.reversed()
    }
}
