import Foundation

/// An `Encoder` writing `Encodable` types as compact JSON with sorted keys, with `JSONEncoder`'s
/// behaviour for physweep's types: nil optionals are left out, whole `Double`s lose their `.0`,
/// non-finite numbers become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. Values that are
/// `CompactJSONEncodable` are spliced in as they write themselves.
final class JSONValueEncoder: Encoder {
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    fileprivate var node = EncodingNode.empty

    init(path: CodingPath = .root) {
        self.path = path
    }

    /// Encodes `value` as compact JSON.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var writer = JSONWriter()
        try node(of: value, path: .root).write(into: &writer)
        return writer.bytes
    }

    /// Encodes `value` on its own encoder (or takes the JSON it writes itself).
    fileprivate static func node<T: Encodable>(of value: T, path: CodingPath) throws -> EncodingNode {
        if let encodable = value as? any CompactJSONEncodable { return .encoded(encodable.compactJSON) }
        let encoder = JSONValueEncoder(path: path)
        try value.encode(to: encoder)
        return encoder.node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectBuilder
        if case .object(let existing) = node {
            object = existing
        } else {
            object = ObjectBuilder()
            node = .object(object)
        }
        return KeyedEncodingContainer(KeyedJSONEncoding<Key>(object: object, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayBuilder
        if case .array(let existing) = node {
            array = existing
        } else {
            array = ArrayBuilder()
            node = .array(array)
        }
        return UnkeyedJSONEncoding(array: array, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleJSONEncoding(encoder: self) }
}

/// A value being encoded: containers are reference types so that nested containers, handed out
/// before they are filled, still end up in their parent.
private enum EncodingNode {
    case empty
    case value(JSONValue)
    /// JSON a `CompactJSONEncodable` value wrote itself.
    case encoded(Data)
    case object(ObjectBuilder)
    case array(ArrayBuilder)

    func write(into writer: inout JSONWriter) {
        switch self {
        case .empty:
            writer.append("{}")
        case .value(let value):
            writer.write(value)
        case .encoded(let json):
            writer.appendEncoded(json)
        case .object(let object):
            // Synthesized `encode(to:)` writes keys in declaration order.
            var members = object.members
            if zip(members, members.dropFirst()).contains(where: { $1.key < $0.key }) { members.sort { $0.key < $1.key } }
            writer.append("{")
            for (position, member) in members.enumerated() {
                if position > 0 { writer.append(",") }
                writer.writeString(member.key)
                writer.append(":")
                member.node.write(into: &writer)
            }
            writer.append("}")
        case .array(let array):
            writer.append("[")
            for (position, item) in array.items.enumerated() {
                if position > 0 { writer.append(",") }
                item.write(into: &writer)
            }
            writer.append("]")
        }
    }
}

private final class ObjectBuilder {
    var members: [(key: String, node: EncodingNode)] = []
}

private final class ArrayBuilder {
    var items: [EncodingNode] = []
}

/// The JSON form of scalars, shared by the three container kinds.
extension JSONScalars {
    static func number(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .string(value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity") }
        return .number(trimmingPointZero(value.description))
    }

    static func number(_ value: Float) -> JSONValue {
        guard value.isFinite else { return number(Double(value)) }
        return .number(trimmingPointZero(value.description))
    }

    static func number(_ value: some FixedWidthInteger) -> JSONValue { .number(String(value)) }

    /// `1.0` is written `1`, as `JSONEncoder` does.
    private static func trimmingPointZero(_ text: String) -> String {
        text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

private struct KeyedJSONEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectBuilder
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }

    private func put(_ value: JSONValue, _ key: Key) { object.members.append((key.stringValue, .value(value))) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(JSONScalars.number(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(JSONScalars.number(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.members.append((key.stringValue, try JSONValueEncoder.node(of: value, path: .child(path, key))))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBuilder()
        object.members.append((key.stringValue, .object(nested)))
        return KeyedEncodingContainer(KeyedJSONEncoding<NestedKey>(object: nested, path: .child(path, key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayBuilder()
        object.members.append((key.stringValue, .array(nested)))
        return UnkeyedJSONEncoding(array: nested, path: .child(path, key))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super", path: path) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue, path: .child(path, key)) }

    private func superEncoder(named name: String, path: CodingPath) -> any Encoder {
        let encoder = JSONValueEncoder(path: path)
        let nested = ObjectBuilder()
        encoder.node = .object(nested)
        object.members.append((name, .object(nested)))
        return encoder
    }
}

private struct UnkeyedJSONEncoding: UnkeyedEncodingContainer {
    let array: ArrayBuilder
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }
    var count: Int { array.items.count }

    private func put(_ value: JSONValue) { array.items.append(.value(value)) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Float) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int8) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int16) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int32) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int64) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt8) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt16) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt32) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt64) throws { put(JSONScalars.number(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try JSONValueEncoder.node(of: value, path: .child(path, IndexKey(intValue: count))))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBuilder()
        let elementPath = CodingPath.child(path, IndexKey(intValue: count))
        array.items.append(.object(nested))
        return KeyedEncodingContainer(KeyedJSONEncoding<NestedKey>(object: nested, path: elementPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayBuilder()
        let elementPath = CodingPath.child(path, IndexKey(intValue: count))
        array.items.append(.array(nested))
        return UnkeyedJSONEncoding(array: nested, path: elementPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = JSONValueEncoder(path: .child(path, IndexKey(intValue: count)))
        let nested = ObjectBuilder()
        encoder.node = .object(nested)
        array.items.append(.object(nested))
        return encoder
    }
}

private struct SingleJSONEncoding: SingleValueEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func put(_ value: JSONValue) { encoder.node = .value(value) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Float) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int8) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int16) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int32) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: Int64) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt8) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt16) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt32) throws { put(JSONScalars.number(value)) }
    mutating func encode(_ value: UInt64) throws { put(JSONScalars.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.node = try JSONValueEncoder.node(of: value, path: encoder.path)
    }
}
