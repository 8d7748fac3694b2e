import Foundation
import PhysweepSweep
import XCTest

/// A coordinator host and two worker hosts in network namespaces (`LabNetwork`), each running the
/// real `physweep`: a worker whose cable is pulled for longer than the liveness window, and links
/// that lose and delay packets. Every task is stored exactly once.
final class LabNetworkTests: LabNetworkTestCase {
    override var workerHosts: Int { 2 }

    private func sleepSpec(_ name: String, tasks: Int, seconds: Double) throws -> String {
        try writeSpec("\(name).yaml", """
            name: \(name)
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: \(seconds)}
            seeds: \(tasks)
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            max_attempts: 5
            """)
    }

    private func coordinator(_ lab: LabNetwork, _ arguments: [String]) throws -> PhysweepProcess {
        // Plain TCP on purpose (--insecure): these tests are about links, CurveChannelTests about keys.
        try start(["coordinator", "--bind", "tcp://0.0.0.0:\(port)", "--insecure", "--db", dbPath, "--log-level", "info"] + arguments,
                  name: "coordinator", prefix: lab.execOnCoordinator)
    }

    private func worker(_ lab: LabNetwork, _ n: Int) throws -> PhysweepProcess {
        try start(["worker", "--connect", lab.coordinatorEndpoint(for: n, port: port), "--id", "w\(n)", "--give-up-after", "120"],
                  name: "w\(n)", prefix: lab.exec(worker: n))
    }

    func testAWorkerCutOffLongerThanTheLivenessWindowLosesItsTaskToTheOtherAndRejoins() throws {
        let lab = try XCTUnwrap(lab)
        // Liveness window: 3 missed heartbeats of 200 ms. The cut lasts at least 2 s. Tasks of 1.5 s, so
        // that the cut surely comes before worker 1 finishes the task seen running there.
        let coordinator = try coordinator(lab, ["--heartbeat-ms", "200", "--liveness", "3", try sleepSpec("cut", tasks: 3, seconds: 1.5)])
        let workers = [try worker(lab, 1), try worker(lab, 2)]
        var victim: StoredTask?
        XCTAssertTrue(eventually(timeout: 60) {
            victim = try? readStore().tasks(of: "cut").first { $0.state == .running && $0.worker == "w1" }
            return victim != nil
        }, "a task starts on worker 1\n" + coordinator.stderr + workers[0].stderr)
        let victimID = try XCTUnwrap(victim?.id)

        try lab.cut(worker: 1)
        let cutAt = Date()
        XCTAssertTrue(eventually(timeout: 60) {
            (try? readStore().tasks(of: "cut").first { $0.id == victimID }).map { $0.state == .done && $0.worker == "w2" } ?? false
        }, "worker 1's task is re-queued and done by worker 2\n" + coordinator.stderr)
        Thread.sleep(forTimeInterval: max(0, 2 - Date().timeIntervalSince(cutAt)))
        XCTAssertTrue(coordinator.isRunning && workers[0].isRunning, "nobody exits over a lost link\n" + workers[0].stderr)
        try lab.restore(worker: 1)

        XCTAssertTrue(eventually(timeout: 60) { coordinator.stderr.components(separatedBy: "worker w1 joined").count - 1 >= 2 },
                      "worker 1 rejoins\n" + coordinator.stderr + workers[0].stderr)
        let submit = try start(["submit", try sleepSpec("after", tasks: 4, seconds: 0.5), "--to", "tcp://127.0.0.1:\(port)"],
                               name: "submit", prefix: lab.execOnCoordinator)
        XCTAssertEqual(submit.wait(timeout: 60), 0, submit.stderr)
        XCTAssertTrue(eventually(timeout: 90) {
            let store = try? readStore()
            return ["cut", "after"].allSatisfy { (try? store?.stateCounts(of: $0)) == [.done: $0 == "cut" ? 3 : 4] }
        }, coordinator.stderr)

        try assertExactlyOneResultPerTask("cut", tasks: 3)
        try assertExactlyOneResultPerTask("after", tasks: 4)
        let rerun = try XCTUnwrap(try readStore().tasks(of: "cut").first { $0.id == victimID })
        XCTAssertEqual(rerun.attempts, 2)
        XCTAssertTrue(rerun.lastError?.contains("w1") ?? false, rerun.lastError ?? "no error")
        XCTAssertTrue(try readStore().results(of: "after").contains { $0.worker == "w1" }, "the rejoined worker gets work")
    }

    func testASweepCompletesOverLinksThatLoseAndDelayPackets() throws {
        let lab = try XCTUnwrap(lab)
        let first = try lab.degrade(worker: 1, delayMs: 40, lossPercent: 5, slowKbit: 200)
        try lab.degrade(worker: 2, delayMs: 80, lossPercent: 10, slowKbit: 100)
        print("LabNetworkTests: links degraded with \(first)")
        let coordinator = try coordinator(lab, ["--until-done", "--heartbeat-ms", "500", "--liveness", "4",
                                                try sleepSpec("lossy", tasks: 10, seconds: 0.2)])
        let workers = [try worker(lab, 1), try worker(lab, 2)]
        XCTAssertEqual(coordinator.wait(timeout: 180), 0, coordinator.stderr)
        for worker in workers { XCTAssertEqual(worker.wait(timeout: 60), 0, "the worker leaves on BYE\n" + worker.stderr) }
        try assertExactlyOneResultPerTask("lossy", tasks: 10)
        XCTAssertEqual(Set(try readStore().results(of: "lossy").map(\.worker)), ["w1", "w2"], "both links carried work")
        let dropped = try lab.droppedPackets(worker: 1) + lab.droppedPackets(worker: 2)
        print("LabNetworkTests: the links dropped \(dropped) packets")
        XCTAssertGreaterThan(dropped, 0, "the links really lost packets")
    }
}
