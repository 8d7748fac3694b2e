import Foundation
import PhysweepJSON
import PhysweepSweep

/// The JSON dialect of message bodies: UTF-8, sorted keys, and non-finite numbers (a diverged
/// loss) as the strings "NaN", "Infinity", "-Infinity", since JSON has no literal for them.
/// `CompactJSON` implements it; TASK and RESULT, a task's two messages, are written and read by
/// hand (`encodedBody`, `TaskBodyReader`, `ResultBodyReader`): see docs/architecture.md.
enum WireJSON {
    static func encode<Body: Encodable>(_ body: Body) -> Data {
        do {
            return try CompactJSON.encode(body)
        } catch {
            // Bodies are structs of strings, numbers and enums; non-finite numbers become strings.
            preconditionFailure("a wire message body failed to encode: \(error)")
        }
    }

    /// Parses a body, locating the bytes of the values at key `paths` if asked; bad syntax is
    /// reported as bad JSON of `command`.
    static func parse(_ data: Data, command: WireCommand, locating paths: [[String]] = [])
        throws(ProtocolError) -> (value: JSONValue, ranges: [Range<Int>?]) {
        do {
            return try CompactJSON.parse(data, locatingPaths: paths)
        } catch {
            throw .badJSON(command: command, detail: "at top level: \(error)")
        }
    }

    static func decode<Body: Decodable>(_ type: Body.Type, from value: JSONValue, command: WireCommand) throws(ProtocolError) -> Body {
        do {
            return try CompactJSON.decode(type, from: value)
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
