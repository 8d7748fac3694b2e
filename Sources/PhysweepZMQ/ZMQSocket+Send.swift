import CZeroMQ
import Foundation

extension ZMQSocket {
    /// Sends a multipart message (every frame but the last flagged `ZMQ_SNDMORE`), blocking while
    /// the send queue is full. Throws `EAGAIN` if a `sendTimeout` expires, `EHOSTUNREACH` for an
    /// unknown peer of a `routerMandatory` ROUTER.
    public func send(_ frames: [Data]) throws(ZMQError) {
        guard try send(frames, flags: 0) else { throw ZMQError(code: EAGAIN, operation: .send) }
    }

    /// `send` of frames of another byte type (copied into `Data` first).
    public func send<Frame: ContiguousBytes>(_ frames: [Frame]) throws(ZMQError) {
        try send(frames.map(Self.data))
    }

    /// Sends a multipart message without blocking; returns false (nothing sent) if it would block.
    @discardableResult
    public func trySend(_ frames: [Data]) throws(ZMQError) -> Bool {
        try send(frames, flags: ZMQ_DONTWAIT)
    }

    /// `trySend` of frames of another byte type (copied into `Data` first).
    @discardableResult
    public func trySend<Frame: ContiguousBytes>(_ frames: [Frame]) throws(ZMQError) -> Bool {
        try trySend(frames.map(Self.data))
    }

    private static func data(_ frame: some ContiguousBytes) -> Data {
        frame.withUnsafeBytes { Data($0) }
    }

    /// Returns false if the first frame would block. libzmq queues a multipart message atomically
    /// (the high-water mark is checked on the first frame only), so a later frame cannot block.
    /// Not generic: called from other modules, a generic version ran unspecialized and looked up
    /// type metadata for every frame (a tenth of the coordinator's sending).
    private func send(_ frames: [Data], flags: Int32) throws(ZMQError) -> Bool {
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        return try withHandle(.send) { handle throws(ZMQError) -> Bool in
            for index in frames.indices {
                let more = index < frames.count - 1 ? ZMQ_SNDMORE : 0
                while frames[index].withUnsafeBytes({ zmq_send(handle, $0.baseAddress, $0.count, flags | more) }) == -1 {
                    let error = ZMQError.last(.send)
                    if error.code == EINTR { continue }
                    if error.code == EAGAIN && index == 0 { return false }
                    throw error
                }
            }
            return true
        }
    }
}
