import Foundation
import PhysweepZMQ
import XCTest

/// Waiting: timeouts give nil, non-blocking calls never block, the poller tells readable sockets apart.
final class ZMQTimeoutAndPollTests: XCTestCase {
    let patience = 10_000

    func testReceiveWithTimeoutReturnsNilWhenNothingArrives() throws {
        let context = try ZMQContext()
        let pull = try context.socket(.pull)
        try pull.bind("inproc://silent")
        XCTAssertNil(try pull.receive(timeoutMilliseconds: 20))
        XCTAssertNil(try pull.tryReceive())
    }

    func testReceiveTimeoutOptionMakesBlockingReceiveReturnNil() throws {
        let context = try ZMQContext()
        let pull = try context.socket(.pull, options: [.receiveTimeout(milliseconds: 20)])
        try pull.bind("inproc://silent-blocking")
        XCTAssertNil(try pull.receive())
    }

    func testTrySendReturnsFalseWhenNoPeerCanTakeTheMessage() throws {
        let context = try ZMQContext()
        // A DEALER with no connection has nowhere to queue a message.
        let dealer = try context.socket(.dealer)
        XCTAssertFalse(try dealer.trySend([Data("x".utf8)]))
    }

    func testSendTimeoutMakesBlockingSendThrowEAGAIN() throws {
        let context = try ZMQContext()
        let dealer = try context.socket(.dealer, options: [.sendTimeout(milliseconds: 20)])
        XCTAssertThrowsError(try dealer.send([Data("x".utf8)])) { error in
            XCTAssertEqual((error as? ZMQError)?.code, EAGAIN)
            XCTAssertEqual((error as? ZMQError)?.operation, .send)
        }
    }

    func testPollerReportsOnlyTheSocketWithAMessage() throws {
        let context = try ZMQContext()
        let quiet = try context.socket(.pull)
        try quiet.bind("inproc://quiet")
        let busy = try context.socket(.pull)
        try busy.bind("inproc://busy")
        let poller = ZMQPoller([quiet, busy])
        XCTAssertTrue(try poller.poll(timeoutMilliseconds: 0).isEmpty)

        let push = try context.socket(.push)
        try push.connect("inproc://busy")
        try push.send([Data("ping".utf8)])
        let result = try poller.poll(timeoutMilliseconds: patience)
        XCTAssertTrue(result.isReadable(busy))
        XCTAssertFalse(result.isReadable(quiet))
        XCTAssertEqual(result.readable.count, 1)
        XCTAssertEqual(try busy.tryReceive(), [Data("ping".utf8)])
        XCTAssertTrue(try poller.poll(timeoutMilliseconds: 0).isEmpty, "the message was consumed")
    }

    func testOversizedMessageIsRefusedByMaxMessageSize() throws {
        let context = try ZMQContext()
        let pull = try context.socket(.pull, options: [.maxMessageSize(bytes: 1000)])
        try pull.bind("tcp://127.0.0.1:*")
        let push = try context.socket(.push)
        try push.connect(pull.lastEndpoint())
        try push.send([Data(count: 2000)])
        // libzmq drops the connection of a peer that exceeds the limit, so nothing is delivered.
        XCTAssertNil(try pull.receive(timeoutMilliseconds: 300))
    }
}
