import CZeroMQ
import Foundation

extension ZMQSocket {
    /// Receives one whole multipart message, blocking; nil if a `receiveTimeout` expired first.
    ///
    /// Frames of any size arrive intact: each is read into a `zmq_msg_t`, never a fixed buffer.
    public func receive() throws(ZMQError) -> [Data]? {
        try receive(flags: 0)
    }

    /// Receives one whole multipart message if one is waiting; nil otherwise. Never blocks.
    public func tryReceive() throws(ZMQError) -> [Data]? {
        try receive(flags: ZMQ_DONTWAIT)
    }

    /// `tryReceive`, with a metadata property of the connection the message came over (`zmq_msg_gets`),
    /// e.g. `"User-Id"`: the user id the ZAP handler gave the peer. nil property: the connection has none.
    public func tryReceive(property name: String) throws(ZMQError) -> (frames: [Data], property: String?)? {
        var property: String?
        guard let frames = try receive(flags: ZMQ_DONTWAIT, property: name, into: &property) else { return nil }
        return (frames, property)
    }

    /// Receives one whole multipart message, waiting at most `timeoutMilliseconds` (-1: forever); nil on timeout.
    public func receive(timeoutMilliseconds: Int) throws(ZMQError) -> [Data]? {
        guard try ZMQPoller([self]).poll(timeoutMilliseconds: timeoutMilliseconds).isReadable(self) else { return nil }
        return try tryReceive()
    }

    /// `flags` applies to the first frame only: libzmq delivers multipart messages atomically,
    /// so once the first frame is here the rest are too.
    private func receive(flags: Int32) throws(ZMQError) -> [Data]? {
        var unused: String?
        return try receive(flags: flags, property: nil, into: &unused)
    }

    private func receive(flags: Int32, property name: String?, into property: inout String?) throws(ZMQError) -> [Data]? {
        try withHandle(.receive) { handle throws(ZMQError) -> [Data]? in
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var frames: [Data] = []
            while true {
                if zmq_msg_recv(&message, handle, frames.isEmpty ? flags : 0) == -1 {
                    let error = ZMQError.last(.receive)
                    if error.code == EINTR { continue }
                    if error.code == EAGAIN && frames.isEmpty { return nil }
                    throw error
                }
                let size = zmq_msg_size(&message)
                // A ROUTER's routing-id frame is its own, without the connection's metadata: look at every frame.
                if property == nil, let name, let value = zmq_msg_gets(&message, name) { property = String(cString: value) }
                frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&message), count: size))
                if zmq_msg_more(&message) == 0 { return frames }
            }
        }
    }
}
