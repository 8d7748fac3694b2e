import Foundation

/// Raw TCP on 127.0.0.1 for the CURVE tests, below ZeroMQ: a relay that records the bytes a real
/// client sends through it, and a sender that replays such bytes on a fresh connection.
enum RawTCP {
    /// Listens on a free port of 127.0.0.1 and relays its first connection to `upstreamPort`,
    /// recording every byte the client sends. `recorded()` returns them once both sides closed
    /// (or whatever came so far).
    final class RecordingRelay: @unchecked Sendable {
        // @unchecked: `bytes` is guarded by `lock`; the descriptors are used by the relay thread only.
        let port: UInt16
        private let lock = NSLock()
        private var bytes = Data()

        init(upstreamPort: UInt16) throws {
            let listener = try RawTCP.socket()
            var address = RawTCP.loopback(port: 0)
            try RawTCP.check(withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }, "bind")
            try RawTCP.check(listen(listener, 1), "listen")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            try RawTCP.check(withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
            }, "getsockname")
            port = UInt16(bigEndian: address.sin_port)
            Thread.detachNewThread { [self] in
                defer { close(listener) }
                let client = accept(listener, nil, nil)
                guard client >= 0, let upstream = try? RawTCP.connect(port: upstreamPort) else { return }
                defer { close(client); close(upstream) }
                self.pump(client: client, upstream: upstream)
            }
        }

        /// What the client sent so far.
        func recorded() -> Data { lock.withLock { bytes } }

        private func pump(client: Int32, upstream: Int32) {
            var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: upstream, events: Int16(POLLIN), revents: 0)]
            var buffer = [UInt8](repeating: 0, count: 65536)
            while poll(&fds, 2, 30_000) > 0 {
                for (index, fd) in fds.enumerated() where fd.revents != 0 {
                    let count = read(fd.fd, &buffer, buffer.count)
                    guard count > 0 else { return }
                    if index == 0 { lock.withLock { bytes.append(contentsOf: buffer[..<count]) } }
                    guard RawTCP.writeAll(Data(buffer[..<count]), to: index == 0 ? upstream : client) else { return }
                }
            }
        }
    }

    /// Sends `bytes` on a new connection to `port`, reads whatever comes back until the peer closes
    /// or `timeout` passes; returns what came back and whether the peer closed.
    static func replay(_ bytes: Data, toPort port: UInt16, timeout: TimeInterval) throws -> (received: Data, closedByPeer: Bool) {
        let fd = try connect(port: port)
        defer { close(fd) }
        _ = writeAll(bytes, to: fd)
        var received = Data(), buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var item = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&item, 1, 100) > 0 else { continue }
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { return (received, true) }
            received.append(contentsOf: buffer[..<count])
        }
        return (received, false)
    }

    /// The port of a `tcp://host:port` endpoint.
    static func port(of endpoint: String) -> UInt16? {
        endpoint.split(separator: ":").last.flatMap { UInt16($0) }
    }

    private static func socket() throws -> Int32 {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try check(fd, "socket")
        return fd
    }

    private static func connect(port: UInt16) throws -> Int32 {
        let fd = try socket()
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 { close(fd) }
        try check(result, "connect")
        return fd
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }

    /// Writes every byte (MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE); false if the peer went away.
    private static func writeAll(_ data: Data, to fd: Int32) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    private static func check(_ result: Int32, _ call: String) throws {
        if result < 0 { throw NSError(domain: "RawTCP", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(call): \(String(cString: strerror(errno)))"]) }
    }
}
