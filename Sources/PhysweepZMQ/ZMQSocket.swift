import CZeroMQ
import Foundation

/// A ZeroMQ socket.
///
/// **One socket, one thread.** libzmq sockets are not thread-safe, so this type is deliberately
/// not `Sendable`: create it on the thread that uses it. Every call also checks, in all builds,
/// that no other thread is inside a call on the same socket, and traps if one is, because a
/// concurrent call would corrupt libzmq's state silently. To stop a thread blocked in `receive`,
/// call `ZMQContext.shutdown()` from another thread (its calls then fail with `ETERM`); never
/// `close()` a socket from a thread other than its owner.
///
/// The socket keeps its context alive and is closed on deinit with the linger it was given
/// (0 by default, see `ZMQContext`).
public final class ZMQSocket {
    /// The socket's pattern.
    public let type: ZMQSocketType
    /// Kept so the context is terminated only after this socket is closed.
    private let context: ZMQContext
    /// nil once closed.
    private var handle: UnsafeMutableRawPointer?
    /// Held for the duration of every call; a failed `try()` means two threads use the socket at once.
    private let inUse = NSLock()

    init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.cValue) else { throw .last(.createSocket) }
        self.context = context
        self.type = type
        self.handle = handle
    }

    deinit {
        if let handle { zmq_close(handle) }
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { handle == nil }

    /// Closes the socket, keeping unsent messages for at most `linger` ms (0: drop them; -1: until sent).
    /// Later calls fail with `ENOTSOCK`; closing twice is harmless.
    public func close(linger milliseconds: Int = 0) {
        try? set(.linger(milliseconds: milliseconds))
        withExclusiveUse {
            if let handle { zmq_close(handle) }
            handle = nil
        }
    }

    /// Accepts connections on `endpoint`, e.g. `tcp://*:5555`, `tcp://127.0.0.1:*` (ephemeral port), `inproc://name`.
    public func bind(_ endpoint: String) throws(ZMQError) {
        try call(.bind, endpoint: endpoint) { zmq_bind($0, endpoint) }
    }

    /// Connects to `endpoint`; libzmq connects (and reconnects) in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        try call(.connect, endpoint: endpoint) { zmq_connect($0, endpoint) }
    }

    /// Stops accepting connections on an endpoint given to `bind` (use `lastEndpoint()` for a wildcard bind).
    public func unbind(_ endpoint: String) throws(ZMQError) {
        try call(.unbind, endpoint: endpoint) { zmq_unbind($0, endpoint) }
    }

    /// Drops the connection made by `connect(endpoint)`.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        try call(.disconnect, endpoint: endpoint) { zmq_disconnect($0, endpoint) }
    }

    /// Sets a socket option.
    public func set(_ option: ZMQSocketOption) throws(ZMQError) {
        try call(.setOption(option.name)) { handle in
            switch option.cValue {
            case .int(var value):
                return zmq_setsockopt(handle, option.cOption, &value, MemoryLayout<Int32>.size)
            case .int64(var value):
                return zmq_setsockopt(handle, option.cOption, &value, MemoryLayout<Int64>.size)
            case .bytes(let bytes):
                return bytes.withUnsafeBytes { zmq_setsockopt(handle, option.cOption, $0.baseAddress, $0.count) }
            }
        }
    }

    /// The endpoint last bound or connected, with the actual port of a `tcp://host:*` bind.
    public func lastEndpoint() throws(ZMQError) -> String {
        let bytes = try bytesOption(ZMQ_LAST_ENDPOINT, name: "ZMQ_LAST_ENDPOINT", capacity: 1024)
        // libzmq returns a NUL-terminated string.
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The routing id this socket presents to a ROUTER (empty if none was set).
    public func routingID() throws(ZMQError) -> Data {
        try bytesOption(ZMQ_ROUTING_ID, name: "ZMQ_ROUTING_ID", capacity: 256)
    }

    private func bytesOption(_ option: Int32, name: String, capacity: Int) throws(ZMQError) -> Data {
        var buffer = [UInt8](repeating: 0, count: capacity)
        var size = capacity
        try call(.getOption(name)) { zmq_getsockopt($0, option, &buffer, &size) }
        return Data(buffer.prefix(size))
    }

    /// Runs a libzmq call returning -1 on failure, retrying on EINTR, and throws its error with context.
    private func call(_ operation: ZMQError.Operation, endpoint: String? = nil,
                      _ body: (UnsafeMutableRawPointer) -> Int32) throws(ZMQError) {
        try withHandle(operation, endpoint: endpoint) { handle throws(ZMQError) in
            while body(handle) == -1 {
                let error = ZMQError.last(operation, endpoint: endpoint)
                if error.code != EINTR { throw error }
            }
        }
    }

    /// Runs `body` with the open handle, under the one-thread-at-a-time check.
    func withHandle<T>(_ operation: ZMQError.Operation, endpoint: String? = nil,
                       _ body: (UnsafeMutableRawPointer) throws(ZMQError) -> T) throws(ZMQError) -> T {
        try withExclusiveUse { () throws(ZMQError) -> T in
            guard let handle else { throw ZMQError(code: ENOTSOCK, operation: operation, endpoint: endpoint) }
            return try body(handle)
        }
    }

    /// Runs `body` while holding the in-use lock; traps if another thread holds it.
    func withExclusiveUse<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        precondition(inUse.try(), "ZMQSocket (\(type)) used by two threads at once: ZeroMQ sockets are not thread-safe")
        defer { inUse.unlock() }
        return try body()
    }
}
