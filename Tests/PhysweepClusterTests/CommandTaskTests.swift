import Foundation
import PhysweepSweep
import XCTest

/// Command tasks through real `physweep run` and worker processes: results stored with the program's
/// metrics, and no program left running when its worker is stopped.
final class CommandTaskTests: ClusterTestCase {
    /// A command sweep whose program (Python) writes `<dir>/<seed>.pids` (its pid, its worker's pid)
    /// and then either reports a result or, with `hang`, sleeps for ten minutes ignoring SIGTERM.
    private func commandSpec(hang: Bool, seeds: Int, gpus: Int = 0) throws -> String {
        let program = directory.appendingPathComponent("program.py")
        try """
            import json, os, signal, sys, time
            task = json.load(sys.stdin)
            open(os.path.join(\(String(reflecting: directory.path)), "%d.pids" % task["config"]["seed"]), "w").write(
                "%d %d" % (os.getpid(), os.getppid()))
            if \(hang ? "True" : "False"):
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                time.sleep(600)
            json.dump({"test_mse": task["config"]["scale"] / 10, "final_loss": 1,
                       "cuda": int(os.environ.get("CUDA_VISIBLE_DEVICES", "-1").split(",")[0])},
                      open(os.environ["PHYSWEEP_RESULT_FILE"], "w"))
            """.write(to: program, atomically: true, encoding: .utf8)
        return try writeSpec("command.yaml", """
            name: cmd
            systems:
              command:
                command: {program: python3, args: [\(String(reflecting: program.path))], timeout: 120, grace: 1}
                grid: {scale: [1, 2]}
            seeds: \(seeds)
            max_attempts: 1
            resources: {gpus: \(gpus)}
            objectives: [test_mse, train_cpu_s]
            """)
    }

    /// `resources: {gpus: 1}` tasks wait for a worker with GPUs: not the one without, which finishes
    /// nothing; the one started with `--gpus 3` runs them with CUDA_VISIBLE_DEVICES=3 and records GPU 3.
    /// `physweep run` (whose local workers have none) refuses such a sweep instead of waiting for ever.
    func testGPUTasksWaitForAWorkerWithGPUs() throws {
        let spec = try commandSpec(hang: false, seeds: 1, gpus: 1)
        let refused = try start(["run", spec, "--db", dbPath], name: "run")
        XCTAssertNotEqual(refused.wait(timeout: 60), 0)
        XCTAssertTrue(refused.stderr.contains("no GPUs"), refused.stderr)

        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--until-done", "--heartbeat-ms", "200", spec],
                                    name: "c")
        defer { coordinator.kill9() }
        let cpuOnly = try start(["worker", "--connect", endpoint, "--id", "cpu", "--give-up-after", "30"], name: "cpu")
        defer { cpuOnly.kill9() }
        Thread.sleep(forTimeInterval: 2)
        XCTAssertEqual(try readStore().results(of: "cmd").count, 0, "a worker without GPUs ran a GPU task")
        let gpu = try start(["worker", "--connect", endpoint, "--id", "gpu", "--gpus", "3", "--give-up-after", "30"], name: "gpu")
        defer { gpu.kill9() }
        XCTAssertEqual(coordinator.wait(timeout: 60), 0, coordinator.stderr)
        let results = try readStore().results(of: "cmd")
        XCTAssertEqual(results.count, 2)
        XCTAssertTrue(results.allSatisfy { $0.worker == "gpu" })
        XCTAssertTrue(results.allSatisfy { $0.result.command?.metrics["cuda"] == 3 && $0.result.machine.gpus?.map(\.index) == [3] })
    }

    private func pids(seed: Int) -> (program: Int32, worker: Int32)? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("\(seed).pids"), encoding: .utf8) else { return nil }
        let numbers = text.split(separator: " ").compactMap { Int32($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    /// Whether `pid` is alive and not a zombie.
    private func alive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return false
        }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    func testACommandSweepStoresTheProgramsMetrics() throws {
        let spec = try commandSpec(hang: false, seeds: 2)
        let run = try start(["run", spec, "--workers", "2", "--db", dbPath, "--out", "report"], name: "run")
        XCTAssertEqual(run.wait(timeout: 120), 0, run.stderr)
        try assertExactlyOneResultPerTask("cmd", tasks: 4)
        let results = try readStore().results(of: "cmd")
        XCTAssertEqual(Set(results.compactMap { $0.result.efficacy?.testMSE }), [0.1, 0.2])
        XCTAssertTrue(results.allSatisfy { $0.result.command?.metrics["final_loss"] == 1 && $0.result.efficiency.train.flops.isNaN })
        let summary = try String(contentsOf: directory.appendingPathComponent("report/summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("scale=1") && summary.contains("children-rusage"), summary)
    }

    /// SIGTERM to a worker ends its programs' process groups (a program ignoring SIGTERM gets SIGKILL
    /// after its grace period) before the worker dies: nothing is left running.
    func testAStoppedWorkerLeavesNoProgramRunning() throws {
        let spec = try commandSpec(hang: true, seeds: 1)
        let run = try start(["run", spec, "--workers", "1", "--db", dbPath, "--no-report"], name: "run")
        defer { run.kill9() }
        XCTAssertTrue(eventually(timeout: 60) { pids(seed: 0) != nil }, run.stderr)
        let (program, worker) = try XCTUnwrap(pids(seed: 0))
        XCTAssertTrue(alive(program))
        kill(worker, SIGTERM)
        XCTAssertTrue(eventually(timeout: 20) { !alive(program) }, "program \(program) outlived its worker")
        XCTAssertTrue(eventually(timeout: 20) { !alive(worker) }, "the worker did not exit")
    }

    /// A worker whose `physweep run` died (kill -9) notices and exits, ending its programs first.
    func testAnOrphanedWorkerEndsItsProgramsBeforeExiting() throws {
        let spec = try commandSpec(hang: true, seeds: 1)
        let run = try start(["run", spec, "--workers", "1", "--db", dbPath, "--no-report"], name: "run")
        XCTAssertTrue(eventually(timeout: 60) { pids(seed: 0) != nil }, run.stderr)
        let (program, worker) = try XCTUnwrap(pids(seed: 0))
        run.kill9()
        XCTAssertTrue(eventually(timeout: 30) { !alive(program) }, "program \(program) outlived its orphaned worker")
        XCTAssertTrue(eventually(timeout: 20) { !alive(worker) }, "the worker did not exit")
    }
}
