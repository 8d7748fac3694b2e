import CZeroMQ
import Foundation

/// A 32-byte CURVE (Curve25519) key, public or secret, and its 40-character Z85 text form.
///
///     let pair = try ZMQCurveKeyPair.generate()
///     let same = ZMQCurveKey(z85: pair.publicKey.z85)   // == pair.publicKey
public struct ZMQCurveKey: Hashable, Sendable {
    /// The key's 32 bytes.
    public let bytes: Data

    /// The key from its Z85 text (exactly 40 characters of the Z85 alphabet); nil otherwise.
    public init?(z85 text: some StringProtocol) {
        let characters = Array(text.utf8)
        guard characters.count == 40 else { return nil }
        var decoded = [UInt8](repeating: 0, count: 32)
        let ok = (characters + [0]).withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { zmq_z85_decode(&decoded, $0.baseAddress) != nil }
        }
        guard ok else { return nil }
        bytes = Data(decoded)
    }

    /// The key from its 32 bytes; nil for any other length.
    public init?(bytes: Data) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// The 40-character Z85 text (ZeroMQ's key format).
    public var z85: String {
        var text = [CChar](repeating: 0, count: 41)
        _ = [UInt8](bytes).withUnsafeBufferPointer { zmq_z85_encode(&text, $0.baseAddress, 32) }
        return Self.string(text)
    }

    /// A NUL-terminated C string's text.
    static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A short name for logs: the key's first 8 bytes in hex (64 bits), also written in the
    /// comment line of the key's `.pub` file. Only ever shown for public keys.
    public var fingerprint: String { bytes.prefix(8).map { String(format: "%02x", $0) }.joined() }
}

/// A CURVE key pair.
public struct ZMQCurveKeyPair: Hashable, Sendable {
    public let publicKey: ZMQCurveKey
    public let secretKey: ZMQCurveKey

    /// Whether this libzmq was built with CURVE (`zmq_has("curve")`, needs libsodium).
    public static var isAvailable: Bool { zmq_has("curve") == 1 }

    /// A new random pair (`zmq_curve_keypair`). Throws `ENOTSUP` without CURVE.
    public static func generate() throws(ZMQError) -> ZMQCurveKeyPair {
        var publicText = [CChar](repeating: 0, count: 41), secretText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicText, &secretText) == 0 else { throw .last(.curveKeys) }
        defer { for index in secretText.indices { secretText[index] = 0 } }
        guard let publicKey = ZMQCurveKey(z85: ZMQCurveKey.string(publicText)),
              let secretKey = ZMQCurveKey(z85: ZMQCurveKey.string(secretText)) else { throw ZMQError(code: EINVAL, operation: .curveKeys) }
        return ZMQCurveKeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// The pair of `secretKey`, its public key derived from it (`zmq_curve_public`).
    public init(secretKey: ZMQCurveKey) throws(ZMQError) {
        var publicText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicText, secretKey.z85) == 0 else { throw .last(.curveKeys) }
        guard let publicKey = ZMQCurveKey(z85: ZMQCurveKey.string(publicText)) else { throw ZMQError(code: EINVAL, operation: .curveKeys) }
        self.init(publicKey: publicKey, secretKey: secretKey)
    }

    private init(publicKey: ZMQCurveKey, secretKey: ZMQCurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}
