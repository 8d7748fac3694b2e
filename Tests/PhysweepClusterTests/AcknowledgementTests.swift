import Foundation
import PhysweepCluster
import PhysweepSweep
import PhysweepTraining
import PhysweepZMQ
import XCTest

/// ACK between peers of both revisions of PSWP1 (docs/protocol.md §8): a worker resends an
/// outcome until acknowledged, and only to a coordinator that said it acknowledges; a coordinator
/// acknowledges only outcomes that carry `worker_id`.
final class AcknowledgementTests: ClusterTestCase {
    /// A fake coordinator on a ROUTER: replies to HELLO, serves one noop task, then falls silent.
    private final class FakeCoordinator {
        let router: ZMQSocket
        let endpoint: String
        let features: [String]?

        init(context: ZMQContext, features: [String]?) throws {
            router = try context.socket(.router, options: [.linger(milliseconds: 0)])
            try router.bind("tcp://127.0.0.1:*")
            endpoint = try router.lastEndpoint()
            self.features = features
        }

        /// Messages from peers for `seconds`, heartbeating every peer heard so that it stays.
        func listen(for seconds: Double, until done: (Data, WireMessage) -> Bool = { _, _ in false }) throws -> [(Data, WireMessage)] {
            var received: [(Data, WireMessage)] = []
            var peers: Set<Data> = []
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let frames = try router.receive(timeoutMilliseconds: 50) {
                    let routed = try RoutedMessage.decode(frames)
                    received.append((routed.routingID, routed.message))
                    peers.insert(routed.routingID)
                    if case .hello = routed.message { try welcome(routed.routingID) }
                    if done(routed.routingID, routed.message) { return received }
                }
                for peer in peers { try router.send(RoutedMessage(routingID: peer, message: .heartbeat).frames()) }
            }
            return received
        }

        func welcome(_ peer: Data) throws {
            try send(.welcome(.init(coordinator: "fake", heartbeat: HeartbeatSettings(intervalMilliseconds: 100, liveness: 3),
                                    features: features)), to: peer)
        }

