import Foundation
import PhysweepZMQ
import XCTest

/// Messages go through ROUTER/DEALER pairs unchanged, over TCP and inproc.
final class ZMQRoundTripTests: XCTestCase {
    /// Long enough never to fire on a loaded machine; only reached if a message is lost.
    let patience = 10_000

    func testRouterDealerMultipartOverTCPWithEphemeralPort() throws {
        let context = try ZMQContext()
        let router = try context.socket(.router)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint()
        XCTAssertTrue(endpoint.hasPrefix("tcp://127.0.0.1:"), endpoint)
        XCTAssertNotEqual(endpoint, "tcp://127.0.0.1:*")
        try assertRoundTrip(context: context, router: router, endpoint: endpoint)
    }

    func testRouterDealerMultipartOverInproc() throws {
        let context = try ZMQContext()
        let router = try context.socket(.router)
        try router.bind("inproc://round-trip")
        try assertRoundTrip(context: context, router: router, endpoint: "inproc://round-trip")
    }

    func testLargeAndEmptyFramesArriveIntact() throws {
        let context = try ZMQContext()
        let router = try context.socket(.router)
        try router.bind("tcp://127.0.0.1:*")
        let dealer = try context.socket(.dealer)
        try dealer.connect(router.lastEndpoint())
        // A pattern that differs from byte to byte and block to block, so any lost or shifted byte shows.
        let mebibyte = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 8) ^ ($0 >> 16)) })
        try dealer.send([Data(), mebibyte, Data(), Data("tail".utf8)])
        let received = try XCTUnwrap(router.receive(timeoutMilliseconds: patience))
        XCTAssertEqual(received.count, 5)
        XCTAssertEqual(Array(received.dropFirst()), [Data(), mebibyte, Data(), Data("tail".utf8)])
    }

    func testRoutingIDChosenByDealerIsTheRoutersFirstFrame() throws {
        let context = try ZMQContext()
        let router = try context.socket(.router)
        try router.bind("inproc://identity")
        let id = Data("worker-7".utf8)
        let dealer = try context.socket(.dealer, options: [.routingID(id)])
        XCTAssertEqual(try dealer.routingID(), id)
        try dealer.connect("inproc://identity")
        try dealer.send([Data("hi".utf8)])
        XCTAssertEqual(try router.receive(timeoutMilliseconds: patience), [id, Data("hi".utf8)])
    }

    func testByteArrayFramesAreAccepted() throws {
        let context = try ZMQContext()
        let pull = try context.socket(.pull)
        try pull.bind("inproc://bytes")
        let push = try context.socket(.push)
        try push.connect("inproc://bytes")
        try push.send([[UInt8]("a".utf8), [0, 255]])
        XCTAssertEqual(try pull.receive(timeoutMilliseconds: patience), [Data("a".utf8), Data([0, 255])])
    }

    /// DEALER → ROUTER → DEALER, checking the routing-id frame and every frame's bytes.
    private func assertRoundTrip(context: ZMQContext, router: ZMQSocket, endpoint: String) throws {
        let dealer = try context.socket(.dealer)
        try dealer.connect(endpoint)
        let request = [Data("PSWP1".utf8), Data("HELLO".utf8), Data("{\"a\":1}".utf8)]
        try dealer.send(request)
        let atRouter = try XCTUnwrap(router.receive(timeoutMilliseconds: patience))
        XCTAssertEqual(atRouter.count, 4, "routing id + 3 frames")
        XCTAssertEqual(Array(atRouter.dropFirst()), request)
        let reply = [Data("PSWP1".utf8), Data("WELCOME".utf8), Data("{}".utf8)]
        try router.send([atRouter[0]] + reply)
        XCTAssertEqual(try dealer.receive(timeoutMilliseconds: patience), reply)
    }
}
