import Foundation

/// Frame 1 of every message: what the message is. Raw values are the ASCII bytes on the wire.
public enum WireCommand: String, CaseIterable, Sendable {
    /// Worker → coordinator: who I am and what I can run.
    case hello = "HELLO"
    /// Coordinator → worker: accepted; adopt these heartbeat settings.
    case welcome = "WELCOME"
    /// Worker → coordinator: I can take n more tasks.
    case credit = "CREDIT"
    /// Coordinator → worker: run this configuration.
    case task = "TASK"
    /// Worker → coordinator: how a running task is doing (optional).
    case progress = "PROGRESS"
    /// Worker → coordinator: a task finished with this result.
    case result = "RESULT"
    /// Worker → coordinator: a task failed with this error.
    case failed = "FAILED"
    /// Coordinator → worker: these RESULT/FAILED outcomes are stored; stop holding them (optional).
    case ack = "ACK"
    /// Both ways: I am alive (sent when nothing else was sent for one heartbeat interval).
    case heartbeat = "HEARTBEAT"
    /// Both ways: I am leaving (worker shutting down; coordinator done or stopping).
    case bye = "BYE"
    /// Client → coordinator: store this sweep spec and serve its tasks (`physweep submit --to`).
    case submit = "SUBMIT"
    /// Coordinator → client: the submitted sweep is stored.
    case submitted = "SUBMITTED"
    /// Coordinator → client: the submitted sweep was refused; nothing was stored.
    case rejected = "REJECTED"
}

extension WireCommand {
    /// The command frame, built once per command rather than once per message.
    var frame: Data { Self.frames[self]! }

    private static let frames = Dictionary(uniqueKeysWithValues: allCases.map { ($0, Data($0.rawValue.utf8)) })
}
