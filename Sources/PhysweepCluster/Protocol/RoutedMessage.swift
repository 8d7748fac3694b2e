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
        let (routingID, message) = try split(frames, decoding: WireMessage.decode(_:))
        return RoutedMessage(routingID: routingID, message: message)
    }

    /// Takes the routing-id frame off and decodes the rest with `decode`; frame counts in its
    /// errors then include the routing id.
    static func split<Message>(_ frames: [Data], decoding decode: ([Data]) throws(ProtocolError) -> Message)
        throws(ProtocolError) -> (routingID: Data, message: Message) {
        guard let routingID = frames.first, frames.count >= 2 else {
            throw .wrongFrameCount(received: frames.count, expected: WireMessage.frameCount + 1)
        }
        do {
            return (routingID, try decode(Array(frames.dropFirst())))
        } catch .wrongFrameCount(let received, let expected) {
            throw .wrongFrameCount(received: received + 1, expected: expected + 1)
        }
    }
}
