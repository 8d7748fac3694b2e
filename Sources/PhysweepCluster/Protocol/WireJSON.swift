import Foundation

/// The JSON dialect of message bodies: UTF-8, sorted keys, and non-finite numbers (a diverged
/// loss) as the strings "NaN", "Infinity", "-Infinity", since JSON has no literal for them.
enum WireJSON {
    /// Configured once and shared: both are thread-safe once configured, and building one per
    /// message costs more than small messages take to code.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }()

    static func encode<Body: Encodable>(_ body: Body) -> Data {
        do {
            return try encoder.encode(body)
        } catch {
            // Bodies are structs of strings, numbers and enums, and non-finite numbers are mapped above.
            preconditionFailure("a wire message body failed to encode: \(error)")
        }
    }

    static func decode<Body: Decodable>(_ type: Body.Type, from data: Data, command: WireCommand) throws(ProtocolError) -> Body {
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw .badJSON(command: command, detail: describe(error))
        } catch {
            throw .badJSON(command: command, detail: "\(error)")
        }
    }

    /// "at result.efficacy.test_mse: expected Double, found a string" style text.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            let keys = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath + [key])): missing key \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            return "at \(path(context.codingPath)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "at \(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            return "at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