        func send(_ message: WireMessage, to peer: Data) throws {
            try router.send(RoutedMessage(routingID: peer, message: message).frames())
        }
    }

    private func results(_ messages: [(Data, WireMessage)]) -> [WireMessage.TaskResult] {
        messages.compactMap { if case .result(let result) = $0.1 { result } else { nil } }
    }

    /// Runs a real worker against the fake: one task, its RESULT, then silence (the worker
    /// reconnects). Returns the RESULTs of the next session.
    private func resentAfterReconnecting(features: [String]?, acknowledge: Bool = false) throws -> (first: [WireMessage.TaskResult], again: [WireMessage.TaskResult], third: [WireMessage.TaskResult]) {
        let context = try ZMQContext()
        let fake = try FakeCoordinator(context: context, features: features)
        let worker = try start(["worker", "--connect", fake.endpoint, "--id", "w1", "--prefetch", "0", "--give-up-after", "30"], name: "w1")
        var session: Data?
        let opening = try fake.listen(for: 20) { peer, message in
            if case .credit = message { session = peer; return true }
            return false
        }
        XCTAssertNotNil(session, "\(opening)\n" + worker.stderr)
        var config = TrainConfig.defaults(system: .noop)
        config.seed = 7
        try fake.send(.task(.init(taskID: 1, taskKey: config.key, sweep: "s", attempt: 1, config: config, settings: RunSettings())),
                      to: try XCTUnwrap(session))
        let first = results(try fake.listen(for: 20) { _, message in if case .result = message { true } else { false } })
        // Silence: the worker presumes the fake dead after 0.3 s, reconnects on a new socket and says HELLO.
        Thread.sleep(forTimeInterval: 1)
        var second: Data?
        let again = try fake.listen(for: 3) { peer, message in
            if case .hello = message { second = peer }
            return false
        }
        if acknowledge, let second { try fake.send(.ack(.init(outcomes: [.init(taskID: 1, attempt: 1)])), to: second) }
        _ = try fake.listen(for: 0.3)
        Thread.sleep(forTimeInterval: 1)
        let third = try fake.listen(for: 3)
        XCTAssertNotNil(second, worker.stderr)
        return (first, results(again), results(third))
    }

    /// New worker, coordinator that acknowledges: the outcome comes again on each new session until its ACK.
    func testAWorkerResendsAnOutcomeUntilAcknowledged() throws {
        let (first, again, third) = try resentAfterReconnecting(features: ["ack"], acknowledge: true)
        XCTAssertEqual(first.map(\.taskID), [1])
        XCTAssertEqual(first.map(\.workerID), ["w1"], "RESULT carries the worker id")
        XCTAssertEqual(again.map(\.taskID), [1], "resent on the next session")
        XCTAssertEqual(third.map(\.taskID), [], "not resent once acknowledged")
    }

    /// New worker, older coordinator (WELCOME without `features`, never acknowledges): nothing is
    /// resent and nothing held.
    func testAWorkerDoesNotResendToACoordinatorThatDoesNotAcknowledge() throws {
        let (first, again, third) = try resentAfterReconnecting(features: nil)
        XCTAssertEqual(first.map(\.taskID), [1])
        XCTAssertEqual(again.map(\.taskID), [])
        XCTAssertEqual(third.map(\.taskID), [])
    }

    /// New coordinator: WELCOME says `ack`; a RESULT with `worker_id` is acknowledged after it is
    /// stored, one without (an older worker) is not, and is stored under the session's worker.
    func testTheCoordinatorAcknowledgesOnlyOutcomesCarryingAWorkerID() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 2
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--heartbeat-ms", "200", spec], name: "c")
        let context = try ZMQContext()
        let peer = try context.socket(.dealer, options: [.linger(milliseconds: 0)])
        try peer.connect(endpoint)
        try peer.send(WireMessage.hello(.init(workerID: "old-worker", host: "h", pid: 1, cores: 1, slots: 2, systems: [.noop],
                                              physweepVersion: "0.0.1", gitCommit: nil)).frames())
        func next(_ seconds: Double = 20, where wanted: (WireMessage) -> Bool) throws -> WireMessage? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let frames = try peer.receive(timeoutMilliseconds: 50), case let message = try WireMessage.decode(frames), wanted(message) {
                    return message
                }
            }
            return nil
        }
        guard case .welcome(let welcome)? = try next(where: { if case .welcome = $0 { true } else { false } }) else {
            return XCTFail("no WELCOME\n" + coordinator.stderr)
        }
        XCTAssertEqual(welcome.features, ["ack"])
        try peer.send(WireMessage.credit(.init(slots: 2)).frames())
        var tasks: [WireMessage.TaskAssignment] = []
        while tasks.count < 2, case .task(let task)? = try next(where: { if case .task = $0 { true } else { false } }) { tasks.append(task) }
        XCTAssertEqual(tasks.count, 2, coordinator.stderr)
        let isAck: (WireMessage) -> Bool = { if case .ack = $0 { true } else { false } }
        for (task, workerID) in zip(tasks, [nil, "new-worker"]) {
            let result = try Trainer.run(task.config, settings: task.settings)
            try peer.send(WireMessage.result(.init(taskID: task.taskID, attempt: task.attempt, result: result, workerID: workerID)).frames())
            let ack = try next(workerID == nil ? 1.5 : 20, where: isAck)
            if workerID == nil {
                XCTAssertNil(ack, "an older worker's RESULT is not acknowledged")
            } else {
                XCTAssertEqual(ack, .ack(.init(outcomes: [.init(taskID: task.taskID, attempt: 1)])))
                let stored = try readStore().results(of: "noops").sorted { $0.worker < $1.worker }
                XCTAssertEqual(stored.map(\.worker), ["new-worker", "old-worker"], "acknowledged only once stored")
            }
        }
        peer.close()
    }
}
