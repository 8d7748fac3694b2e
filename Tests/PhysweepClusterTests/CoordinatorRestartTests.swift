import Foundation
import PhysweepCluster
import PhysweepSweep
import PhysweepZMQ
import XCTest

/// A coordinator killed and restarted on the same file: finished work is kept and credited to the
/// worker that did it, the previous sessions' traffic is not taken for faults, counters add up.
final class CoordinatorRestartTests: ClusterTestCase {
    /// Heartbeats every 500 ms: a liveness window of 1.5 s, which a loaded 2-core machine does not
    /// exceed by stalling (a worker that gave up on a stalled coordinator just before it finished
    /// would miss its BYE).
    private func coordinator(_ endpoint: String, spec: String?, name: String, untilDone: Bool = true) throws -> PhysweepProcess {
        try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--heartbeat-ms", "500"]
                  + (untilDone ? ["--until-done"] : []) + (spec.map { [$0] } ?? []), name: name)
    }

    /// The coordinator dies while tasks are finishing and stays away for several liveness windows
    /// (1.5 s here): results sent into the dying connection, and those finished while it was away,
    /// reach the next coordinator. No task is dispatched twice, every result has attempt 1 and the
    /// worker's id (before acknowledgements, the results sent in the window were lost and their
    /// tasks ran again as attempt 2; before re-queued tasks waited for their worker, the worker that
    /// reconnected first could be sent the other's finished tasks).
    func testResultsFinishedWhileTheCoordinatorIsDownAreKeptAndNoTaskRunsTwice() throws {
        let spec = try writeSpec("sleep.yaml", """
            name: sleeps
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: 0.25}
            seeds: 32
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            max_attempts: 3
            """)
        let endpoint = try freeEndpoint()
        let first = try coordinator(endpoint, spec: spec, name: "first")
        let workers = try ["w1", "w2"].map { id in
            try start(["worker", "--connect", endpoint, "--id", id, "--slots", "2", "--prefetch", "0", "--give-up-after", "60",
                       "--log-level", "debug"], name: id)
        }
        XCTAssertTrue(eventually(timeout: 30) {
            ((try? readStore().stateCounts(of: "sleeps"))?[.done] ?? 0) >= 8
        }, first.stderr)
        first.kill9()
        XCTAssertLessThan(try readStore().stateCounts(of: "sleeps")[.done] ?? 0, 24, "killed mid-sweep")
        Thread.sleep(forTimeInterval: 4)

        let second = try coordinator(endpoint, spec: nil, name: "second")
        XCTAssertEqual(second.wait(timeout: 90), 0, second.stderr)
        for worker in workers { XCTAssertEqual(worker.wait(timeout: 10), 0, worker.stderr + "\n" + second.stderr) }
        try assertExactlyOneResultPerTask("sleeps", tasks: 32)
        // Each task reached a worker once. (A TASK the first coordinator stored as sent but died
        // before it left the machine is dispatched again as attempt 2, having never run.)
        let received = workers.flatMap { $0.stderr.split(separator: "\n") }.compactMap { line -> Int64? in
            guard let match = line.firstMatch(of: /task (\d+) attempt \d+ received/) else { return nil }
            return Int64(match.1)
        }
        let ranTwice = Dictionary(grouping: received, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        let store = try readStore()
        let tasks = try store.tasks(of: "sleeps")
        XCTAssertEqual(Set(received), Set(tasks.map(\.id)), "every task received by a worker")
        XCTAssertEqual(ranTwice, [], "tasks run more than once: \(tasks.filter { ranTwice.contains($0.id) }.map(\.lastError))")
        // The store agrees: a task stored with a later attempt never ran its earlier one.
        let results = Dictionary(uniqueKeysWithValues: try store.results(of: "sleeps").map { ($0.taskKey, $0) })
        for task in tasks { XCTAssertEqual(results[task.key]?.attempt, task.attempts, "task \(task.id)") }
        XCTAssertEqual(Set(results.values.map(\.worker)), ["w1", "w2"], "every result credited to its worker")
        XCTAssertTrue(workers.contains { $0.stderr.contains("unacknowledged outcome(s) again") }, workers.map(\.stderr).joined())
    }

    /// Counters add up over coordinator lifetimes; CREDIT or HEARTBEAT from a connection without a
    /// session (a previous session's, as after every restart) are counted apart, not warned about.
    func testCountersAccumulateAcrossRestartsAndStaleSessionTrafficIsQuiet() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 2
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let context = try ZMQContext()
        for (round, spec) in [spec, nil].enumerated() {
            let coordinator = try coordinator(endpoint, spec: spec, name: "c\(round)", untilDone: false)
            let peer = try context.socket(.dealer, options: [.linger(milliseconds: 0)])
            try peer.connect(endpoint)
            try peer.send([Data("garbage".utf8)])
            try peer.send(WireMessage.credit(.init(slots: 2)).frames())
            try peer.send(WireMessage.heartbeat.frames())
            let expected = ["dropped_malformed": round + 1, "dropped_messages": round + 1, "stale_messages": 2 * (round + 1)]
            XCTAssertTrue(eventually(timeout: 20) { (try? readStore().counters()) == expected },
                          "counters: \(String(describing: try? readStore().counters()))\n" + coordinator.stderr)
            XCTAssertFalse(coordinator.stderr.contains("CREDIT") || coordinator.stderr.contains("HEARTBEAT"), coordinator.stderr)
            peer.close()
            coordinator.kill9()
        }
    }
}
