import CZeroMQ
import Foundation

/// A socket option and its value. Durations are in milliseconds; `-1` means "forever" where libzmq allows it.
public enum ZMQSocketOption: Hashable, Sendable {
    /// How long unsent messages are kept after close (0: dropped at once; -1: until sent).
    case linger(milliseconds: Int)
    /// The identity a DEALER/REQ presents to a ROUTER (1-255 bytes, not starting with a zero byte).
    case routingID(Data)
    /// Blocking receives give up after this long (`receive()` then returns nil). -1: wait forever.
    case receiveTimeout(milliseconds: Int)
    /// Blocking sends give up after this long (`send` then throws `EAGAIN`). -1: wait forever.
    case sendTimeout(milliseconds: Int)
    /// Incoming messages queued per peer before the socket stops reading (0: no limit).
    case receiveHighWaterMark(Int)
    /// Outgoing messages queued per peer before sends block or fail (0: no limit).
    case sendHighWaterMark(Int)
    /// ROUTER: sending to an unknown routing id fails with `EHOSTUNREACH` instead of being dropped silently.
    case routerMandatory(Bool)
    /// ROUTER: a new connection with a routing id already in use takes it over instead of being refused.
    case routerHandover(Bool)
    /// Queue messages only to completed connections (no queueing for a peer not yet connected).
    case immediate(Bool)
    /// First delay before reconnecting a dropped connection.
    case reconnectInterval(milliseconds: Int)
    /// Upper bound of the exponential reconnect back-off (0: no back-off, always `reconnectInterval`).
    case reconnectIntervalMax(milliseconds: Int)
    /// Send a ZMTP PING on an idle connection this often (0: no transport heartbeats).
    case heartbeatInterval(milliseconds: Int)
    /// Ask the peer to drop the connection if it hears nothing from us for this long.
    case heartbeatTimeToLive(milliseconds: Int)
    /// Drop the connection if no traffic arrives this long after a PING.
    case heartbeatTimeout(milliseconds: Int)
    /// Drop the connection of a peer that sends a frame larger than this (-1: no limit). Guards against garbage.
    case maxMessageSize(bytes: Int64)
    /// Be the CURVE server of every connection (the coordinator): peers must know our public key.
    case curveServer(Bool)
    /// This socket's long-term CURVE public key (a client's; a server needs only its secret key).
    case curvePublicKey(ZMQCurveKey)
    /// This socket's long-term CURVE secret key.
    case curveSecretKey(ZMQCurveKey)
    /// The server's CURVE public key, set on a client before `connect`: makes it a CURVE client.
    case curveServerKey(ZMQCurveKey)
    /// The ZAP domain sent to the authentication handler (`ZAPHandler`) for this socket's peers.
    case zapDomain(String)

    /// The libzmq option name, for error messages.
    var name: String {
        switch self {
        case .linger: return "ZMQ_LINGER"
        case .routingID: return "ZMQ_ROUTING_ID"
        case .receiveTimeout: return "ZMQ_RCVTIMEO"
        case .sendTimeout: return "ZMQ_SNDTIMEO"
        case .receiveHighWaterMark: return "ZMQ_RCVHWM"
        case .sendHighWaterMark: return "ZMQ_SNDHWM"
        case .routerMandatory: return "ZMQ_ROUTER_MANDATORY"
        case .routerHandover: return "ZMQ_ROUTER_HANDOVER"
        case .immediate: return "ZMQ_IMMEDIATE"
        case .reconnectInterval: return "ZMQ_RECONNECT_IVL"
        case .reconnectIntervalMax: return "ZMQ_RECONNECT_IVL_MAX"
        case .heartbeatInterval: return "ZMQ_HEARTBEAT_IVL"
        case .heartbeatTimeToLive: return "ZMQ_HEARTBEAT_TTL"
        case .heartbeatTimeout: return "ZMQ_HEARTBEAT_TIMEOUT"
        case .maxMessageSize: return "ZMQ_MAXMSGSIZE"
        case .curveServer: return "ZMQ_CURVE_SERVER"
        case .curvePublicKey: return "ZMQ_CURVE_PUBLICKEY"
        case .curveSecretKey: return "ZMQ_CURVE_SECRETKEY"
        case .curveServerKey: return "ZMQ_CURVE_SERVERKEY"
        case .zapDomain: return "ZMQ_ZAP_DOMAIN"
        }
    }

    /// The libzmq option constant.
    var cOption: Int32 {
        switch self {
        case .linger: return ZMQ_LINGER
        case .routingID: return ZMQ_ROUTING_ID
        case .receiveTimeout: return ZMQ_RCVTIMEO
        case .sendTimeout: return ZMQ_SNDTIMEO
        case .receiveHighWaterMark: return ZMQ_RCVHWM
        case .sendHighWaterMark: return ZMQ_SNDHWM
        case .routerMandatory: return ZMQ_ROUTER_MANDATORY
        case .routerHandover: return ZMQ_ROUTER_HANDOVER
        case .immediate: return ZMQ_IMMEDIATE
        case .reconnectInterval: return ZMQ_RECONNECT_IVL
        case .reconnectIntervalMax: return ZMQ_RECONNECT_IVL_MAX
        case .heartbeatInterval: return ZMQ_HEARTBEAT_IVL
        case .heartbeatTimeToLive: return ZMQ_HEARTBEAT_TTL
        case .heartbeatTimeout: return ZMQ_HEARTBEAT_TIMEOUT
        case .maxMessageSize: return ZMQ_MAXMSGSIZE
        case .curveServer: return ZMQ_CURVE_SERVER
        case .curvePublicKey: return ZMQ_CURVE_PUBLICKEY
        case .curveSecretKey: return ZMQ_CURVE_SECRETKEY
        case .curveServerKey: return ZMQ_CURVE_SERVERKEY
        case .zapDomain: return ZMQ_ZAP_DOMAIN
        }
    }

    /// The value as libzmq expects it: an `int`, an `int64_t`, or raw bytes.
    enum CValue {
        case int(Int32), int64(Int64), bytes(Data)
    }

    var cValue: CValue {
        switch self {
        case .routingID(let id): return .bytes(id)
        case .curvePublicKey(let key), .curveSecretKey(let key), .curveServerKey(let key): return .bytes(key.bytes)
        case .zapDomain(let domain): return .bytes(Data(domain.utf8))
        case .curveServer(let on): return .int(on ? 1 : 0)
        case .maxMessageSize(let bytes): return .int64(bytes)
        case .routerMandatory(let on), .routerHandover(let on), .immediate(let on): return .int(on ? 1 : 0)
        case .linger(let n), .receiveTimeout(let n), .sendTimeout(let n), .receiveHighWaterMark(let n),
             .sendHighWaterMark(let n), .reconnectInterval(let n), .reconnectIntervalMax(let n),
             .heartbeatInterval(let n), .heartbeatTimeToLive(let n), .heartbeatTimeout(let n):
            // Out-of-range values are clamped rather than trapping; libzmq then rejects them with EINVAL.
            return .int(Int32(clamping: n))
        }
    }
}
