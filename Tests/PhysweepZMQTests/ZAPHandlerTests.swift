import Foundation
@testable import PhysweepZMQ
import XCTest

/// CURVE with a ZAP handler, on raw sockets: only an allowed key's messages arrive, each carrying
/// the user id the handler gave its connection.
final class ZAPHandlerTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(ZMQCurveKeyPair.isAvailable, "this libzmq has no CURVE")
    }

    private func client(_ context: ZMQContext, server: ZMQCurveKeyPair, own: ZMQCurveKeyPair, endpoint: String) throws -> ZMQSocket {
        let dealer = try context.socket(.dealer, options: [.linger(milliseconds: 0), .curveServerKey(server.publicKey),
                                                           .curvePublicKey(own.publicKey), .curveSecretKey(own.secretKey)])
        try dealer.connect(endpoint)
        return dealer
    }

    func testOnlyAnAllowedKeyGetsThroughAndItsMessagesCarryItsUserID() throws {
        let server = try ZMQCurveKeyPair.generate(), allowed = try ZMQCurveKeyPair.generate(), other = try ZMQCurveKeyPair.generate()
        let context = try ZMQContext()
        let asked = NSLock()
        nonisolated(unsafe) var requests: [ZAPHandler.Request] = []
        let zap = try ZAPHandler(context: context) { request in
            asked.withLock { requests.append(request) }
            return request.credentials == [allowed.publicKey.bytes] ? .allow(userID: "allowed-user") : .deny(reason: "no")
        }
        defer { zap.stop() }
        let router = try context.socket(.router, options: [.linger(milliseconds: 0), .zapDomain("test"), .curveServer(true),
                                                           .curveSecretKey(server.secretKey)])
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint()
        let refused = try client(context, server: server, own: other, endpoint: endpoint)
        try refused.send([Data("from the other key".utf8)])
        let admitted = try client(context, server: server, own: allowed, endpoint: endpoint)
        try admitted.send([Data("from the allowed key".utf8)])

        var received: [(frames: [Data], property: String?)] = []
        let deadline = Date().addingTimeInterval(10)
        while received.isEmpty && Date() < deadline {
            _ = try ZMQPoller([router]).poll(timeoutMilliseconds: 100)
            while let message = try router.tryReceive(property: "User-Id") { received.append(message) }
        }
        // Give the refused one time to (not) arrive.
        Thread.sleep(forTimeInterval: 0.5)
        while let message = try router.tryReceive(property: "User-Id") { received.append(message) }
        XCTAssertEqual(received.map { $0.frames.last }, [Data("from the allowed key".utf8)])
        XCTAssertEqual(received.map(\.property), ["allowed-user"], "on the message, not only its routing-id frame")
        let seen = asked.withLock { requests }
        XCTAssertEqual(Set(seen.map { $0.credentials.first }), [allowed.publicKey.bytes, other.publicKey.bytes])
        XCTAssertEqual(Set(seen.map(\.mechanism)), ["CURVE"])
        XCTAssertEqual(Set(seen.map(\.domain)), ["test"])
    }

    func testAMalformedRequestGetsA500AndTheHandlerStopsPromptly() throws {
        let reply = ZAPHandler.reply(to: [Data("0.9".utf8), Data("id".utf8)]) { _ in .allow(userID: "x") }
        XCTAssertEqual(reply.count, 6)
        XCTAssertEqual(reply[2], Data("500".utf8))
        let context = try ZMQContext()
        let zap = try ZAPHandler(context: context) { _ in .deny(reason: "no") }
        let start = Date()
        zap.stop()
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "stop waits for at most one 100 ms poll")
        zap.stop()
    }
}
