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
}
