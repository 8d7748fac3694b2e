import Foundation
import PhysweepSweep
import PhysweepTraining

/// The coordinator's bookkeeping, free of sockets and clocks: which task goes to which worker,
/// what happens when a worker fails or falls silent, and which state changes must be stored.
///
/// Every decision appends a `TaskTransition` to `batch`; the coordinator commits the batch before
/// it sends the assignments, so the store is never behind what the workers were told.
struct TaskScheduler {
    /// What became of a reported outcome.
    enum Outcome: Equatable {
        /// Recorded: the task is done (or requeued / quarantined after a failure).
        case accepted
        /// The task already has its outcome (a late or repeated report): nothing changes.
        case duplicate
        /// No such task is pending here (another store, or finished before this coordinator started).
        case unknown
    }

    private(set) var sweeps: [String: SweepRecord] = [:]
    /// Each sweep's run settings as JSON, for its TASK messages.
    private var settingsJSON: [String: [UInt8]] = [:]
    private var tasks: [Int64: PendingTask] = [:]
    /// Dispatch order (FIFO by submission, failures to the back), per system.
    private var queue = TaskQueue()
    /// Tasks finished (done or quarantined) by this coordinator, to tell a duplicate from an unknown id.
    private var finished: Set<Int64> = []
    private(set) var workers: [Data: WorkerSession] = [:]
    /// Rotates which worker is served first, so credit is used evenly.
    private var nextWorker = 0
    /// Dispatches so far: orders each worker's tasks.
    private var dispatches: UInt64 = 0
    /// Re-queued tasks a stopped coordinator left running, by the worker that ran them: kept out of
    /// dispatch until that worker asks for work again (it sends what it holds first, §4 of
    /// docs/protocol.md) or `recoveryDeadline` passes, so a finished task is not run again.
    private var recovered: [Int64: String] = [:]
    private var recoveryDeadline = Double.infinity
    /// Store changes not yet committed.
    private(set) var batch = StoreBatch()
    /// Highest task id ever enqueued: new submissions are those above it.
    private(set) var highestTaskID: Int64 = 0
    private(set) var doneCount = 0
    private(set) var quarantinedCount = 0

    /// Tasks waiting for a worker.
    private(set) var queuedCount = 0
    /// Tasks on at least one worker.
    var runningCount: Int { tasks.count - queuedCount }
    /// Nothing queued and nothing running.
    var isIdle: Bool { tasks.isEmpty }

    /// Adds queued tasks from the store (ids already known are ignored).
    mutating func enqueue(_ stored: [QueuedTask], sweeps known: [SweepRecord]) {
        for sweep in known where sweeps[sweep.name] != sweep {
            sweeps[sweep.name] = sweep
            settingsJSON[sweep.name] = Array(WireJSON.encode(sweep.settings))
        }
        highestTaskID = max(highestTaskID, stored.map(\.id).max() ?? 0)
        for task in stored where tasks[task.id] == nil && !finished.contains(task.id) && sweeps[task.sweep] != nil {
            var pending = PendingTask(id: task.id, sweep: task.sweep, key: task.key, system: task.system,
                                      configJSON: task.configJSON, attempts: task.attempts, isQueued: true)
            pending.gpus = sweeps[task.sweep]?.settings.command?.gpus ?? 0
            tasks[task.id] = pending
            if recovered[task.id] == nil { queue.append(task.id, system: task.system, gpus: pending.gpus) }
            queuedCount += 1
        }
    }

    /// Holds back the re-queued tasks of a coordinator's recovery (task id → worker of the interrupted
    /// attempt) until their worker asks for work or until `deadline` (monotonic seconds).
    mutating func awaitRecovered(_ interrupted: [Int64: String], until deadline: Double) {
        recovered.merge(interrupted) { _, new in new }
        recoveryDeadline = deadline
    }

    /// Releases recovered tasks to dispatch: those of `worker`, or all once the deadline has passed.
    mutating func releaseRecovered(of worker: String? = nil, now: Double = -.infinity) {
        guard !recovered.isEmpty else { return }
        let all = now >= recoveryDeadline
        for (taskID, ranOn) in recovered where all || ranOn == worker {
            recovered[taskID] = nil
            // Not loaded yet: it joins the queue when it is. Finished meanwhile: nothing to do.
            if let task = tasks[taskID], task.isQueued { queue.append(taskID, system: task.system, gpus: task.gpus) }
        }
    }

    /// A worker said hello; it is sent only tasks of `systems` (its capabilities). A known identity
    /// saying hello again has restarted: what it ran is lost.
    /// `gpusPerSlot`: GPUs each of its slots has (HELLO's `gpus_per_slot`); it gets no task that needs more.
    mutating func join(_ identity: Data, as record: WorkerRecord, systems: Set<SystemKind> = Set(SystemKind.allCases),
                       gpusPerSlot: Int = 0, now: Double) {
        if workers[identity] != nil { remove(identity, reason: "worker \(record.id) restarted") }
        workers[identity] = WorkerSession(identity: identity, record: record, systems: systems, credit: 0,
                                          lastHeard: now, lastSent: now)
        workers[identity]!.gpusPerSlot = gpusPerSlot
        batch.workers.append(record)
    }

