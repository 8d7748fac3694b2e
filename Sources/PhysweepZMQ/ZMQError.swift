import CZeroMQ

/// A failed libzmq call, with the errno, libzmq's text for it, and what was being done to which endpoint.
public struct ZMQError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The libzmq call that failed.
    public enum Operation: Equatable, Sendable, CustomStringConvertible {
        case createContext, createSocket, bind, connect, unbind, disconnect
        case setOption(String), getOption(String), send, receive, poll, curveKeys

        public var description: String {
            switch self {
            case .createContext: return "zmq_ctx_new"
            case .createSocket: return "zmq_socket"
            case .bind: return "zmq_bind"
            case .connect: return "zmq_connect"
            case .unbind: return "zmq_unbind"
            case .disconnect: return "zmq_disconnect"
            case .setOption(let name): return "zmq_setsockopt(\(name))"
            case .getOption(let name): return "zmq_getsockopt(\(name))"
            case .send: return "zmq_send"
            case .receive: return "zmq_msg_recv"
            case .poll: return "zmq_poll"
            case .curveKeys: return "zmq_curve_keypair"
            }
        }
    }

    /// The errno value (`zmq_errno()`), e.g. `EADDRINUSE`, `EAGAIN`, `ETERM`.
    public var code: Int32
    /// libzmq's description of `code` (`zmq_strerror`).
    public var message: String
    /// The call that failed.
    public var operation: Operation
    /// The endpoint involved, for bind/connect/unbind/disconnect.
    public var endpoint: String?

    /// An error with an explicit code (used for failures detected on the Swift side, e.g. a closed socket).
    public init(code: Int32, operation: Operation, endpoint: String? = nil) {
        self.code = code
        self.message = String(cString: zmq_strerror(code))
        self.operation = operation
        self.endpoint = endpoint
    }

    /// The error libzmq just reported for `operation` on this thread.
    static func last(_ operation: Operation, endpoint: String? = nil) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation, endpoint: endpoint)
    }

    /// The context was shut down (`ETERM`): the socket's owner should close it and stop.
    public var isContextTerminated: Bool { code == ETERM }

    public var description: String {
        let target = endpoint.map { " \($0)" } ?? ""
        return "\(operation)\(target): \(message) (errno \(code))"
    }
}
