import Foundation
import PhysweepZMQ

/// CURVE key files, as `physweep keys new NAME` writes them: `NAME.pub` (the public key, to give to
/// the other side) and `NAME.key` (the secret key, mode 0600, never leaves its machine). Each holds
/// a `#` comment line (a `.pub` file's names the key's fingerprint) and the key's 40-character Z85 text.
///
///     let (pub, key) = try CurveKeyFile.write(try .generate(), name: "worker-a", in: "keys")
///     let pair = try CurveKeyFile.readSecret(key)        // the public key is derived from the secret
///     let coordinator = try CurveKeyFile.readPublic("keys/coordinator.pub")
public enum CurveKeyFile {
    /// Writes `name`.pub and `name`.key into `directory` (created if missing); refuses to overwrite
    /// either. Returns their paths. The secret file is created 0600 (never readable by others, not
    /// even for a moment).
    public static func write(_ pair: ZMQCurveKeyPair, name: String, in directory: String) throws -> (public: String, secret: String) {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw KeyFileError.badName(name)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = (directory as NSString).appendingPathComponent(name)
        let publicPath = base + ".pub", secretPath = base + ".key"
        for path in [publicPath, secretPath] where FileManager.default.fileExists(atPath: path) {
            throw KeyFileError.exists(path)
        }
        try create(secretPath, mode: 0o600, "# physweep CURVE secret key \(name): keep it on this machine, readable by you only\n\(pair.secretKey.z85)\n")
        try create(publicPath, mode: 0o644, "# physweep CURVE public key \(name), fingerprint \(pair.publicKey.fingerprint)\n\(pair.publicKey.z85)\n")
        return (publicPath, secretPath)
    }

    /// A new pair written as `name`.pub and `name`.key (`physweep keys new`); returns their paths
    /// and the public key's fingerprint. Throws `KeyFileError.curveUnavailable` without CURVE.
    public static func new(name: String, in directory: String) throws -> (public: String, secret: String, fingerprint: String) {
        guard ZMQCurveKeyPair.isAvailable else { throw KeyFileError.curveUnavailable }
        let pair = try ZMQCurveKeyPair.generate()
        let (publicPath, secretPath) = try write(pair, name: name, in: directory)
        return (publicPath, secretPath, pair.publicKey.fingerprint)
    }

    /// The public key in `path` (a `.pub` file: exactly one key).
    public static func readPublic(_ path: String) throws -> ZMQCurveKey {
        let keys = try readKeys(path)
        guard keys.count == 1 else { throw KeyFileError.malformed(path: path, line: nil, "exactly one public key, found \(keys.count)") }
        return keys[0].key
    }

    /// The key pair whose secret key is in `path`. Refused if the file can be read by anyone but its owner.
    public static func readSecret(_ path: String) throws -> ZMQCurveKeyPair {
        var status = stat()
        guard stat(path, &status) == 0 else { throw KeyFileError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        if status.st_mode & 0o077 != 0 { throw KeyFileError.exposedSecret(path: path, mode: Int(status.st_mode & 0o777)) }
        let keys = try readKeys(path)
        guard keys.count == 1 else { throw KeyFileError.malformed(path: path, line: nil, "exactly one secret key, found \(keys.count)") }
        return try ZMQCurveKeyPair(secretKey: keys[0].key)
    }

    /// Every key in a key file or list: one per line (`KEY` or `KEY label`), `#` comments and blank lines skipped.
    static func readKeys(_ path: String) throws -> [(key: ZMQCurveKey, line: Int)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KeyFileError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        var keys: [(key: ZMQCurveKey, line: Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let field = trimmed.prefix { !$0.isWhitespace }
            guard let key = ZMQCurveKey(z85: field) else {
                throw KeyFileError.malformed(path: path, line: index + 1, "a 40-character Z85 CURVE key, got \"\(field.prefix(48))\"")
            }
            keys.append((key, index + 1))
        }
        return keys
    }

    private static func create(_ path: String, mode: mode_t, _ text: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw KeyFileError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // The umask may have taken bits away, never added them; make the mode exact.
        _ = fchmod(descriptor, mode)
        try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: Data(text.utf8))
    }
}

/// A key file that cannot be used, with its path (and line).
public enum KeyFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int?, String)
    case exposedSecret(path: String, mode: Int)
    case exists(String)
    case badName(String)
    case curveUnavailable

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .malformed(let path, let line, let expected): return "\(path)\(line.map { ":\($0)" } ?? ""): expected \(expected)"
        case .exposedSecret(let path, let mode):
            return "\(path): a secret key readable by others (mode \(String(mode, radix: 8))): run chmod 600 \(path)"
        case .exists(let path): return "\(path) exists: not overwritten (remove it first to replace the key)"
        case .curveUnavailable: return "this libzmq was built without CURVE (zmq_has(\"curve\") is false): install one built with libsodium"
        case .badName(let name): return "\"\(name)\" is not a key name: a file name without '/' and not starting with '.'"
        }
    }
}
