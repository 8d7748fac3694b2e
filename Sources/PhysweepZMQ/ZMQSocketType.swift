import CZeroMQ

/// The ZeroMQ socket patterns physweep uses.
public enum ZMQSocketType: String, Sendable, CaseIterable {
    case router, dealer, request, reply, push, pull, pair

    /// The libzmq constant (`ZMQ_ROUTER`, ...).
    var cValue: Int32 {
        switch self {
        case .router: return ZMQ_ROUTER
        case .dealer: return ZMQ_DEALER
        case .request: return ZMQ_REQ
        case .reply: return ZMQ_REP
        case .push: return ZMQ_PUSH
        case .pull: return ZMQ_PULL
        case .pair: return ZMQ_PAIR
        }
    }
}
