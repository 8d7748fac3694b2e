import Foundation
import PhysweepSweep
import XCTest

/// `physweep run`: coordinator in-process, worker processes beside it.
final class LocalRunTests: ClusterTestCase {
    func testASweepOverTwoWorkerProcessesStoresExactlyOneResultPerTask() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: 40
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let run = try start(["run", spec, "--workers", "2", "--db", dbPath, "--out", "report"], name: "run")
        XCTAssertEqual(run.wait(timeout: 60), 0, run.stderr)
        try assertExactlyOneResultPerTask("noops", tasks: 40)
        XCTAssertTrue(run.stderr.contains("started 2 local worker(s)"), run.stderr)
        XCTAssertFalse(try readStore().results(of: "noops").contains { $0.worker.isEmpty })
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report/results.csv").path))

        let again = try start(["run", spec, "--workers", "2", "--db", dbPath, "--out", "report"], name: "again")
        XCTAssertEqual(again.wait(timeout: 60), 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("40 result(s) reused"), again.stderr)
        try assertExactlyOneResultPerTask("noops", tasks: 40)
    }

    func testPoisonTasksAreQuarantinedAfterMaxAttemptsWhileTheRestFinish() throws {
        let spec = try writeSpec("poison.yaml", """
            name: poison
            systems:
              noop: {models: [none]}
            grid: {fail: [none, error, crash]}
            seeds: 3
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            max_attempts: 2
            """)
        // One task per worker at a time: each FAILED is delivered before the worker can receive a
        // task that crashes it, so every error task's last error is its own (with prefetched tasks,
        // a crash may take a FAILED still waiting to be sent with it).
        let run = try start(["run", spec, "--workers", "2", "--prefetch", "0", "--db", dbPath, "--heartbeat-ms", "200"],
                            name: "run")
        XCTAssertEqual(run.wait(timeout: 90), 1, "quarantined tasks make the exit code 1\n" + run.stderr)

        let tasks = try readStore().tasks(of: "poison")
        XCTAssertEqual(tasks.count, 9)
        for task in tasks {
            switch task.config.fail {
            case .none:
                XCTAssertEqual(task.state, .done)
            case .error:
                XCTAssertEqual(task.state, .failed)
                XCTAssertEqual(task.attempts, 2)
                XCTAssertTrue(task.lastError?.contains("fail: error") ?? false, task.lastError ?? "no error")
            case .crash:
                XCTAssertEqual(task.state, .failed)
                XCTAssertEqual(task.attempts, 2)
                XCTAssertTrue(task.lastError?.contains("lost") ?? false, task.lastError ?? "no error")
            }
        }
        XCTAssertEqual(try readStore().results(of: "poison").count, 3)
    }

    func testASpecErrorIsReportedWithItsPositionAndNothingIsDispatched() throws {
        let spec = try writeSpec("bad.yaml", """
            name: bad
            systems:
              noop: {models: [none]}
            grid: {widht: [1, 2]}
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let run = try start(["run", spec, "--workers", "2", "--db", dbPath], name: "run")
        let status = run.wait(timeout: 30)
        XCTAssertNotNil(status)
        XCTAssertNotEqual(status, 0)
        XCTAssertNotNil(run.stderr.range(of: #"bad\.yaml:4:\d+: "#, options: .regularExpression), run.stderr)
        XCTAssertTrue(run.stderr.contains("nothing was dispatched"), run.stderr)
        if FileManager.default.fileExists(atPath: dbPath) {
            XCTAssertEqual(try readStore().sweeps().count, 0)
        }
        XCTAssertFalse(run.stderr.contains("started"), "no worker was started")
    }
}
