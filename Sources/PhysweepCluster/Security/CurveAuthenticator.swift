import Foundation
import Logging
import PhysweepZMQ

/// Who may talk to a secured coordinator: decides ZAP requests on the `ZAPHandler`'s thread, keeps
/// the allowed keys current, and tells the serving loop which keys are still allowed.
///
///     ZAP thread:      request ─► key allowed? 200 (user id = the key's Z85) : 400, logged once per key
///                      every wake-up: key files changed (stat, ≤ once per `rescanInterval`) or
///                      SIGHUP (`requestReload`)? load them again; a broken file keeps the old keys
///     serving loop:    `allowedUserIDs(after:)` once per turn (a lock held for a set swap, never
///                      for I/O); each message's `User-Id` checked against it, so a revoked key's
///                      established connection is cut off too, not only its next handshake
final class CurveAuthenticator: @unchecked Sendable {
    // @unchecked: the fields below `lock` are guarded by it; the others are touched only on the ZAP thread.
    private let path: String
    private let rescanInterval: Double
    private let logger: Logger
    private let lock = NSLock()
    private var allowed: Set<ZMQCurveKey>
    private var generation = 0
    private var reloadRequested = false
    /// Keys refused (or cut off) and logged since the last reload: each is logged once. Bounded.
    private var logged: Set<ZMQCurveKey> = []
    private var stamp: [String]
    private var nextScan = 0.0

    /// Loads the allowed keys from `path` (a directory of `*.pub` files, or a list file); throws if it cannot.
    init(allowedKeys path: String, rescanInterval: Double = 1, logger: Logger) throws {
        self.path = path
        self.rescanInterval = rescanInterval
        self.logger = logger
        stamp = AllowedKeys.stamp(path)
        allowed = try AllowedKeys.load(path).keys
        logger.notice("CURVE on: \(allowed.count) allowed key(s) from \(path)")
    }

    /// The ZAP decision for one connection.
    func authorize(_ request: ZAPHandler.Request) -> ZAPHandler.Decision {
        guard request.mechanism == "CURVE", request.credentials.count == 1, let key = ZMQCurveKey(bytes: request.credentials[0]) else {
            return .deny(reason: "CURVE with a client key required")
        }
        if lock.withLock({ allowed.contains(key) }) { return .allow(userID: key.z85) }
        logOnce(key, "refused a connection from \(request.address): key \(key.fingerprint) is not allowed")
        return .deny(reason: "key not allowed")
    }

    /// Reloads the keys if asked to or if the files changed. Runs on the ZAP thread.
    func housekeeping() {
        let now = MonotonicClock.now()
        let asked = lock.withLock { () -> Bool in
            defer { reloadRequested = false }
            return reloadRequested
        }
        guard asked || now >= nextScan else { return }
        nextScan = now + rescanInterval
        let current = AllowedKeys.stamp(path)
        guard asked || current != stamp else { return }
        stamp = current
        do {
            let keys = try AllowedKeys.load(path).keys
            let (added, removed) = lock.withLock { () -> (Int, Int) in
                defer {
                    allowed = keys
                    generation += 1
                    logged.removeAll()
                }
                return (keys.subtracting(allowed).count, allowed.subtracting(keys).count)
            }
            logger.notice("allowed keys reloaded from \(path): \(keys.count) key(s), \(added) added, \(removed) revoked")
        } catch {
            logger.error("allowed keys not reloaded (the previous \(lock.withLock { allowed.count }) stay in force): \(error)")
        }
    }

    /// Asks for a reload at the ZAP thread's next wake-up (≤ 100 ms); callable from a signal handler's queue.
    func requestReload() {
        lock.withLock { reloadRequested = true }
    }

    /// The allowed keys' user ids if they changed since `generation` (nil: unchanged), with the new generation.
    func allowedUserIDs(after known: Int) -> (generation: Int, userIDs: Set<String>)? {
        lock.withLock {
            generation == known ? nil : (generation, Set(allowed.map(\.z85)))
        }
    }

    /// Logs (once per key) that a connection of a no-longer-allowed key was cut off.
    func noteCutOff(userID: String) {
        guard let key = ZMQCurveKey(z85: userID) else { return }
        logOnce(key, "cut off a connection of key \(key.fingerprint): revoked")
    }

    private func logOnce(_ key: ZMQCurveKey, _ message: String) {
        let first = lock.withLock { () -> Bool in
            if logged.count >= 4096 { logged.removeAll() }
            return logged.insert(key).inserted
        }
        if first { logger.warning("\(message)") }
    }
}
