/// The JSON body (frame 2) of a protocol message.
protocol WireBody: Codable, Hashable, Sendable {
    /// The first field that breaks the protocol's rules although it decoded, if any.
    func problem() -> (field: String, reason: String)?
}

/// Field rules shared by the bodies; each returns the broken rule or nil.
enum FieldRule {
    static func identifier(_ value: String, _ field: String) -> (field: String, reason: String)? {
        if value.isEmpty { return (field, "must not be empty") }
        if value.utf8.count > 255 { return (field, "must be at most 255 bytes, got \(value.utf8.count)") }
        return nil
    }

    static func positive(_ value: some BinaryInteger, _ field: String) -> (field: String, reason: String)? {
        value >= 1 ? nil : (field, "must be at least 1, got \(value)")
    }
}

/// HEARTBEAT's body: an empty JSON object (any keys are ignored).
struct EmptyBody: WireBody {
    init() {}

    /// Insists on an object: the synthesized decoder of a field-less struct would accept any JSON value.
    init(from decoder: Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}

    func problem() -> (field: String, reason: String)? { nil }
}
