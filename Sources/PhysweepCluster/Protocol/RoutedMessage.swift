import Foundation

/// A protocol message as the coordinator's ROUTER sees it: the peer's routing-id frame, then the
/// three message frames (no empty delimiter frame: workers are DEALERs and send none).
public struct RoutedMessage: Hashable, Sendable {
    /// The ROUTER routing id of the worker's connection: who sent it, or who should get it.
    public var routingID: Data
    public var message: WireMessage

    public init(routingID: Data, message: WireMessage) {
        self.routingID = routingID
        self.message = message
    }

    /// The frames to send from the ROUTER: routing id, version, command, JSON body.
    public func frames() -> [Data] {
        [routingID] + message.frames()
    }

    /// Parses the frames a ROUTER receives; never traps (see `WireMessage.decode`).
    /// On error the sender is still `frames.first`, e.g. for counting bad messages per peer.
    public static func decode(_ frames: [Data]) throws(ProtocolError) -> RoutedMessage {
        try decodeKeepingResultJSON(frames).routed
    }

    /// `decode`, also returning a RESULT's `result` bytes as received (see `WireMessage.decodeKeepingResultJSON`).
    static func decodeKeepingResultJSON(_ frames: [Data]) throws(ProtocolError) -> (routed: RoutedMessage, resultJSON: Data?) {
        guard let routingID = frames.first, frames.count >= 2 else {
            throw .wrongFrameCount(received: frames.count, expected: WireMessage.frameCount + 1)
        }
        do {
            let (message, resultJSON) = try WireMessage.decodeKeepingResultJSON(Array(frames.dropFirst()))
            return (RoutedMessage(routingID: routingID, message: message), resultJSON)
        } catch .wrongFrameCount(let received, let expected) {
            throw .wrongFrameCount(received: received + 1, expected: expected + 1)
        }
    }
}
