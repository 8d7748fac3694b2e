import Foundation
import GRDB
import PhysweepJSON
import PhysweepTraining
import XCTest
@testable import PhysweepSweep

final class StoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var path: String { directory.appendingPathComponent("store.sqlite").path }

    private func sweep(maxAttempts: Int = 2) -> SweepRecord {
        SweepRecord(name: "s", specText: "name: s\n", objectives: [ParetoObjective(.testMSE)], settings: RunSettings(),
                    maxAttempts: maxAttempts)
    }

    private func noopTasks(_ count: Int) -> [SweepTask] {
        (0..<count).map { seed in
            var config = TrainConfig.defaults(system: .noop)
            config.seed = UInt64(seed)
            return SweepTask(key: config.key, config: config)
        }
    }

    private func record(for task: StoredTask, worker: String) throws -> ResultRecord {
        ResultRecord(sweep: task.sweep, taskKey: task.key, attempt: 1, worker: worker, result: try Trainer.run(task.config))
    }

    func testTasksLeftRunningAreRequeuedOnRecoveryAndTheirAttemptCounts() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(maxAttempts: 2), tasks: noopTasks(3))
        let tasks = try store.tasks(of: "s")
        var batch = StoreBatch()
        batch.transitions = [.started(taskID: tasks[0].id, attempt: 1, worker: "w1"),
                             .started(taskID: tasks[1].id, attempt: 2, worker: "w1")]
        try store.commit(batch)

        let reopened = try SweepStore(path: path)
        let recovery = try reopened.recoverInterruptedTasks()
        XCTAssertEqual(recovery, SweepStore.Recovery(requeued: 1, quarantined: 1, interrupted: [tasks[0].id: "w1"]))
        let after = try reopened.tasks(of: "s")
        XCTAssertEqual(after.map(\.state), [.queued, .failed, .queued])
        XCTAssertEqual(after.map(\.attempts), [1, 2, 0])
        XCTAssertTrue(after[1].lastError?.contains("interrupted") ?? false, after[1].lastError ?? "no error")
        XCTAssertEqual(try reopened.queuedTasks().map(\.id), [tasks[0].id, tasks[2].id])
    }

    func testASecondResultForTheSameTaskIsIgnored() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(), tasks: noopTasks(1))
        let task = try store.tasks(of: "s")[0]
        var first = StoreBatch()
        first.transitions = [.finished(taskID: task.id, record: try record(for: task, worker: "w1"))]
        try store.commit(first)
        var second = StoreBatch()
        second.transitions = [.finished(taskID: task.id, record: try record(for: task, worker: "w2"))]
        try store.commit(second)

        let results = try store.results(of: "s")
        XCTAssertEqual(results.count, 1)
        XCTAssertEqual(results.first?.worker, "w1")
        XCTAssertEqual(try store.stateCounts(of: "s"), [.done: 1])
    }

    func testResultsAreStoredAsReceivedAndCarryWhenTheyWereStored() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(), tasks: noopTasks(1))
        let task = try store.tasks(of: "s")[0]
        let record = try record(for: task, worker: "w1")
        // As another worker might send it: a key this build does not know, spaces.
        let json = #"{ "from_a_newer_worker": [1, 2],"# + String(decoding: try CompactJSON.encode(record.result), as: UTF8.self).dropFirst()
        var batch = StoreBatch()
        batch.transitions = [.finished(taskID: task.id, record: record, resultJSON: json)]
        let before = Date()
        try store.commit(batch)
        let after = Date()

        let stored = try XCTUnwrap(try store.results(of: "s").first)
        XCTAssertEqual(stored.result, record.result)
        let finishedAt = try XCTUnwrap(stored.finishedAt)
        XCTAssertTrue(finishedAt >= before.addingTimeInterval(-0.001) && finishedAt <= after.addingTimeInterval(0.001),
                      "\(finishedAt) not within the commit")
    }

    func testATaskReturnedWithoutRunningGetsItsAttemptBack() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(), tasks: noopTasks(1))
        let id = try store.tasks(of: "s")[0].id
        var batch = StoreBatch()
        batch.transitions = [.started(taskID: id, attempt: 1, worker: "w1"), .returned(taskID: id, attempts: 0)]
        try store.commit(batch)
        let task = try store.tasks(of: "s")[0]
        XCTAssertEqual(task.state, .queued)
        XCTAssertEqual(task.attempts, 0)
        XCTAssertNil(task.worker)
    }

    func testMetricsGetTheirOwnColumns() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(), tasks: noopTasks(1))
        let task = try store.tasks(of: "s")[0]
        var batch = StoreBatch()
        batch.transitions = [.finished(taskID: task.id, record: try record(for: task, worker: "w1"))]
        try store.commit(batch)
        let params = try store.queue.read { db in try Double.fetchOne(db, sql: "SELECT params FROM results") }
        XCTAssertEqual(params, 0)
    }

    /// The system of a stored config is read from its first `system` member, whatever surrounds it.
    func testSystemIsReadFromTheStoredConfigJSON() {
        let cases: [(String, String?)] = [
            (#"{"activation":"tanh","system":"burgers","width":3}"#, "burgers"),
            (#"{ "a" : [1, {"system": "x"}], "sys\u0074em" : "noop", "system": "sleep" }"#, "noop"),
            (#"{"system":7}"#, nil), (#"{"width":3}"#, nil), (#"["system"]"#, nil), (#"{"system""#, nil), ("", nil),
        ]
        for (json, system) in cases {
            XCTAssertEqual(SweepStore.system(inConfigJSON: Array(json.utf8)), system, json)
        }
    }

    /// What a coordinator loads and stores without decoding configs: the system and the canonical
    /// JSON of each queued task; a result kept as received, with its metric columns.
    func testQueuedTasksCarryTheirConfigJSONAndResultsAsReceivedGetTheirMetrics() throws {
        let store = try SweepStore(path: path)
        var sleeper = TrainConfig.defaults(system: .sleep)
        sleeper.sleepSeconds = 0.5
        try store.submit(sweep(), tasks: noopTasks(1) + [SweepTask(key: sleeper.key, config: sleeper)])
        let queued = try store.queuedTasks()
        XCTAssertEqual(queued.map(\.system), [.noop, .sleep])
        XCTAssertEqual(queued.map(\.configJSON), try store.tasks(of: "s").map { Array($0.config.canonicalJSON()) })

        let result = try Trainer.run(TrainConfig.defaults(system: .noop))
        let received = ResultAsReceived(sweep: "s", taskKey: queued[0].key, attempt: 1, worker: "w1", efficacy: result.efficacy,
                                        efficiency: result.efficiency, json: String(decoding: try CompactJSON.encode(result), as: UTF8.self))
        var batch = StoreBatch()
        batch.transitions = [.finishedAsReceived(taskID: queued[0].id, result: received)]
        try store.commit(batch)
        XCTAssertEqual(try store.results(of: "s").map(\.result), [result])
        XCTAssertEqual(try store.stateCounts(of: "s"), [.done: 1, .queued: 1])
        let testMSE = try store.queue.read { db in try Double.fetchOne(db, sql: "SELECT test_mse FROM results") }
        XCTAssertEqual(testMSE, result.efficacy?.testMSE)
    }

    func testResubmittingReusesResultsAndRetriesQuarantinedTasks() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(), tasks: noopTasks(3))
        let tasks = try store.tasks(of: "s")
        var batch = StoreBatch()
        batch.transitions = [.finished(taskID: tasks[0].id, record: try record(for: tasks[0], worker: "w1")),
                             .started(taskID: tasks[1].id, attempt: 2, worker: "w1"),
                             .quarantined(taskID: tasks[1].id, error: "boom"),
                             .started(taskID: tasks[2].id, attempt: 1, worker: "w1")]
        try store.commit(batch)

        let again = try store.submit(sweep(), tasks: noopTasks(3))
        XCTAssertEqual(again, SweepStore.Submission(total: 3, reused: 1, queued: 2))
        let retried = try XCTUnwrap(try store.tasks(of: "s").first { $0.key == tasks[1].key })
        XCTAssertEqual(retried.state, .queued)
        XCTAssertEqual(retried.attempts, 0)
        XCTAssertGreaterThan(retried.id, tasks[2].id, "a running coordinator finds retried tasks above its last id")
        XCTAssertEqual(try store.results(of: "s").count, 1)
    }

    /// A big sweep goes in short transactions (the sweep's row, then slices of tasks), so that a
    /// coordinator writing to the same file waits for one slice, not for the whole sweep; a
    /// submission cut short is completed by submitting the same tasks again.
    func testABigSweepIsStoredInSlicesAndACutShortSubmissionIsCompletedByResubmitting() throws {
        let store = try SweepStore(path: path)
        let commits = CommitCounter()
        store.queue.add(transactionObserver: commits, extent: .databaseLifetime)
        let tasks = noopTasks(2 * SweepStore.submitSliceSize + 1)
        try store.submit(sweep(), tasks: Array(tasks.prefix(SweepStore.submitSliceSize + 7)))
        XCTAssertEqual(commits.count, 1 + 2, "the sweep's row, then two slices of tasks")
        XCTAssertEqual(try store.stateCounts(of: "s"), [.queued: SweepStore.submitSliceSize + 7])

        let completed = try store.submit(sweep(), tasks: tasks)
        XCTAssertEqual(completed, SweepStore.Submission(total: tasks.count, reused: 0, queued: tasks.count))
        XCTAssertEqual(Set(try store.tasks(of: "s").map(\.key)), Set(tasks.map(\.key)))
    }

    func testRerunDiscardsResultsButNotWhileTasksAreUnfinished() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(), tasks: noopTasks(2))
        XCTAssertThrowsError(try store.submit(sweep(), tasks: noopTasks(2), rerun: true)) { error in
            XCTAssertEqual(error as? StoreError, .sweepInProgress(name: "s", unfinished: 2))
        }
        var batch = StoreBatch()
        batch.transitions = try store.tasks(of: "s").map { .finished(taskID: $0.id, record: try record(for: $0, worker: "w")) }
        try store.commit(batch)

        let rerun = try store.submit(sweep(), tasks: noopTasks(2), rerun: true)
        XCTAssertEqual(rerun, SweepStore.Submission(total: 2, reused: 0, queued: 2))
        XCTAssertEqual(try store.results(of: "s").count, 0)
    }

    func testTaskIdsAreNeverReusedSoACoordinatorSeesEveryResubmission() throws {
        let store = try SweepStore(path: path)
        try store.submit(sweep(), tasks: noopTasks(2))
        let before = try store.tasks(of: "s").map(\.id).max()!
        var batch = StoreBatch()
        batch.transitions = try store.tasks(of: "s").map { .finished(taskID: $0.id, record: try record(for: $0, worker: "w")) }
        try store.commit(batch)
        try store.submit(sweep(), tasks: noopTasks(2), rerun: true)
        XCTAssertEqual(try store.queuedTasks(after: before).count, 2)
    }

    func testReadersOpenReadOnlyAndMissingFilesAreReported() throws {
        XCTAssertThrowsError(try SweepStore(path: path, access: .readOnly)) { error in
            XCTAssertEqual(error as? StoreError, .missingDatabase(path: path))
        }
        let writer = try SweepStore(path: path)
        try writer.submit(sweep(), tasks: noopTasks(2))
        let reader = try SweepStore(path: path, access: .readOnly)
        XCTAssertEqual(try reader.stateCounts(of: "s"), [.queued: 2])
        XCTAssertThrowsError(try reader.submit(sweep(), tasks: noopTasks(1)))
        XCTAssertThrowsError(try reader.sweep(named: "other")) { error in
            XCTAssertEqual(error as? StoreError, .unknownSweep(name: "other", known: ["s"]))
        }
    }
}

/// Counts the transactions committed on a connection.
private final class CommitCounter: TransactionObserver, @unchecked Sendable {
    // @unchecked: GRDB calls it on the connection's queue only; the test reads it after the writes.
    private(set) var count = 0
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { count += 1 }
    func databaseDidRollback(_ db: Database) {}
}
