import Foundation

/// The physweep wire protocol's identity: every message starts with the frame `"PSWP" + version`.
public enum WireProtocol {
    /// The tag all versions share, so a peer can tell "wrong version" from "not physweep at all".
    public static let tag = "PSWP"
    /// The version this build speaks. Bump it for any change an older peer would misread (docs/protocol.md).
    public static let version = 1
    /// Frame 0 of every message this build sends: `PSWP1`.
    public static let versionFrame = Data("\(tag)\(version)".utf8)
    /// Longest frame 0 (tag included): `PSWP` and at most 12 digits.
    public static let maxVersionFrameBytes = 16
    /// The optional feature "ack" (WELCOME `features`): the coordinator acknowledges each RESULT and
    /// FAILED that carries `worker_id` with an ACK once it is durable; the worker holds them until then.
    public static let acknowledgements = "ack"

    /// Checks frame 0: the tag followed by exactly this build's version in canonical decimal (no
    /// sign, no leading zero, at most 16 bytes in all), else not physweep; another number is another version.
    static func checkVersionFrame(_ frame: Data) throws(ProtocolError) {
        // The usual case, one comparison.
        if frame == versionFrame { return }
        guard frame.count <= maxVersionFrameBytes, frame.starts(with: tag.utf8) else {
            throw .notPhysweep(frame: ProtocolError.preview(frame))
        }
        let digits = frame.dropFirst(tag.utf8.count)
        guard let first = digits.first, first != UInt8(ascii: "0"),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let received = Int(String(decoding: digits, as: UTF8.self)) else {
            throw .notPhysweep(frame: ProtocolError.preview(frame))
        }
        guard received == version else { throw .wrongVersion(received: received, expected: version) }
    }
}
