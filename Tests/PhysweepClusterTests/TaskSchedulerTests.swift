import Foundation
import PhysweepSweep
import PhysweepTraining
import XCTest
@testable import PhysweepCluster

final class TaskSchedulerTests: XCTestCase {
    private let alice = Data("alice".utf8), bob = Data("bob".utf8)

    private func scheduler(tasks count: Int, maxAttempts: Int = 2) -> TaskScheduler {
        let sweep = SweepRecord(name: "s", specText: "", objectives: [], settings: RunSettings(), maxAttempts: maxAttempts)
        let tasks = (0..<count).map { seed in
            var config = TrainConfig.defaults(system: .noop)
            config.seed = UInt64(seed)
            return StoredTask(id: Int64(seed + 1), sweep: "s", key: config.key, config: config, state: .queued,
                              attempts: 0, worker: nil, lastError: nil)
        }
        var scheduler = TaskScheduler()
        scheduler.enqueue(tasks, sweeps: [sweep])
        return scheduler
    }

    private func join(_ identity: Data, _ scheduler: inout TaskScheduler, credit: Int, now: Double = 0) {
        let name = String(decoding: identity, as: UTF8.self)
        let record = WorkerRecord(id: name, host: "h", pid: 1, cores: 1, slots: credit, firstSeen: Date(), lastSeen: Date())
        scheduler.join(identity, as: record, now: now)
        scheduler.grant(credit, to: identity)
    }

    private func result(_ seed: Int) throws -> TrainResult {
        var config = TrainConfig.defaults(system: .noop)
        config.seed = UInt64(seed)
        return try Trainer.run(config)
    }

    func testDispatchSpendsExactlyTheGrantedCreditRoundRobin() {
        var s = scheduler(tasks: 5)
        join(alice, &s, credit: 1)
        join(bob, &s, credit: 2)
        let sent = s.assign()
        XCTAssertEqual(sent.map(\.taskID), [1, 2, 3])
        XCTAssertEqual(sent.filter { $0.worker == alice }.count, 1)
        XCTAssertEqual(sent.filter { $0.worker == bob }.count, 2)
        XCTAssertEqual(sent.map(\.attempt), [1, 1, 1])
        XCTAssertTrue(s.assign().isEmpty, "no credit left")
        XCTAssertEqual(s.queuedCount, 2)
        XCTAssertEqual(s.runningCount, 3)
        XCTAssertEqual(s.takeBatch().transitions.count, 3)
    }

    func testADeadWorkersTaskIsRequeuedThenQuarantinedAfterMaxAttempts() {
        var s = scheduler(tasks: 1, maxAttempts: 2)
        join(alice, &s, credit: 1, now: 0)
        XCTAssertEqual(s.assign().first?.attempt, 1)
        XCTAssertEqual(s.expireSilentWorkers(now: 10, timeout: 3).map(\.id), ["alice"])
        XCTAssertEqual(s.queuedCount, 1)

        join(bob, &s, credit: 1, now: 10)
        XCTAssertEqual(s.assign().first?.attempt, 2)
        XCTAssertTrue(s.expireSilentWorkers(now: 12, timeout: 3).isEmpty, "bob is still within its liveness")
        _ = s.expireSilentWorkers(now: 20, timeout: 3)
        XCTAssertTrue(s.isIdle)
        XCTAssertEqual(s.quarantinedCount, 1)
        guard case .quarantined(_, let error)? = s.takeBatch().transitions.last else {
            return XCTFail("the last transition should quarantine the task")
        }
        XCTAssertTrue(error.contains("attempt 2") && error.contains("bob"), error)
    }

    func testALateResultFromAPresumedDeadWorkerIsAcceptedOnce() throws {
        var s = scheduler(tasks: 1, maxAttempts: 3)
        join(alice, &s, credit: 1)
        _ = s.assign()
        _ = s.expireSilentWorkers(now: 10, timeout: 3)
        join(bob, &s, credit: 1, now: 10)
        XCTAssertEqual(s.assign().first?.worker, bob)

        XCTAssertEqual(s.complete(1, attempt: 1, result: try result(0), from: alice), .accepted)
        XCTAssertEqual(s.complete(1, attempt: 2, result: try result(0), from: bob), .duplicate)
        XCTAssertEqual(s.doneCount, 1)
        XCTAssertTrue(s.isIdle)
        let finished = s.takeBatch().transitions.filter { if case .finished = $0 { true } else { false } }
        XCTAssertEqual(finished.count, 1)
    }

    func testFailuresCountAsAttemptsAndQuarantineKeepsTheLastError() {
        var s = scheduler(tasks: 2, maxAttempts: 2)
        join(alice, &s, credit: 1)
        XCTAssertEqual(s.assign().map(\.taskID), [1])
        XCTAssertEqual(s.fail(1, error: "first", from: alice), .accepted)
        s.grant(1, to: alice)
        XCTAssertEqual(s.assign().map(\.taskID), [2], "the failed task goes to the back of the queue")
        XCTAssertEqual(s.fail(2, error: "other", from: alice), .accepted)
        s.grant(1, to: alice)
        let retry = s.assign()
        XCTAssertEqual(retry.map(\.taskID), [1])
        XCTAssertEqual(retry.map(\.attempt), [2])
        XCTAssertEqual(s.fail(1, error: "second", from: alice), .accepted)
        XCTAssertEqual(s.fail(1, error: "again", from: alice), .duplicate)
        XCTAssertEqual(s.quarantinedCount, 1)
        guard case .quarantined(1, let error)? = s.takeBatch().transitions.last else {
            return XCTFail("task 1 should be quarantined")
        }
        XCTAssertTrue(error.contains("second"), error)
    }

    func testReportsForUnknownTasksChangeNothing() throws {
        var s = scheduler(tasks: 1)
        join(alice, &s, credit: 1)
        XCTAssertEqual(s.complete(99, attempt: 1, result: try result(0), from: alice), .unknown)
        XCTAssertEqual(s.fail(99, error: "x", from: alice), .unknown)
        XCTAssertEqual(s.queuedCount, 1)
        XCTAssertTrue(s.takeBatch().transitions.isEmpty)
    }
}
