import Foundation
import PhysweepSweep
import XCTest

/// Workers and the coordinator killed with SIGKILL mid-sweep: nothing lost, nothing duplicated.
final class FailureRecoveryTests: ClusterTestCase {
    private func sleepSpec(tasks: Int, seconds: Double) throws -> String {
        try writeSpec("sleep.yaml", """
            name: sleeps
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: \(seconds)}
            seeds: \(tasks)
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            max_attempts: 3
            """)
    }

    private func coordinator(_ endpoint: String, spec: String?, name: String) throws -> PhysweepProcess {
        try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--until-done", "--heartbeat-ms", "200"]
                  + (spec.map { [$0] } ?? []), name: name)
    }

    private func worker(_ endpoint: String, id: String) throws -> PhysweepProcess {
        try start(["worker", "--connect", endpoint, "--id", id, "--give-up-after", "60"], name: id)
    }

    func testATaskWhoseWorkerIsKilledRunsAgainElsewhere() throws {
        let endpoint = try freeEndpoint()
        let coordinator = try coordinator(endpoint, spec: try sleepSpec(tasks: 3, seconds: 1), name: "coordinator")
        let doomed = try worker(endpoint, id: "doomed")
        var victim: StoredTask?
        XCTAssertTrue(eventually(timeout: 30) {
            victim = try? readStore().tasks(of: "sleeps").first { $0.state == .running && $0.worker == "doomed" }
            return victim != nil
        }, "a task starts on the first worker\n" + coordinator.stderr)
        doomed.kill9()
        let survivor = try worker(endpoint, id: "survivor")

        XCTAssertEqual(coordinator.wait(timeout: 60), 0, coordinator.stderr)
        XCTAssertEqual(survivor.wait(timeout: 10), 0, "the worker leaves on BYE\n" + survivor.stderr)
        try assertExactlyOneResultPerTask("sleeps", tasks: 3)
        let rerun = try XCTUnwrap(try readStore().tasks(of: "sleeps").first { $0.id == victim?.id })
        XCTAssertEqual(rerun.attempts, 2)
        XCTAssertEqual(rerun.worker, "survivor")
        XCTAssertTrue(rerun.lastError?.contains("doomed") ?? false, rerun.lastError ?? "no error")
    }

    func testACoordinatorKilledMidSweepAndRestartedOnTheSameFileLosesNothing() throws {
        let endpoint = try freeEndpoint()
        // 12 × 0.5 s on 2 workers: 3 s of work, so the kill after the second result lands mid-sweep
        // even when this test process is slow to notice.
        let first = try coordinator(endpoint, spec: try sleepSpec(tasks: 12, seconds: 0.5), name: "first")
        let workers = [try worker(endpoint, id: "w1"), try worker(endpoint, id: "w2")]
        XCTAssertTrue(eventually(timeout: 30) {
            ((try? readStore().stateCounts(of: "sleeps"))?[.done] ?? 0) >= 2
        }, first.stderr)
        first.kill9()
        let counts = try readStore().stateCounts(of: "sleeps")
        XCTAssertLessThan(counts[.done] ?? 0, 12, "killed mid-sweep")

        let second = try coordinator(endpoint, spec: nil, name: "second")
        XCTAssertEqual(second.wait(timeout: 90), 0, second.stderr)
        for worker in workers { XCTAssertEqual(worker.wait(timeout: 10), 0, worker.stderr) }
        try assertExactlyOneResultPerTask("sleeps", tasks: 12)
        // What the workers' old connections still deliver to the new coordinator is no protocol fault.
        XCTAssertFalse(second.stderr.contains("dropped message"), second.stderr)
        XCTAssertNil(try readStore().counters()["dropped_messages"])
        XCTAssertFalse(try readStore().results(of: "sleeps").contains { $0.worker == "unknown worker" })
    }

    /// docs/protocol.md §4: `coordinator --until-done` exits 1 when tasks were quarantined.
    func testACoordinatorUntilDoneExitsOneWhenTasksAreQuarantined() throws {
        let spec = try writeSpec("fail.yaml", """
            name: fails
            systems:
              noop: {models: [none]}
            grid: {fail: [none, error]}
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            max_attempts: 1
            """)
        let endpoint = try freeEndpoint()
        let coordinator = try coordinator(endpoint, spec: spec, name: "coordinator")
        let worker = try worker(endpoint, id: "w")
        XCTAssertEqual(coordinator.wait(timeout: 60), 1, coordinator.stderr)
        XCTAssertEqual(worker.wait(timeout: 10), 0, worker.stderr)
        XCTAssertEqual(try readStore().stateCounts(of: "fails"), [.done: 1, .failed: 1])
    }
}

/// One coordinator per store file.
final class CoordinatorLockTests: ClusterTestCase {
    func testASecondCoordinatorOnTheSameFileIsRefused() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 2
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let first = try start(["coordinator", "--bind", try freeEndpoint(), "--db", dbPath, spec], name: "first")
        XCTAssertTrue(eventually(timeout: 30) { first.stderr.contains("listening") }, first.stderr)
        let second = try start(["coordinator", "--bind", try freeEndpoint(), "--db", dbPath], name: "second")
        XCTAssertEqual(second.wait(timeout: 30), 1)
        XCTAssertTrue(second.stderr.contains("already served by another coordinator"), second.stderr)
        XCTAssertTrue(first.isRunning)
    }
}
