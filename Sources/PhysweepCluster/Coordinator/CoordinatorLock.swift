import Foundation

/// One coordinator per store file: two would both dispatch the same queued tasks, and each one's
/// start-up recovery would re-queue the other's running tasks.
///
/// An exclusive `flock` on the database file itself, released when the process dies however it
/// dies (so a `kill -9`ed coordinator never leaves a stale lock). `flock` and SQLite's own `fcntl`
/// locks do not interact on Linux and macOS. The descriptor is deliberately never closed: closing
/// any descriptor of a file drops every `fcntl` lock this process holds on it, SQLite's included.
final class CoordinatorLock {
    private let descriptor: Int32

    /// Takes the lock on `path`, or throws if another process holds it.
    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CoordinatorError.cannotLock(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            _ = flock(descriptor, LOCK_UN)
            throw busy ? CoordinatorError.storeInUse(path: path) : CoordinatorError.cannotLock(path: path, reason: reason)
        }
    }

    deinit {
        _ = flock(descriptor, LOCK_UN)
    }
}

/// Why a coordinator could not start.
public enum CoordinatorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Another coordinator (or `physweep run`) is serving this file.
    case storeInUse(path: String)
    /// The lock file could not be opened or locked.
    case cannotLock(path: String, reason: String)
    /// Bound beyond loopback without CURVE keys, and not told `insecure`.
    case insecureBind(endpoint: String)
    /// CURVE keys given, but this libzmq has no CURVE.
    case curveUnavailable

    public var description: String {
        switch self {
        case .storeInUse(let path):
            return "\(path) is already served by another coordinator (or physweep run); stop it first, or use another --db"
        case .cannotLock(let path, let reason):
            return "cannot lock \(path): \(reason)"
        case .insecureBind(let endpoint):
            return "refusing to serve \(endpoint) in plain TCP: anyone reaching the port could take tasks and send results. Give --key and --allow (CURVE; see `physweep keys new`), bind to 127.0.0.1, or say --insecure"
        case .curveUnavailable:
            return "this libzmq was built without CURVE (zmq_has(\"curve\") is false): install a libzmq built with libsodium"
        }
    }
}
