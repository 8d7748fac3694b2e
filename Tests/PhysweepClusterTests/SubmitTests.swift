import Foundation
import PhysweepSweep
import XCTest

/// `physweep submit` queues sweeps for a coordinator that is already serving the file.
final class SubmitTests: ClusterTestCase {
    func testASubmittedSweepAndItsRerunAreServedByARunningCoordinator() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 6
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath], name: "coordinator")
        XCTAssertTrue(eventually(timeout: 30) { coordinator.stderr.contains("listening") }, coordinator.stderr)
        _ = try start(["worker", "--connect", endpoint], name: "worker")

        let submit = try start(["submit", spec, "--db", dbPath], name: "submit")
        XCTAssertEqual(submit.wait(timeout: 30), 0, submit.stderr)
        XCTAssertTrue(eventually(timeout: 30) { (try? readStore().stateCounts(of: "noops")) == [.done: 6] },
                      coordinator.stderr)
        let first = try readStore().tasks(of: "noops").map(\.id).max()!

        let rerun = try start(["submit", spec, "--db", dbPath, "--rerun"], name: "rerun")
        XCTAssertEqual(rerun.wait(timeout: 30), 0, rerun.stderr)
        XCTAssertTrue(eventually(timeout: 30) {
            let tasks = (try? readStore().tasks(of: "noops")) ?? []
            return tasks.count == 6 && tasks.allSatisfy { $0.state == .done && $0.id > first }
        }, coordinator.stderr)
        try assertExactlyOneResultPerTask("noops", tasks: 6)
        XCTAssertTrue(coordinator.isRunning)
    }

    func testASweepSubmittedOverTheSocketIsServedAndARerunOfARunningSweepIsRefused() throws {
        let noops = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 4
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let sleeps = try writeSpec("sleep.yaml", """
            name: sleeps
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: 3}
            seeds: 1
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath], name: "coordinator")
        XCTAssertTrue(eventually(timeout: 30) { coordinator.stderr.contains("listening") }, coordinator.stderr)
        _ = try start(["worker", "--connect", endpoint], name: "worker")

        let submit = try start(["submit", noops, "--to", endpoint], name: "submit")
        XCTAssertEqual(submit.wait(timeout: 30), 0, submit.stderr)
        XCTAssertTrue(submit.stderr.contains("sweep noops: 4 task(s), 4 to run; submitted to \(endpoint)"), submit.stderr)
        XCTAssertTrue(eventually(timeout: 30) { (try? readStore().stateCounts(of: "noops")) == [.done: 4] },
                      coordinator.stderr)
        try assertExactlyOneResultPerTask("noops", tasks: 4)

        let again = try start(["submit", noops, "--to", endpoint], name: "again")
        XCTAssertEqual(again.wait(timeout: 30), 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("4 task(s), 0 to run, 4 result(s) reused"), again.stderr)

        let sleep = try start(["submit", sleeps, "--to", endpoint], name: "sleep")
        XCTAssertEqual(sleep.wait(timeout: 30), 0, sleep.stderr)
        XCTAssertTrue(eventually(timeout: 30) { (try? readStore().stateCounts(of: "sleeps")) == [.running: 1] },
                      coordinator.stderr)
        let refused = try start(["submit", sleeps, "--to", endpoint, "--rerun"], name: "refused")
        XCTAssertEqual(refused.wait(timeout: 30), 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("the coordinator refused the sweep"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("sleeps"), refused.stderr)
        XCTAssertTrue(eventually(timeout: 30) { (try? readStore().stateCounts(of: "sleeps")) == [.done: 1] },
                      "the running sweep was left alone\n" + coordinator.stderr)
        XCTAssertTrue(coordinator.isRunning)
    }

    func testSubmittingToAnEndpointWithoutACoordinatorTimesOutWithAClearError() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 1
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let submit = try start(["submit", spec, "--to", endpoint, "--timeout", "0.5"], name: "submit")
        XCTAssertEqual(submit.wait(timeout: 30), 1, submit.stderr)
        XCTAssertTrue(submit.stderr.contains("no answer from \(endpoint) within 0.5 s"), submit.stderr)
    }
}
