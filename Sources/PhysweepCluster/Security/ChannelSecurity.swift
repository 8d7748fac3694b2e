import Foundation
import PhysweepZMQ

/// A secured coordinator's keys: its own pair (workers must know the public half) and where the
/// allowed workers' public keys are (docs/protocol.md, "Security").
public struct CoordinatorSecurity: Sendable {
    /// The coordinator's key pair.
    public var keyPair: ZMQCurveKeyPair
    /// A directory of `*.pub` files or a list file of allowed public keys, re-read when it changes.
    public var allowedKeys: String
    /// How often the allowed keys' files are checked for changes (seconds).
    public var rescanInterval: Double

    public init(keyPair: ZMQCurveKeyPair, allowedKeys: String, rescanInterval: Double = 1) {
        self.keyPair = keyPair
        self.allowedKeys = allowedKeys
        self.rescanInterval = rescanInterval
    }

    /// The ZAP domain the coordinator's socket announces.
    static let zapDomain = "physweep"

    /// The ROUTER's options: CURVE server with this secret key, authenticated through ZAP.
    var socketOptions: [ZMQSocketOption] {
        [.zapDomain(Self.zapDomain), .curveServer(true), .curveSecretKey(keyPair.secretKey)]
    }
}

/// A worker's or client's keys for a secured coordinator: the coordinator's public key and its own pair.
public struct ClientSecurity: Sendable {
    /// The coordinator's public key: a coordinator without its secret key cannot complete the handshake.
    public var coordinatorKey: ZMQCurveKey
    /// This peer's pair; its public key must be among the coordinator's allowed keys.
    public var keyPair: ZMQCurveKeyPair

    public init(coordinatorKey: ZMQCurveKey, keyPair: ZMQCurveKeyPair) {
        self.coordinatorKey = coordinatorKey
        self.keyPair = keyPair
    }

    /// The DEALER's options, set before `connect`.
    var socketOptions: [ZMQSocketOption] {
        [.curveServerKey(coordinatorKey), .curvePublicKey(keyPair.publicKey), .curveSecretKey(keyPair.secretKey)]
    }
}

/// Whether a bind endpoint accepts connections only from this machine (loopback TCP, ipc, inproc).
enum BindScope {
    static func isLocalOnly(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        let address = endpoint.dropFirst("tcp://".count)
        // tcp://[::1]:port, tcp://127.x.y.z:port, tcp://localhost:port; an interface name or * is not.
        if address.hasPrefix("[::1]:") { return true }
        guard let colon = address.lastIndex(of: ":") else { return false }
        let host = address[..<colon]
        if host == "localhost" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
