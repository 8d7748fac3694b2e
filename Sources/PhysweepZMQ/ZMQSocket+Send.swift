import CZeroMQ
import Foundation

extension ZMQSocket {
    /// Sends a multipart message (every frame but the last flagged `ZMQ_SNDMORE`), blocking while
    /// the send queue is full. Throws `EAGAIN` if a `sendTimeout` expires, `EHOSTUNREACH` for an
    /// unknown peer of a `routerMandatory` ROUTER.
    public func send<Frame: ContiguousBytes>(_ frames: [Frame]) throws(ZMQError) {
        guard try send(frames, flags: 0) else { throw ZMQError(code: EAGAIN, operation: .send) }
    }

    /// Sends a multipart message without blocking; returns false (nothing sent) if it would block.
    @discardableResult
    public func trySend<Frame: ContiguousBytes>(_ frames: [Frame]) throws(ZMQError) -> Bool {
        try send(frames, flags: ZMQ_DONTWAIT)
    }

    /// Returns false if the first frame would block. libzmq queues a multipart message atomically
    /// (the high-water mark is checked on the first frame only), so a later frame cannot block.
    private func send<Frame: ContiguousBytes>(_ frames: [Frame], flags: Int32) throws(ZMQError) -> Bool {
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        return try withHandle(.send) { handle throws(ZMQError) -> Bool in
            for (index, frame) in frames.enumerated() {
                let more = index < frames.count - 1 ? ZMQ_SNDMORE : 0
                while frame.withUnsafeBytes({ zmq_send(handle, $0.baseAddress, $0.count, flags | more) }) == -1 {
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