    /// Any message from a worker proves it alive. Returns false for an identity that never said hello.
    @discardableResult
    mutating func heard(from identity: Data, now: Double) -> Bool {
        guard workers[identity] != nil else { return false }
        workers[identity]!.lastHeard = now
        return true
    }

    /// The worker can take `credit` more tasks.
    mutating func grant(_ credit: Int, to identity: Data) {
        guard workers[identity] != nil, credit > 0 else { return }
        workers[identity]!.credit += credit
        // The worker sent what it holds before asking: its recovered tasks without an outcome did not finish.
        releaseRecovered(of: workers[identity]!.record.id)
    }

    /// Records that the coordinator sent something to a worker (resets its heartbeat timer).
    mutating func sent(to identity: Data, now: Double) {
        workers[identity]?.lastSent = now
    }

    /// A result arrived, to be stored as received. Accepted once, from any worker, even one presumed
    /// dead: the store keeps exactly one result per task. Throws, changing nothing, if its config
    /// is not its task's or not a config at all (`ResultReceipt.checkConfig`).
    mutating func complete(_ receipt: ResultReceipt, from identity: Data) throws(ProtocolError) -> Outcome {
        let taskID = receipt.taskID
        try receipt.checkConfig(against: tasks[taskID].map { (key: $0.key, json: $0.configJSON) })
        workers[identity]?.running[taskID] = nil
        guard let task = tasks[taskID] else { return finished.contains(taskID) ? .duplicate : .unknown }
        let worker = Self.workerName(receipt.workerID, identity: identity, in: workers)
        let result = ResultAsReceived(sweep: task.sweep, taskKey: task.key, attempt: receipt.attempt, worker: worker,
                                      efficacy: receipt.efficacy, efficiency: receipt.efficiency,
                                      json: String(decoding: receipt.resultJSON, as: UTF8.self))
        batch.transitions.append(.finishedAsReceived(taskID: taskID, result: result))
        finish(task)
        doneCount += 1
        return .accepted
    }

    /// A worker reports that a task failed; the attempt counts only if `identity` runs it (the
    /// routing id the attempt was sent to); from anyone else it is a duplicate. `worker`: the
    /// FAILED's `worker_id`, for the error text.
    mutating func fail(_ taskID: Int64, error: String, worker: String? = nil, from identity: Data) -> Outcome {
        workers[identity]?.running[taskID] = nil
        guard var task = tasks[taskID] else { return finished.contains(taskID) ? .duplicate : .unknown }
        // A failure from a worker not running it (presumed dead, already counted) changes nothing.
        guard task.runningOn.remove(identity) != nil else { return .duplicate }
        tasks[taskID] = task
        let name = Self.workerName(worker, identity: identity, in: workers)
        attemptEnded(taskID, error: "attempt \(task.attempts) failed on \(name): \(error)")
        return .accepted
    }

    /// The coordinator was away (a slow store, a stopped process, a long turn): the workers it has
    /// sent nothing for longer than `timeout` may rightly give up on it; marks them `neglectedAt`.
    mutating func noticeOwnStall(now: Double, timeout: Double) {
        for session in workers.values where now - session.lastSent > timeout {
            workers[session.identity]?.neglectedAt = now
        }
    }

    /// Workers silent for longer than `timeout` are dead: their tasks go back to the queue (or to
    /// quarantine after their last attempt). Returns the dead workers.
    ///
    /// A worker that fell silent within `timeout` of the coordinator leaving it without a message
    /// for longer than `timeout` (see `noticeOwnStall`; what it sent before giving up may still be
    /// read just after) gave up on the coordinator rather than died: the coordinator's own stall is
    /// never charged to it, so its tasks go back with their attempts. One heard from later is to blame.
    mutating func expireSilentWorkers(now: Double, timeout: Double) -> [WorkerRecord] {
        let dead = workers.values.filter { now - $0.lastHeard > timeout }
        for session in dead {
            let silence = String(format: "%.1f", now - session.lastHeard)
            if let neglectedAt = session.neglectedAt, session.lastHeard <= neglectedAt + timeout {
                remove(session.identity, reason: "worker \(session.record.id) went silent for \(silence) s after the coordinator itself had stalled",
                       charged: false)
            } else {
                remove(session.identity, reason: "worker \(session.record.id) went silent for \(silence) s")
            }
        }
        return dead.map(\.record)
    }

