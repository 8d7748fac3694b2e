import Foundation

/// A message from a worker as the coordinator reads it: a RESULT as a `ResultReceipt`, whose config
/// is compared with the task's rather than decoded; a SUBMIT's body left undecoded, for the
/// coordinator's `SubmissionThread`; any other command as a `WireMessage`.
enum WorkerMessage {
    case result(ResultReceipt)
    /// A SUBMIT (from a client): its body is size-checked and decoded off the serving loop.
    case submission(body: Data)
    /// Any command but RESULT.
    case other(WireMessage)

    /// `RoutedMessage.decode` for the coordinator: the same checks in the same order with the same
    /// errors, except that a RESULT's `result.config` is left to `ResultReceipt.checkConfig` and a
    /// SUBMIT's body to `SubmissionThread`.
    static func decode(_ frames: [Data]) throws(ProtocolError) -> (routingID: Data, message: WorkerMessage) {
        try RoutedMessage.split(frames) { (frames: [Data]) throws(ProtocolError) -> WorkerMessage in
            let command = try WireMessage.command(of: frames)
            if command == .result { return .result(try ResultReceipt(body: frames[2])) }
            if command == .submit { return .submission(body: frames[2]) }
            return .other(try WireMessage.decode(bodyFrame: frames[2], of: command))
        }
    }
}
