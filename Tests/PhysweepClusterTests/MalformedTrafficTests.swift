import Foundation
import PhysweepCluster
import PhysweepSweep
import PhysweepTraining
import PhysweepZMQ
import XCTest

/// Garbage on the coordinator's socket is dropped and counted; the coordinator carries on.
final class MalformedTrafficTests: ClusterTestCase {
    func testMalformedForeignAndWrongVersionFramesAreDroppedCountedAndChangeNothing() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 5
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--until-done", spec], name: "coordinator")
        XCTAssertTrue(eventually(timeout: 30) { (try? readStore().stateCounts(of: "noops")) == [.queued: 5] },
                      coordinator.stderr)

        var config = TrainConfig.defaults(system: .noop)
        config.seed = 1
        let task = WireMessage.task(.init(taskID: 1, taskKey: config.key, sweep: "noops", attempt: 1, config: config,
                                          settings: RunSettings()))
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let garbage: [[Data]] = [
            [noise],                                                             // not physweep at all
            [Data("PSWP9".utf8), Data("HELLO".utf8), Data("{}".utf8)],           // another version
            [Data("PSWP1".utf8), Data("RESULT".utf8)],                           // truncated
            [Data("PSWP1".utf8), Data("RESULT".utf8), Data("{\"task_id\": 1, ".utf8)], // cut-off JSON
            [Data("PSWP1".utf8), Data("NOPE".utf8), Data("{}".utf8)],            // unknown command
            [Data("PSWP1".utf8), Data("CREDIT".utf8), Data("{\"slots\": -4}".utf8)], // invalid field
            task.frames(),                                                       // a coordinator's message
            [noise, noise, noise, noise],
        ]
        let context = try ZMQContext()
        let rogue = try context.socket(.dealer)
        try rogue.connect(endpoint)
        for frames in garbage { try rogue.send(frames) }

        XCTAssertTrue(eventually(timeout: 20) {
            (try? readStore().counters()["dropped_messages"]) == garbage.count
        }, "counters: \(String(describing: try? readStore().counters()))\n" + coordinator.stderr)
        let counters = try readStore().counters()
        XCTAssertEqual(counters["dropped_wrong_version"], 1)
        XCTAssertEqual(counters["dropped_unexpected"], 1)
        XCTAssertTrue(coordinator.isRunning)
        XCTAssertEqual(try readStore().stateCounts(of: "noops"), [.queued: 5], "no task changed state")
        XCTAssertEqual(try readStore().results(of: "noops").count, 0)
        rogue.close()

        let worker = try start(["worker", "--connect", endpoint], name: "worker")
        XCTAssertEqual(coordinator.wait(timeout: 60), 0, "still serves real workers\n" + coordinator.stderr)
        XCTAssertEqual(worker.wait(timeout: 10), 0, worker.stderr)
        try assertExactlyOneResultPerTask("noops", tasks: 5)
    }
}

/// §7 of docs/protocol.md: a peer of another version is told so, once.
final class WrongVersionReplyTests: ClusterTestCase {
    func testAPeerOfAnotherVersionGetsOneByeNamingBothVersions() throws {
        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath], name: "coordinator")
        let context = try ZMQContext()
        let future = try context.socket(.dealer, options: [.linger(milliseconds: 0)])
        try future.connect(endpoint)
        for _ in 0..<3 { try future.send([Data("PSWP2".utf8), Data("HELLO".utf8), Data("{}".utf8)]) }
        var replies: [[Data]] = []
        if let first = try future.receive(timeoutMilliseconds: 20_000) { replies.append(first) }
        // A second reply would come within a second.
        while let more = try future.receive(timeoutMilliseconds: 1000) { replies.append(more) }
        XCTAssertEqual(replies.count, 1, "\(replies)\n" + coordinator.stderr)
        guard case .bye(let bye)? = replies.first.flatMap({ try? WireMessage.decode($0) }) else {
            return XCTFail("not a BYE: \(replies)")
        }
        XCTAssertTrue(bye.reason.contains("PSWP1") && bye.reason.contains("PSWP2"), bye.reason)
        XCTAssertTrue(eventually(timeout: 20) { (try? readStore().counters()["dropped_wrong_version"]) == 3 }, coordinator.stderr)
        future.close()
    }
}
