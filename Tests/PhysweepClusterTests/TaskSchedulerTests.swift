import Foundation
import PhysweepJSON
import PhysweepSweep
import PhysweepTraining
import XCTest
@testable import PhysweepCluster

final class TaskSchedulerTests: XCTestCase {
    private let alice = Data("alice".utf8), bob = Data("bob".utf8)

    private func scheduler(tasks count: Int, maxAttempts: Int = 2) -> TaskScheduler {
        let sweep = SweepRecord(name: "s", specText: "", objectives: [], settings: RunSettings(), maxAttempts: maxAttempts)
        let tasks = (0..<count).map { seed in queued(id: Int64(seed + 1), config(.noop, seed: seed)) }
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

    private func config(_ system: SystemKind, seed: Int) -> TrainConfig {
        var config = TrainConfig.defaults(system: system)
        config.seed = UInt64(seed)
        return config
    }

    /// A task as the store hands it to the coordinator.
    private func queued(id: Int64, _ config: TrainConfig) -> QueuedTask {
        QueuedTask(id: id, sweep: "s", key: config.key, system: config.system, configJSON: Array(config.canonicalJSON()), attempts: 0)
    }

    /// A RESULT for task `id` (the noop task of `seed`, as `scheduler(tasks:)` makes them), as the coordinator reads it.
    private func result(_ seed: Int, task id: Int64, attempt: Int = 1, worker: String? = nil) throws -> ResultReceipt {
        let result = try Trainer.run(config(.noop, seed: seed))
        return try ResultReceipt(body: WireMessage.result(.init(taskID: id, attempt: attempt, result: result, workerID: worker)).frames()[2])
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

    /// HELLO's `systems` are a worker's capabilities: it is never sent a task of another system, and
    /// tasks keep their first-in, first-out order across systems.
    func testWorkersGetOnlyTasksOfSystemsTheyRun() {
        let sweep = SweepRecord(name: "s", specText: "", objectives: [], settings: RunSettings(), maxAttempts: 2)
        let systems: [SystemKind] = [.sleep, .noop, .sleep, .noop, .noop]
        let tasks = systems.enumerated().map { index, system in queued(id: Int64(index + 1), config(system, seed: index)) }
        var s = TaskScheduler()
        s.enqueue(tasks, sweeps: [sweep])
        let record = WorkerRecord(id: "alice", host: "h", pid: 1, cores: 1, slots: 1, firstSeen: Date(), lastSeen: Date())
        s.join(alice, as: record, systems: [.noop], now: 0)
        s.grant(10, to: alice)
        XCTAssertEqual(s.assign().map(\.taskID), [2, 4, 5], "only the noop tasks, in order")
        XCTAssertEqual(s.queuedCount, 2)
        XCTAssertTrue(s.assign().isEmpty, "alice still has credit but nothing she can run")

        s.join(bob, as: record, systems: [.noop, .sleep], now: 0)
        s.grant(10, to: bob)
        XCTAssertEqual(s.assign().map(\.taskID), [1, 3])
        XCTAssertEqual(s.fail(4, error: "x", from: alice), .accepted)
        XCTAssertEqual(s.fail(1, error: "x", from: bob), .accepted)
        let retries = s.assign()
        XCTAssertEqual(retries.map(\.taskID), [4, 1], "failures to the back, in the order they failed")
        XCTAssertEqual(Set(retries.filter { $0.taskID == 1 }.map(\.worker)), [bob])
    }

    /// A sweep with `resources: {gpus: N}` waits for a worker whose slots have N GPUs (HELLO's
    /// `gpus_per_slot`); other sweeps' tasks go to any worker, in first-in, first-out order.
    func testTasksNeedingGPUsWaitForAWorkerThatHasThem() {
        let gpuSweep = SweepRecord(name: "g", specText: "", objectives: [],
                                   settings: RunSettings(command: CommandSettings(program: "train", gpus: 2)), maxAttempts: 2)
        let cpuSweep = SweepRecord(name: "s", specText: "", objectives: [], settings: RunSettings(), maxAttempts: 2)
        var gpuTask = queued(id: 1, config(.command, seed: 0))
        gpuTask.sweep = "g"
        var s = TaskScheduler()
        s.enqueue([gpuTask, queued(id: 2, config(.noop, seed: 0))], sweeps: [gpuSweep, cpuSweep])
        let record = { (name: String) in WorkerRecord(id: name, host: "h", pid: 1, cores: 1, slots: 4, firstSeen: Date(), lastSeen: Date()) }
        s.join(alice, as: record("alice"), gpusPerSlot: 1, now: 0)
        s.grant(4, to: alice)
        XCTAssertEqual(s.assign().map(\.taskID), [2], "one GPU per slot is not enough for the GPU task")
        s.join(bob, as: record("bob"), gpusPerSlot: 2, now: 0)
        s.grant(1, to: bob)
        let sent = s.assign()
        XCTAssertEqual(sent.map(\.taskID), [1])
        XCTAssertEqual(sent.map(\.worker), [bob])
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

    /// A worker starts tasks in the order received, `slots` at once: when it dies only its oldest
    /// `slots` unfinished tasks may have run; the prefetched ones behind them get their attempt back.
    func testTasksWaitingBehindADeadWorkersSlotsGetTheirAttemptBack() {
        var s = scheduler(tasks: 4, maxAttempts: 2)
        let record = WorkerRecord(id: "alice", host: "h", pid: 1, cores: 1, slots: 1, firstSeen: Date(), lastSeen: Date())
        s.join(alice, as: record, now: 0)
        s.grant(3, to: alice)
        XCTAssertEqual(s.assign().map(\.attempt), [1, 1, 1])
        _ = s.takeBatch()
        _ = s.expireSilentWorkers(now: 10, timeout: 3)
        XCTAssertEqual(s.queuedCount, 4)
        let transitions = s.takeBatch().transitions
        XCTAssertEqual(transitions.count, 3)
        guard case .requeued(1, let error) = transitions[0] else { return XCTFail("task 1 may have run: \(transitions)") }
        XCTAssertTrue(error.contains("attempt 1 lost"), error)
        XCTAssertEqual(Array(transitions[1...]), [.returned(taskID: 2, attempts: 0), .returned(taskID: 3, attempts: 0)])

        join(bob, &s, credit: 4, now: 10)
        let again = s.assign()
        XCTAssertEqual(again.map(\.taskID), [4, 1, 2, 3])
        XCTAssertEqual(again.map(\.attempt), [1, 2, 1, 1], "only task 1's lost attempt counts")
    }

    /// A worker the coordinator itself left without a message past the timeout (its own stall) may
    /// have given up on it: its falling silent then is not charged to its tasks. Heard from a
    /// timeout after the stall, it is to blame again.
    func testAWorkerFallingSilentAfterTheCoordinatorsOwnStallCostsNoAttempt() {
        var s = scheduler(tasks: 3, maxAttempts: 3)
        let record = WorkerRecord(id: "alice", host: "h", pid: 1, cores: 1, slots: 2, firstSeen: Date(), lastSeen: Date())
        s.join(alice, as: record, now: 0)
        s.grant(2, to: alice)
        s.sent(to: alice, now: 0)
        XCTAssertEqual(s.assign().map(\.attempt), [1, 1])
        _ = s.takeBatch()
        s.heard(from: alice, now: 1)
        s.noticeOwnStall(now: 9, timeout: 3)  // the coordinator stalled from 0 to 9 s, timeout 3 s
        XCTAssertEqual(s.expireSilentWorkers(now: 10, timeout: 3).map(\.id), ["alice"])
        XCTAssertEqual(s.takeBatch().transitions, [.returned(taskID: 1, attempts: 0), .returned(taskID: 2, attempts: 0)])
        XCTAssertEqual(s.queuedCount, 3)

        join(bob, &s, credit: 2, now: 10)
        XCTAssertEqual(s.assign().map(\.attempt), [1, 1], "no attempt was lost")
        _ = s.takeBatch()
        s.sent(to: bob, now: 10)
        s.noticeOwnStall(now: 12, timeout: 3)
        XCTAssertTrue(s.expireSilentWorkers(now: 12, timeout: 3).isEmpty, "sent to 2 s ago: not neglected, nor silent")
        s.noticeOwnStall(now: 14, timeout: 3)
        s.heard(from: bob, now: 18)  // bob survived the stall (heard from a timeout after it): dying later is his own
        _ = s.expireSilentWorkers(now: 22, timeout: 3)
        let transitions = s.takeBatch().transitions
        XCTAssertEqual(transitions.count, 2)
        XCTAssertTrue(transitions.allSatisfy { if case .requeued = $0 { true } else { false } }, "\(transitions)")
    }

    /// Group commit may hold back only tasks that would wait in a worker's prefetch queue anyway;
    /// a task for a free slot is marked to go at once. An unsent task of a worker that died is stale.
    func testOnlyTasksForFreeSlotsStartAtOnceAndADeadWorkersUnsentTasksAreStale() throws {
        var s = scheduler(tasks: 5)
        let record = WorkerRecord(id: "alice", host: "h", pid: 1, cores: 1, slots: 2, firstSeen: Date(), lastSeen: Date())
        s.join(alice, as: record, now: 0)
        s.grant(4, to: alice)
        let first = s.assign()
        XCTAssertEqual(first.map(\.startsAtOnce), [true, true, false, false])
        XCTAssertTrue(first.allSatisfy(s.isCurrent))
        // One result frees a slot: the next task goes at once only if nothing is prefetched behind it.
        XCTAssertEqual(try s.complete(result(0, task: 1), from: alice), .accepted)
        s.grant(1, to: alice)
        XCTAssertEqual(s.assign().map(\.startsAtOnce), [false], "two tasks still wait behind the free slot")

        _ = s.expireSilentWorkers(now: 10, timeout: 3)
        XCTAssertFalse(first.contains(where: s.isCurrent), "the dead worker's tasks went back to the queue")
        // The same identity saying hello again and getting the same tasks: only the new dispatches count.
        s.join(alice, as: record, now: 10)
        s.grant(4, to: alice)
        let again = s.assign()
        XCTAssertEqual(Set(again.map(\.taskID)), Set(first.dropFirst().map(\.taskID)).union([5]))
        XCTAssertTrue(again.allSatisfy(s.isCurrent))
        XCTAssertFalse(first.contains(where: s.isCurrent), "an earlier dispatch of a task is never sent late")
    }

    /// Giving attempts back is bounded, so even a task that is never among the oldest ends.
    func testAttemptsAreGivenBackAtMostMaxAttemptsTimes() {
        var s = scheduler(tasks: 2, maxAttempts: 2)
        var now = 0.0
        var returned = 0, deaths = 0
        while !s.isIdle && deaths < 20 {
            // Each worker (1 slot) takes both tasks and dies: task 1 may have run, task 2 waited behind it.
            let identity = Data("w\(deaths)".utf8)
            let record = WorkerRecord(id: "w\(deaths)", host: "h", pid: 1, cores: 1, slots: 1, firstSeen: Date(), lastSeen: Date())
            s.join(identity, as: record, now: now)
            s.grant(2, to: identity)
            _ = s.assign()
            now += 10
            _ = s.expireSilentWorkers(now: now, timeout: 3)
            deaths += 1
            returned += s.takeBatch().transitions.filter { if case .returned(2, _) = $0 { true } else { false } }.count
        }
        XCTAssertTrue(s.isIdle)
        XCTAssertEqual(s.quarantinedCount, 2)
        XCTAssertEqual(returned, 2, "task 2 gets its attempt back twice (max_attempts), then its attempts count")
        XCTAssertEqual(deaths, 4)
    }

    func testALateResultFromAPresumedDeadWorkerIsAcceptedOnce() throws {
        var s = scheduler(tasks: 1, maxAttempts: 3)
        join(alice, &s, credit: 1)
        _ = s.assign()
        _ = s.expireSilentWorkers(now: 10, timeout: 3)
        join(bob, &s, credit: 1, now: 10)
        XCTAssertEqual(s.assign().first?.worker, bob)

        XCTAssertEqual(try s.complete(result(0, task: 1), from: alice), .accepted)
        XCTAssertEqual(try s.complete(result(0, task: 1, attempt: 2), from: bob), .duplicate)
        XCTAssertEqual(s.doneCount, 1)
        XCTAssertTrue(s.isIdle)
        let finished = s.takeBatch().transitions.filter { if case .finishedAsReceived = $0 { true } else { false } }
        XCTAssertEqual(finished.count, 1)
    }

    /// RESULT's config must be its task's: one carrying another task's config is refused, changing nothing.
    func testAResultCarryingAnotherTasksConfigIsRefusedAndChangesNothing() throws {
        var s = scheduler(tasks: 2)
        join(alice, &s, credit: 2)
        _ = s.assign()
        _ = s.takeBatch()
        XCTAssertThrowsError(try s.complete(result(1, task: 1), from: alice)) { error in
            XCTAssertTrue("\(error)".contains("is not the config of task 1"), "\(error)")
        }
        XCTAssertEqual(s.doneCount, 0)
        XCTAssertTrue(s.takeBatch().transitions.isEmpty)
        XCTAssertEqual(try s.complete(result(0, task: 1), from: alice), .accepted)
        guard case .finishedAsReceived(1, let stored)? = s.takeBatch().transitions.first else { return XCTFail("task 1 not finished") }
        XCTAssertEqual(stored.taskKey, config(.noop, seed: 0).key)
        XCTAssertEqual(try CompactJSON.decode(TrainResult.self, from: Array(stored.json.utf8)).config, config(.noop, seed: 0))
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
        XCTAssertEqual(try s.complete(result(0, task: 99), from: alice), .unknown)
        XCTAssertEqual(s.fail(99, error: "x", from: alice), .unknown)
        XCTAssertEqual(s.queuedCount, 1)
        XCTAssertTrue(s.takeBatch().transitions.isEmpty)
    }

    /// A result over a connection without a session (e.g. sent before a coordinator restart) is
    /// stored under the `worker_id` it carries, not as `unknown worker`; one from a session without
    /// `worker_id` under the session's worker; only an older worker's sessionless one is unknown.
    func testAResultIsStoredUnderTheWorkerIdItCarries() throws {
        var s = scheduler(tasks: 3)
        join(alice, &s, credit: 3)
        _ = s.assign()
        _ = s.takeBatch()
        let stranger = Data("previous-socket".utf8)
        XCTAssertEqual(try s.complete(result(0, task: 1, worker: "node-7:42"), from: stranger), .accepted)
        XCTAssertEqual(try s.complete(result(1, task: 2), from: alice), .accepted)
        XCTAssertEqual(try s.complete(result(2, task: 3), from: stranger), .accepted)
        let workers = s.takeBatch().transitions.compactMap { transition -> String? in
            if case .finishedAsReceived(_, let stored) = transition { stored.worker } else { nil }
        }
        XCTAssertEqual(workers, ["node-7:42", "alice", "unknown worker"])
    }

    /// FAILED is looked up by task id but counts only from the connection its attempt was sent to;
    /// the error names the worker it carries.
    func testAFailureCountsOnlyFromTheConnectionRunningTheAttempt() {
        var s = scheduler(tasks: 1, maxAttempts: 3)
        join(alice, &s, credit: 1)
        _ = s.assign()
        _ = s.takeBatch()
        XCTAssertEqual(s.fail(1, error: "x", worker: "alice-old", from: Data("previous-socket".utf8)), .duplicate)
        XCTAssertTrue(s.takeBatch().transitions.isEmpty)
        XCTAssertEqual(s.fail(1, error: "boom", worker: "node-7:42", from: alice), .accepted)
        guard case .requeued(1, let error)? = s.takeBatch().transitions.last else { return XCTFail("task 1 not requeued") }
        XCTAssertTrue(error.contains("node-7:42") && error.contains("boom"), error)
    }

    /// After a restart, tasks the stopped coordinator left running wait for the worker that ran them:
    /// it reports what it finished before asking for work, so a finished task is not dispatched
    /// again; a worker that never comes back holds nothing up beyond the deadline.
    func testRecoveredTasksWaitForTheirWorkerOrTheDeadline() throws {
        let sweep = SweepRecord(name: "s", specText: "", objectives: [], settings: RunSettings(), maxAttempts: 3)
        var s = TaskScheduler()
        s.awaitRecovered([1: "alice", 2: "carol"], until: 10)
        s.enqueue((0..<3).map { seed in queued(id: Int64(seed + 1), config(.noop, seed: seed)) }, sweeps: [sweep])
        join(bob, &s, credit: 3)
        XCTAssertEqual(s.assign().map(\.taskID), [3], "recovered tasks are held back")
        XCTAssertEqual(s.queuedCount, 2)

        let alice = Data("alice".utf8)
        let record = WorkerRecord(id: "alice", host: "h", pid: 1, cores: 1, slots: 1, firstSeen: Date(), lastSeen: Date())
        s.join(alice, as: record, now: 1)
        XCTAssertEqual(try s.complete(result(0, task: 1, worker: "alice"), from: alice), .accepted, "sent again on reconnecting")
        s.grant(1, to: alice)
        XCTAssertEqual(s.assign().map(\.taskID), [], "task 1 finished; carol's task 2 still waits")
        s.releaseRecovered(now: 9)
        XCTAssertEqual(s.assign().map(\.taskID), [])
        s.releaseRecovered(now: 10)
        XCTAssertEqual(s.assign().map(\.taskID), [2], "released at the deadline")
        XCTAssertEqual(s.queuedCount, 0)
    }
}
