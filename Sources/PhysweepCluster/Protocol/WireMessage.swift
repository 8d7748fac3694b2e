import Foundation
import PhysweepJSON
import PhysweepSweep

/// One protocol message, as a DEALER (worker) sends and receives it: three frames,
/// `["PSWP1", command, JSON body]`. See docs/protocol.md.
public enum WireMessage: Hashable, Sendable {
    case hello(Hello)
    case welcome(Welcome)
    case credit(Credit)
    case task(TaskAssignment)
    case progress(ProgressReport)
    case result(TaskResult)
    case failed(TaskFailure)
    case ack(Acknowledgement)
    case heartbeat
    case bye(Bye)
    case submit(Submission)
    case submitted(SubmissionAccepted)
    case rejected(SubmissionRejected)

    /// Frames per message, not counting the ROUTER's routing-id frame.
    public static let frameCount = 3

    /// The command frame's value.
    public var command: WireCommand {
        switch self {
        case .hello: return .hello
        case .welcome: return .welcome
        case .credit: return .credit
        case .task: return .task
        case .progress: return .progress
        case .result: return .result
        case .failed: return .failed
        case .ack: return .ack
        case .heartbeat: return .heartbeat
        case .bye: return .bye
        case .submit: return .submit
        case .submitted: return .submitted
        case .rejected: return .rejected
        }
    }

    /// The frames to send from a DEALER: version, command, JSON body.
    public func frames() -> [Data] {
        [WireProtocol.versionFrame, command.frame, body]
    }

    private var body: Data {
        switch self {
        case .hello(let body): return WireJSON.encode(body)
        case .welcome(let body): return WireJSON.encode(body)
        case .credit(let body): return WireJSON.encode(body)
        case .task(let body): return body.encodedBody()
        case .progress(let body): return WireJSON.encode(body)
        case .result(let body): return body.encodedBody()
        case .failed(let body): return WireJSON.encode(body)
        case .ack(let body): return body.encodedBody()
        case .heartbeat: return WireJSON.encode(EmptyBody())
        case .bye(let body): return WireJSON.encode(body)
        case .submit(let body): return WireJSON.encode(body)
        case .submitted(let body): return WireJSON.encode(body)
        case .rejected(let body): return WireJSON.encode(body)
        }
    }

    /// Parses the frames a DEALER receives. Never traps: any malformed, truncated, foreign or
    /// wrong-version input gives a `ProtocolError`. The version is checked before the frame count,
    /// so a peer of another version is told so even if that version lays out frames differently.
    public static func decode(_ frames: [Data]) throws(ProtocolError) -> WireMessage {
        let command = try command(of: frames)
        return try decode(bodyFrame: frames[2], of: command)
    }

    /// Decodes frame 2 of a message whose frames before it passed `command(of:)`.
    static func decode(bodyFrame: Data, of command: WireCommand) throws(ProtocolError) -> WireMessage {
        func json() throws(ProtocolError) -> JSONValue { try WireJSON.parse(bodyFrame, command: command).value }
        switch command {
        case .hello: return .hello(try body(Hello.self, json(), command))
        case .welcome: return .welcome(try body(Welcome.self, json(), command))
        case .credit: return .credit(try body(Credit.self, json(), command))
        // The worker's hot message: read straight from the bytes, no tree, no `Codable`.
        case .task: return .task(try TaskAssignment(body: bodyFrame))
        case .progress: return .progress(try body(ProgressReport.self, json(), command))
        case .result: return .result(try body(TaskResult.self, json(), command))
        case .failed: return .failed(try body(TaskFailure.self, json(), command))
        case .ack: return .ack(try body(Acknowledgement.self, json(), command))
        case .heartbeat: _ = try body(EmptyBody.self, json(), command); return .heartbeat
        case .bye: return .bye(try body(Bye.self, json(), command))
        case .submit: return .submit(try body(Submission.self, json(), command))
        case .submitted: return .submitted(try body(SubmissionAccepted.self, json(), command))
        case .rejected: return .rejected(try body(SubmissionRejected.self, json(), command))
        }
    }

    /// Checks everything before the body (steps 1–4 of docs/protocol.md §7: tag, version, frame
    /// count, command) and returns the command; frame 2 is then the body.
    static func command(of frames: [Data]) throws(ProtocolError) -> WireCommand {
        guard let versionFrame = frames.first else {
            throw .wrongFrameCount(received: 0, expected: frameCount)
        }
        try WireProtocol.checkVersionFrame(versionFrame)
        guard frames.count == frameCount else {
            throw .wrongFrameCount(received: frames.count, expected: frameCount)
        }
        let commandFrame = frames[1]
        guard commandFrame.count <= 16, let command = WireCommand(rawValue: String(decoding: commandFrame, as: UTF8.self)) else {
            throw .unknownCommand(ProtocolError.preview(commandFrame))
        }
        return command
    }

    private static func body<Body: WireBody>(_ type: Body.Type, _ json: JSONValue, _ command: WireCommand) throws(ProtocolError) -> Body {
        let body = try WireJSON.decode(type, from: json, command: command)
        if let problem = body.problem() {
            throw .invalidField(command: command, field: problem.field, reason: problem.reason)
        }
        return body
    }
}
