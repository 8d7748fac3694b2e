/// `TrainConfig`'s JSON, field by field from `ConfigField.table`: the keys are the fields' names, a
/// field at its `omittedAt` value is left out, and one that is absent takes that value (a field
/// without `omittedAt` is required).
extension TrainConfig {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        self = .absentFields
        for field in ConfigField.table {
            let key = FieldKey(stringValue: field.name)
            if field.omittedAt != nil && !container.contains(key) { continue }
            switch field.storage {
            case .integer: field.store(try container.decode(Int.self, forKey: key), in: &self)
            case .real: field.store(try container.decode(Double.self, forKey: key), in: &self)
            case .unsigned: field.store(try container.decode(UInt64.self, forKey: key), in: &self)
            case .choice(let choice):
                let text = try container.decode(String.self, forKey: key)
                guard choice.assign(&self, text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container,
                        debugDescription: "Cannot initialize \(choice.typeName) from invalid String value \(text)")
                }
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for field in ConfigField.table where !field.isOmitted(in: self) {
            let key = FieldKey(stringValue: field.name)
            switch field.storage {
            case .integer(let path): try container.encode(self[keyPath: path], forKey: key)
            case .real(let path): try container.encode(self[keyPath: path], forKey: key)
            case .unsigned(let path): try container.encode(self[keyPath: path], forKey: key)
            case .choice(let choice): try container.encode(choice.rawValue(self), forKey: key)
            }
        }
    }

    /// A field's name as a coding key.
    struct FieldKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
