import CZeroMQ

/// A ZeroMQ context: owns libzmq's I/O thread and creates sockets.
///
/// Thread-safe (libzmq contexts are), unlike the sockets it creates. Every socket keeps its
/// context alive, so the context is terminated only after its last socket is gone, and
/// termination never hangs: the context is created with `ZMQ_BLOCKY = 0`, which makes new
/// sockets default to a linger of 0 (unsent messages are dropped at close).
public final class ZMQContext: @unchecked Sendable {
    // @unchecked: the only state is the libzmq handle, and every zmq_ctx_* call is thread-safe.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with one I/O thread.
    public init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw .last(.createContext) }
        self.handle = handle
        zmq_ctx_set(handle, ZMQ_BLOCKY, 0)
    }

    /// A new socket of `type`, with `options` applied in order.
    public func socket(_ type: ZMQSocketType, options: [ZMQSocketOption] = []) throws(ZMQError) -> ZMQSocket {
        let socket = try ZMQSocket(context: self, type: type)
        for option in options { try socket.set(option) }
        return socket
    }

    /// Makes every blocking call on this context's sockets, in any thread, fail at once with
    /// `ETERM` (`ZMQError.isContextTerminated`), and every later call too. Callable from any thread:
    /// this is how another thread stops a socket's owner.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    deinit {
        // Only reached once every socket has been released (each one holds the context).
        while zmq_ctx_term(handle) == -1 && zmq_errno() == EINTR {}
    }
}
