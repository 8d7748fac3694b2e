import CZeroMQ

/// Waits until at least one of several sockets has a message to read (`zmq_poll`).
///
/// Not thread-safe, like the sockets it holds: poll from the thread that owns them.
public struct ZMQPoller {
    /// The sockets polled, in order.
    public private(set) var sockets: [ZMQSocket]

    /// A poller over `sockets`.
    public init(_ sockets: [ZMQSocket] = []) {
        self.sockets = sockets
    }

    /// Adds a socket to poll.
    public mutating func add(_ socket: ZMQSocket) {
        sockets.append(socket)
    }

    /// Waits at most `timeoutMilliseconds` (0: just look; -1: forever) for readable sockets.
    /// An interrupted wait (EINTR) is resumed for the time left.
    public func poll(timeoutMilliseconds: Int) throws(ZMQError) -> ZMQPollResult {
        try withHandles { handles throws(ZMQError) -> ZMQPollResult in
            var items = handles.map { zmq_pollitem_t(socket: $0, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
            let clock = ContinuousClock()
            let deadline = clock.now + .milliseconds(timeoutMilliseconds)
            var timeout = timeoutMilliseconds
            while zmq_poll(&items, Int32(items.count), timeout) == -1 {
                let error = ZMQError.last(.poll)
                guard error.code == EINTR else { throw error }
                if timeoutMilliseconds >= 0 {
                    let left = clock.now.duration(to: deadline).components
                    timeout = max(0, Int(left.seconds) * 1000 + Int(left.attoseconds / 1_000_000_000_000_000))
                }
            }
            let readable = zip(sockets, items).filter { $0.1.revents & Int16(ZMQ_POLLIN) != 0 }.map(\.0)
            return ZMQPollResult(readable: readable)
        }
    }

    /// Runs `body` with every socket's handle, each under its one-thread-at-a-time check.
    private func withHandles<T>(_ body: ([UnsafeMutableRawPointer]) throws(ZMQError) -> T) throws(ZMQError) -> T {
        func collect(_ index: Int, _ handles: [UnsafeMutableRawPointer]) throws(ZMQError) -> T {
            guard index < sockets.count else { return try body(handles) }
            return try sockets[index].withHandle(.poll) { handle throws(ZMQError) -> T in
                try collect(index + 1, handles + [handle])
            }
        }
        return try collect(0, [])
    }
}

/// The outcome of one `ZMQPoller.poll`.
public struct ZMQPollResult {
    /// The sockets with at least one message waiting.
    public let readable: [ZMQSocket]

    /// Whether `socket` has a message waiting.
    public func isReadable(_ socket: ZMQSocket) -> Bool {
        readable.contains { $0 === socket }
    }

    /// True if the poll timed out with nothing to read.
    public var isEmpty: Bool { readable.isEmpty }
}
