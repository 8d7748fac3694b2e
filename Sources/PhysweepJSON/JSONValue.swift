/// A parsed or to-be-written JSON document, the intermediate form of `CompactJSON`.
///
/// Numbers keep their literal text, so 64-bit integers (task ids, seeds) stay exact and a
/// `Double` is parsed only by the field that asks for one.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number's JSON text, e.g. `-12`, `0.5`, `1e-05`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order (written sorted by key).
    case object([JSONMember])

    /// The value of `key` in an object (the first one, should a document repeat a key); nil otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Hashable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
