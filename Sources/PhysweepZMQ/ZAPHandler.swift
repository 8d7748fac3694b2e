import Foundation

/// Answers a context's authentication requests (ZAP, ZeroMQ RFC 27): zguide's pattern of a REP
/// socket bound at `inproc://zeromq.zap.01` on a thread of its own. libzmq's I/O thread asks it
/// about every new connection to a socket with a `zapDomain` (for CURVE, after the handshake proved
/// the peer holds the secret key of the public key it presents) and does not wait for the answer
/// on any other socket's behalf: a slow decision delays only that connection.
///
///     receive request (≤ 100 ms) ─► authorize(request) ─► reply 200 + user id, or 400
///     every wake-up, request or not: housekeeping()  (e.g. re-read a key directory)
///     until stop()
///
/// One socket, one thread: the REP socket is created, used and closed on the handler's thread.
/// Without a handler bound, libzmq lets every peer in; so the handler is bound before `init`
/// returns, and must be started before the socket it guards binds.
///
///     let zap = try ZAPHandler(context: context) { request in
///         allowed.contains(request.credentials.first ?? Data()) ? .allow(userID: "worker") : .deny("unknown key")
///     }
public final class ZAPHandler: @unchecked Sendable {
    // @unchecked: `stopping` is guarded by its lock; the socket never leaves the handler's thread.

    /// What a connecting peer presented.
    public struct Request: Sendable {
        /// The server socket's `zapDomain`.
        public var domain: String
        /// The peer's IP address.
        public var address: String
        /// "NULL", "PLAIN" or "CURVE".
        public var mechanism: String
        /// For CURVE, one frame: the peer's 32-byte long-term public key.
        public var credentials: [Data]
    }

    /// The handler's answer.
    public enum Decision: Sendable, Equatable {
        /// Let the peer in; its messages carry `userID` as their `User-Id` property.
        case allow(userID: String)
        /// Refuse the connection (status 400).
        case deny(reason: String)
    }

    /// The endpoint libzmq sends requests to.
    public static let endpoint = "inproc://zeromq.zap.01"

    /// Set by `stop()`, read by the thread, which holds this and not the handler: a handler dropped
    /// without `stop()` (e.g. by a throwing initializer of its owner) still stops on deinit.
    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var raised = false
        var isRaised: Bool { lock.withLock { raised } }
        /// Raises the flag; true the first time.
        func raise() -> Bool { lock.withLock { defer { raised = true }; return !raised } }
    }
    private let stopping = Flag()
    private let finished = DispatchSemaphore(value: 0)

    /// Binds the handler in `context` and starts its thread; `authorize` and `housekeeping` run on it.
    public init(context: ZMQContext, housekeeping: @escaping @Sendable () -> Void = {},
                authorize: @escaping @Sendable (Request) -> Decision) throws(ZMQError) {
        let bound = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: ZMQError?
        let thread = Thread { [stopping, finished] in
            defer { finished.signal() }
            let socket: ZMQSocket
            do throws(ZMQError) {
                socket = try context.socket(.reply, options: [.linger(milliseconds: 0)])
                try socket.bind(Self.endpoint)
            } catch {
                failure = error
                bound.signal()
                return
            }
            bound.signal()
            defer { socket.close() }
            while !stopping.isRaised {
                housekeeping()
                guard let frames = try? socket.receive(timeoutMilliseconds: 100) else {
                    if socket.isClosed { return }
                    continue
                }
                // A REP socket must answer before it can receive again; garbage gets a 500.
                _ = try? socket.send(Self.reply(to: frames, authorize: authorize))
            }
        }
        thread.name = "physweep ZAP handler"
        thread.start()
        bound.wait()
        if let failure {
            finished.wait()
            throw failure
        }
    }

    deinit { stop() }

    /// Stops the thread (within ~100 ms) and waits for it to close its socket. Idempotent.
    public func stop() {
        if stopping.raise() { finished.wait() }
    }

    /// The reply frames to one request (RFC 27: version, request id, status, text, user id, metadata).
    static func reply(to frames: [Data], authorize: (Request) -> Decision) -> [Data] {
        let version = Data("1.0".utf8)
        guard frames.count >= 6, frames[0] == version else {
            return [version, frames.count > 1 ? frames[1] : Data(), Data("500".utf8), Data("malformed ZAP request".utf8), Data(), Data()]
        }
        let text = { (frame: Data) in String(decoding: frame, as: UTF8.self) }
        let request = Request(domain: text(frames[2]), address: text(frames[3]), mechanism: text(frames[5]),
                              credentials: Array(frames.dropFirst(6)))
        switch authorize(request) {
        case .allow(let userID):
            return [version, frames[1], Data("200".utf8), Data("OK".utf8), Data(userID.utf8), Data()]
        case .deny(let reason):
            return [version, frames[1], Data("400".utf8), Data(reason.utf8), Data(), Data()]
        }
    }
}