    /// A worker left (BYE) or is presumed dead: what it may have been running counts as a failed attempt.
    ///
    /// A worker starts its tasks in the order it received them, `slots` at a time, so only its
    /// `slots` oldest unfinished tasks can have started (or finished with the result lost); those
    /// attempts count. Tasks queued behind them (prefetched) never ran: their attempt is given back,
    /// so a worker killed by a poison task does not use up the attempts of innocent tasks it held.
    /// Not `charged` (the coordinator's fault), every task it held gets its attempt back.
    /// At most `maxAttempts` times per task, so that no task can go round for ever.
    mutating func remove(_ identity: Data, reason: String, charged: Bool = true) {
        guard let session = workers.removeValue(forKey: identity) else { return }
        let held = session.running.sorted { $0.value < $1.value }.map(\.key)
        for (position, taskID) in held.enumerated() {
            guard var task = tasks[taskID], task.runningOn.remove(identity) != nil else { continue }
            let maxAttempts = sweeps[task.sweep]?.maxAttempts ?? 1
            if (position >= session.record.slots || !charged) && task.runningOn.isEmpty && task.refunds < maxAttempts {
                task.refunds += 1
                task.attempts -= 1
                task.isQueued = true
                tasks[taskID] = task
                queue.append(taskID, system: task.system, gpus: task.gpus)
                queuedCount += 1
                batch.transitions.append(.returned(taskID: taskID, attempts: task.attempts))
            } else {
                tasks[taskID] = task
                attemptEnded(taskID, error: "attempt \(task.attempts) lost: \(reason)")
            }
        }
    }

    /// Hands queued tasks to workers with credit, round-robin, counting each dispatch as an attempt.
    /// A worker gets only tasks of the systems it runs; one with nothing it can run drops out of the turn.
    mutating func assign() -> [Assignment] {
        var assignments: [Assignment] = []
        var hungry = workers.values.filter { $0.credit > 0 }.map(\.identity).sorted { $0.lexicographicallyPrecedes($1) }
        guard !hungry.isEmpty else { return [] }
        var turn = nextWorker % hungry.count
        while !hungry.isEmpty {
            let identity = hungry[turn]
            guard let taskID = queue.popFirst(of: workers[identity]!.systems, gpus: workers[identity]!.gpusPerSlot, where: { tasks[$0]?.isQueued == true }) else {
                hungry.remove(at: turn)
                if turn == hungry.count { turn = 0 }
                continue
            }
            var task = tasks[taskID]!
            task.attempts += 1
            task.isQueued = false
            queuedCount -= 1
            task.runningOn.insert(identity)
            tasks[taskID] = task
            workers[identity]!.credit -= 1
            dispatches += 1
            workers[identity]!.running[taskID] = dispatches
            batch.transitions.append(.started(taskID: taskID, attempt: task.attempts, worker: workers[identity]!.record.id))
            assignments.append(Assignment(worker: identity, taskID: taskID, sweep: task.sweep, key: task.key,
                                          attempt: task.attempts, configJSON: task.configJSON,
                                          settingsJSON: settingsJSON[task.sweep]!,
                                          startsAtOnce: workers[identity]!.running.count <= workers[identity]!.record.slots,
                                          dispatch: dispatches))
            if workers[identity]!.credit == 0 {
                hungry.remove(at: turn)
                if turn == hungry.count { turn = 0 }
            } else {
                turn = (turn + 1) % hungry.count
            }
        }
        nextWorker += 1
        return assignments
    }

    /// Whether `assignment` is still the worker's to run: false once the worker left or was
    /// presumed dead (its tasks went back to the queue) before the assignment was sent.
    func isCurrent(_ assignment: Assignment) -> Bool {
        workers[assignment.worker]?.running[assignment.taskID] == assignment.dispatch
    }

    /// Hands over the store changes made since the last call.
    mutating func takeBatch() -> StoreBatch {
        defer { batch = StoreBatch() }
        return batch
    }

    /// An attempt ended without a result: retry while attempts are left, else quarantine.
    private mutating func attemptEnded(_ taskID: Int64, error: String) {
        guard var task = tasks[taskID], task.runningOn.isEmpty, !task.isQueued else { return }
        let maxAttempts = sweeps[task.sweep]?.maxAttempts ?? 1
        if task.attempts >= maxAttempts {
            batch.transitions.append(.quarantined(taskID: taskID, error: error))
            finish(task)
            quarantinedCount += 1
        } else {
            task.isQueued = true
            tasks[taskID] = task
            queue.append(taskID, system: task.system, gpus: task.gpus)
            queuedCount += 1
            batch.transitions.append(.requeued(taskID: taskID, error: error))
        }
    }

    /// Who ran a reported outcome: the `worker_id` it carries, else the worker id of the session it
    /// came over, else (an older worker's report over a connection without a session) `unknown worker`.
    private static func workerName(_ carried: String?, identity: Data, in workers: [Data: WorkerSession]) -> String {
        carried ?? workers[identity]?.record.id ?? "unknown worker"
    }

    private mutating func finish(_ task: PendingTask) {
        tasks[task.id] = nil
        if task.isQueued { queuedCount -= 1 }
        finished.insert(task.id)
        for identity in task.runningOn { workers[identity]?.running[task.id] = nil }
    }
}
