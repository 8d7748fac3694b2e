import Foundation

/// Why a set of frames is not a valid protocol message. Decoding returns these, never traps.
public enum ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message has the wrong number of frames (3, or 4 with the ROUTER's routing-id frame).
    case wrongFrameCount(received: Int, expected: Int)
    /// Frame 0 is not `PSWP<version>`: not a physweep peer. `frame` is a printable preview.
    case notPhysweep(frame: String)
    /// A physweep peer speaking another protocol version.
    case wrongVersion(received: Int, expected: Int)
    /// Frame 1 names no known command. `command` is a printable preview.
    case unknownCommand(String)
    /// Frame 2 is not the JSON body the command needs; `detail` names the key path and what was expected.
    case badJSON(command: WireCommand, detail: String)
    /// The body parsed but a field breaks the protocol's rules (e.g. `attempt` < 1).
    case invalidField(command: WireCommand, field: String, reason: String)

    public var description: String {
        switch self {
        case .wrongFrameCount(let received, let expected):
            return "wrong frame count: received \(received) frames, expected \(expected)"
        case .notPhysweep(let frame):
            return "not a physweep message: frame 0 is \(frame), expected \(WireProtocol.tag)<version>"
        case .wrongVersion(let received, let expected):
            return "protocol version mismatch: peer speaks \(WireProtocol.tag)\(received), this build speaks \(WireProtocol.tag)\(expected)"
        case .unknownCommand(let command):
            return "unknown command \(command); known: " + WireCommand.allCases.map(\.rawValue).joined(separator: ", ")
        case .badJSON(let command, let detail):
            return "bad JSON body of \(command.rawValue): \(detail)"
        case .invalidField(let command, let field, let reason):
            return "invalid \(command.rawValue) field \(field): \(reason)"
        }
    }

    /// A short, printable rendering of untrusted bytes for error messages: quoted text if it is
    /// printable ASCII, hex otherwise; at most 32 bytes either way.
    static func preview(_ bytes: Data) -> String {
        let head = bytes.prefix(32)
        let ellipsis = bytes.count > head.count ? "… (\(bytes.count) bytes)" : ""
        if head.allSatisfy({ (0x20...0x7e).contains($0) }) {
            return "\"" + String(decoding: head, as: UTF8.self) + "\"" + ellipsis
        }
        return "0x" + head.map { String(format: "%02x", $0) }.joined() + ellipsis
    }
}
