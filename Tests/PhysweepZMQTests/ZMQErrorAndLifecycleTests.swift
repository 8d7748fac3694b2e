import Foundation
import PhysweepZMQ
import XCTest

/// Errors carry their context; closing and shutting down never hang.
final class ZMQErrorAndLifecycleTests: XCTestCase {
    func testBindToInvalidEndpointReportsOperationEndpointAndErrno() throws {
        let context = try ZMQContext()
        let router = try context.socket(.router)
        XCTAssertThrowsError(try router.bind("tcp://no-such-interface-xyz:1")) { error in
            guard let error = error as? ZMQError else { return XCTFail("not a ZMQError: \(error)") }
            XCTAssertEqual(error.operation, .bind)
            XCTAssertEqual(error.endpoint, "tcp://no-such-interface-xyz:1")
            XCTAssertNotEqual(error.code, 0)
            XCTAssertFalse(error.message.isEmpty)
            XCTAssertTrue(error.description.contains("zmq_bind tcp://no-such-interface-xyz:1"), error.description)
        }
        XCTAssertThrowsError(try router.bind("bogus-transport://x")) { error in
            XCTAssertEqual((error as? ZMQError)?.code, EPROTONOSUPPORT)
        }
    }

    func testBindingAPortTwiceFailsWithAddressInUse() throws {
        let context = try ZMQContext()
        let first = try context.socket(.router)
        try first.bind("tcp://127.0.0.1:*")
        let endpoint = try first.lastEndpoint()
        let second = try context.socket(.router)
        XCTAssertThrowsError(try second.bind(endpoint)) { error in
            XCTAssertEqual((error as? ZMQError)?.code, EADDRINUSE)
            XCTAssertEqual((error as? ZMQError)?.endpoint, endpoint)
        }
    }

    /// (Whether the port is free again is not checked: libzmq closes the listener asynchronously.)
    func testUnbindAndDisconnectForgetTheEndpoint() throws {
        let context = try ZMQContext()
        let router = try context.socket(.router)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint()
        try router.unbind(endpoint)
        XCTAssertThrowsError(try router.unbind(endpoint)) { error in
            XCTAssertEqual((error as? ZMQError)?.operation, .unbind)
            XCTAssertEqual((error as? ZMQError)?.code, ENOENT)
        }
        let dealer = try context.socket(.dealer)
        try dealer.connect(endpoint)
        try dealer.disconnect(endpoint)
        XCTAssertThrowsError(try dealer.disconnect(endpoint)) { error in
            XCTAssertEqual((error as? ZMQError)?.operation, .disconnect)
            XCTAssertEqual((error as? ZMQError)?.code, ENOENT)
        }
    }

    func testInvalidOptionValueNamesTheOption() throws {
        let context = try ZMQContext()
        let dealer = try context.socket(.dealer)
        XCTAssertThrowsError(try dealer.set(.routingID(Data()))) { error in
            XCTAssertEqual((error as? ZMQError)?.operation, .setOption("ZMQ_ROUTING_ID"))
            XCTAssertEqual((error as? ZMQError)?.code, EINVAL)
        }
    }

    func testRouterMandatoryRejectsUnknownPeer() throws {
        let context = try ZMQContext()
        let router = try context.socket(.router, options: [.routerMandatory(true)])
        try router.bind("inproc://mandatory")
        XCTAssertThrowsError(try router.send([Data("nobody".utf8), Data("x".utf8)])) { error in
            XCTAssertEqual((error as? ZMQError)?.code, EHOSTUNREACH)
        }
    }

    func testClosedSocketFailsWithENOTSOCK() throws {
        let context = try ZMQContext()
        let dealer = try context.socket(.dealer)
        dealer.close()
        dealer.close()
        XCTAssertTrue(dealer.isClosed)
        XCTAssertThrowsError(try dealer.connect("inproc://x")) { error in
            XCTAssertEqual((error as? ZMQError)?.code, ENOTSOCK)
            XCTAssertEqual((error as? ZMQError)?.operation, .connect)
        }
    }

    /// Messages queued for a peer that never comes must not keep the context from terminating:
    /// `close(linger: 0)` overrides the socket's infinite linger, so zmq_ctx_term (in the context's
    /// deinit) returns. Run on another thread, so that a hang fails the test instead of stalling it.
    func testClosingWithPendingMessagesDoesNotHang() throws {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        let thread = Thread {
            do {
                let context = try ZMQContext()
                let unused = try context.socket(.router)
                try unused.bind("tcp://127.0.0.1:*")
                let endpoint = try unused.lastEndpoint()
                unused.close()
                let dealer = try context.socket(.dealer, options: [.linger(milliseconds: -1)])
                try dealer.connect(endpoint)
                var queued = 0
                for _ in 0..<100 {
                    if try dealer.trySend([Data(count: 1000)]) { queued += 1 }
                }
                dealer.close(linger: 0)
                outcome.set("queued \(queued)")
            } catch {
                outcome.set("\(error)")
            }
            // The context is released here: its deinit terminates it.
            finished.signal()
        }
        thread.start()
        XCTAssertEqual(finished.wait(timeout: .now() + 10), .success, "the context did not terminate within 10 s")
        XCTAssertEqual(outcome.value, "queued 100", "every message queued for the absent peer")
    }

    /// `shutdown()` from another thread wakes a thread blocked in `receive()` with ETERM.
    func testContextShutdownUnblocksReceiveInAnotherThread() throws {
        let context = try ZMQContext()
        let blocked = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        let thread = Thread {
            do {
                let pull = try context.socket(.pull)
                try pull.bind("inproc://never")
                blocked.signal()
                _ = try pull.receive()
                outcome.set("returned")
            } catch {
                outcome.set((error as? ZMQError)?.isContextTerminated == true ? "ETERM" : "\(error)")
            }
            finished.signal()
        }
        thread.start()
        blocked.wait()
        context.shutdown()
        XCTAssertEqual(finished.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(outcome.value, "ETERM")
    }
}

/// A string written by one thread and read by another.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = ""
    func set(_ value: String) { lock.withLock { stored = value } }
    var value: String { lock.withLock { stored } }
}
