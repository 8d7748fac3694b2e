import Foundation
import Logging
import PhysweepSweep
import PhysweepTraining
import PhysweepZMQ

/// Serves the store's queued tasks to workers over a ZeroMQ ROUTER socket and records what
/// comes back (zguide: ROUTER to DEALER, credit-based flow, Paranoid Pirate heartbeats). The
/// serving loop runs on the thread that created it: it owns the socket.
///
///     ┌─► load the next page (≤ 5,000) of queued tasks (when due, or a submission was stored)
///     │   poll ROUTER + submission wake-up (≤ min(100 ms, interval/4), or the due group commit)
///     │   away longer than a turn takes? note the workers left without a message past the timeout
///     │   drain: read every waiting message (≤ 10,000): HELLO → WELCOME, CREDIT, RESULT, FAILED…;
///     │          SUBMIT → SubmissionThread (decode, validate, expand, store: never on this loop)
///     │   take the submission thread's answers: SUBMITTED / REJECTED to their clients
///     │   liveness, only after a drain that emptied the socket: silent workers' tasks go back
///     │          (with their attempts when the coordinator's own stall made the worker give up)
///     │   assign tasks to credit ─► commit (grouped) ─► send the TASKs
///     │   heartbeats to every worker sent nothing for `interval`; progress callback
///     └── until idle (with `stopWhenIdle`, and no submission in hand)
///
/// Each turn of the loop reads every message waiting and lets the `TaskScheduler` decide; the
/// decisions are committed in one transaction, and only then are tasks sent. So the store is never
/// behind what a worker was told, and results that arrived together become durable together.
/// Commits are grouped (`CoordinatorOptions.commitInterval`) while every worker has prefetched
/// work in hand, so that thousands of sub-millisecond tasks a second do not cost a transaction each.
/// No turn does work that grows with what a peer sends: submissions go to the `SubmissionThread`.
public final class Coordinator {
    /// The endpoint actually bound (with the port chosen, for `tcp://host:*`).
    public let endpoint: String
    /// What opening the store found left over from a coordinator that stopped mid-sweep.
    public let recovery: SweepStore.Recovery
    private let store: SweepStore
    private let options: CoordinatorOptions
    private let logger: Logger
    private let context: ZMQContext
    private let router: ZMQSocket
    private let name = "\(ProcessInfo.processInfo.hostName):\(getpid())"
    private var scheduler = TaskScheduler()
    private var counters = CoordinatorCounters()
    /// Outcomes already stored when a sweep was first seen (reused results, earlier quarantines),
    /// and its tasks still to run then (loaded a page at a time).
    private var storedDone = 0, storedFailed = 0, storedPending = 0
    private var knownSweeps: Set<String> = []
    private var loadedTasks = 0
    /// A SUBMIT stored tasks this turn: load them without waiting for the next poll.
    private var submissionArrived = false
    private let startedAt = MonotonicClock.now()
    private let lock: CoordinatorLock
    /// Parses and stores submissions off the serving loop; wakes it through `submissionWake`.
    private let submissions: SubmissionThread
    private let submissionWake: ZMQSocket
    /// SUBMITs answered REJECTED unread (too big, or too many in hand), for the log.
    private var refusedUnread = 0
    /// Called when the spec given at start is stored (`submitAtStart`).
    private var storedAtStart: ((String, SweepStore.Submission) -> Void)?
    /// Outcomes to acknowledge (ACK) once the commit that makes them durable is done, by peer.
    private var unacknowledged: [Data: [WireMessage.Acknowledgement.Outcome]] = [:]
    /// Peers already told (once) that they speak another version; bounded, forgotten when full.
    private var toldOtherVersion: Set<Data> = []
    /// With CURVE: decides who connects (on the ZAP handler's thread) and which keys are still allowed.
    private let authenticator: CurveAuthenticator?
    private let zap: ZAPHandler?
    /// The allowed keys' user ids as of `authenticator` generation `keysGeneration`.
    private var allowedUserIDs: Set<String> = []
    private var keysGeneration = -1

    /// Opens the socket and re-queues whatever a previous coordinator left running. Throws
    /// `CoordinatorError.storeInUse` if another coordinator serves the same file.
    public init(store: SweepStore, options: CoordinatorOptions, logger: Logger) throws {
        self.store = store
        self.options = options
        self.logger = logger
        lock = try CoordinatorLock(path: store.path)
        recovery = try store.recoverInterruptedTasks()
        if recovery.requeued + recovery.quarantined > 0 {
            logger.notice("recovered tasks left running by a stopped coordinator: \(recovery.requeued) re-queued, \(recovery.quarantined) quarantined")
        }
        if !recovery.interrupted.isEmpty {
            // Their workers notice the silence, back off and reconnect, sending what they hold first.
            let grace = Double(options.heartbeat.timeoutMilliseconds + ReconnectBackoff().maximumMilliseconds) / 1000 + 1
            scheduler.awaitRecovered(recovery.interrupted, until: startedAt + grace)
            logger.notice("the \(recovery.interrupted.count) re-queued task(s) wait for their workers to report back (at most \(grace) s)")
        }
        context = try ZMQContext()
        if let security = options.security {
            guard ZMQCurveKeyPair.isAvailable else { throw CoordinatorError.curveUnavailable }
            let authenticator = try CurveAuthenticator(allowedKeys: security.allowedKeys, rescanInterval: security.rescanInterval,
                                                       logger: logger)
            // Bound before the ROUTER is: without a handler, libzmq would let every key in.
            zap = try ZAPHandler(context: context, housekeeping: authenticator.housekeeping, authorize: authenticator.authorize)
            self.authenticator = authenticator
        } else {
            guard options.insecure || BindScope.isLocalOnly(options.bind) else { throw CoordinatorError.insecureBind(endpoint: options.bind) }
            authenticator = nil
            zap = nil
        }
        router = try context.socket(.router, options: [
            .linger(milliseconds: 0),
            // A garbage peer cannot make the coordinator allocate without bound.
            .maxMessageSize(bytes: 64 << 20),
            .receiveHighWaterMark(0), .sendHighWaterMark(0),
        ] + (options.security?.socketOptions ?? []))
        try router.bind(options.bind)
        endpoint = try router.lastEndpoint()
        let wakeEndpoint = "inproc://physweep-submissions-\(UUID().uuidString)"
        submissionWake = try context.socket(.pull, options: [.linger(milliseconds: 0)])
        try submissionWake.bind(wakeEndpoint)
        submissions = SubmissionThread(store: store, servedSweep: options.sweep, context: context, wakeEndpoint: wakeEndpoint)
    }

    deinit {
        submissions.stop()
        zap?.stop()
    }

    /// Reads the allowed keys again at once (on SIGHUP) instead of at the next check for changed
    /// files; callable from any thread.
    public var reloadKeys: @Sendable () -> Void {
        { [authenticator] in authenticator?.requestReload() }
    }

    /// Stores `spec`'s tasks (after discarding the sweep's stored tasks and results, with
    /// `discardStored`) on the submission thread while `run` already serves, so that workers are
    /// welcomed at once however big the sweep. `stored` is called on `run`'s thread once it is
    /// stored; if it cannot be, `run` throws. `run` with `stopWhenIdle` waits for it.
    public func submitAtStart(_ spec: SweepSpec, discardStored: Bool,
                              stored: @escaping (_ sweep: String, SweepStore.Submission) -> Void) {
        storedAtStart = stored
        submissions.post(atStart: spec, discardStored: discardStored)
    }

    /// What a finished `run` did.
    public struct Summary: Hashable, Sendable {
        /// Results stored by this run.
        public var done: Int
        /// Tasks quarantined by this run.
        public var quarantined: Int
        /// Messages dropped as malformed, of another version, or unexpected.
        public var droppedMessages: Int
        public var final: SweepProgress
    }

    /// Serves until every task is done or quarantined (with `stopWhenIdle`), or forever.
    /// `progress` is called about ten times a second from this thread.
    public func run(progress: ((SweepProgress) -> Void)? = nil) throws -> Summary {
        let interval = Double(options.heartbeat.intervalMilliseconds) / 1000
        let timeout = Double(options.heartbeat.timeoutMilliseconds) / 1000
        var nextSubmissionPoll = 0.0, nextProgress = 0.0, nextWorkerRefresh = 0.0
        var poller = ZMQPoller()
        poller.add(router)
        poller.add(submissionWake)
        defer { submissions.stop() }
        /// Assignments decided but not sent: they wait for the commit of their `started` transition.
        var unsent: [Assignment] = []
        var lastCommit = -Double.infinity
        /// When the loop last sent the heartbeats due: a longer gap than usual is the coordinator's own stall.
        var lastHeartbeats = MonotonicClock.now()
        while true {
            var now = MonotonicClock.now()
            if now >= nextSubmissionPoll || submissionArrived {
                submissionArrived = false
                // A full page means more are waiting: take the next one on the next turn, so that
                // a big sweep is loaded while the first tasks already run.
                let more = try loadSubmissions()
                nextSubmissionPoll = more ? now : now + options.submissionPollInterval
            }
            if options.stopWhenIdle && scheduler.isIdle && now < nextSubmissionPoll && !submissions.isBusy { break }
            var wait = max(1, min(100, options.heartbeat.intervalMilliseconds / 4))
            if !unsent.isEmpty || !scheduler.batch.isEmpty || !unacknowledged.isEmpty {
                // Wake for the group commit that is due, if no message comes first.
                wait = min(wait, max(0, Int(((lastCommit + options.commitInterval - now) * 1000).rounded(.up))))
            }
            let polled = try poller.poll(timeoutMilliseconds: wait)
            now = MonotonicClock.now()
            let turnStart = now
            // Away between turns for longer than a turn takes: before anything is sent or judged,
            // note the workers the loop has left without a message past the timeout.
            if now - lastHeartbeats > interval / 2 { scheduler.noticeOwnStall(now: now, timeout: timeout) }
            if let update = authenticator?.allowedUserIDs(after: keysGeneration) {
                (keysGeneration, allowedUserIDs) = update
            }
            var handled = 0, drained = false
            while handled < 10_000 {
                let incoming = try receive(now: now)
                if case .drained = incoming {
                    drained = true
                    break
                }
                if case .message(let frames) = incoming { handle(frames, now: now) }
                handled += 1
            }
            if polled.isReadable(submissionWake) { try takeSubmissionAnswers(now: now) }
            // Judged only once everything the workers sent is read: a heartbeat still waiting in the
            // socket proves a worker alive as much as one already read.
            if drained {
                for dead in scheduler.expireSilentWorkers(now: now, timeout: timeout) {
                    logger.warning("worker \(dead.id) silent for more than \(timeout) s: presumed dead, its tasks re-queued")
                }
            }
            scheduler.releaseRecovered(now: now)
            let assignments = scheduler.assign()
            unsent += assignments
            // An idle sweep commits at once (its last results), so does a turn serving a free slot.
            if scheduler.isIdle || assignments.contains(where: \.startsAtOnce) || now - lastCommit >= options.commitInterval {
                var batch = scheduler.takeBatch()
                batch.counters = counters.takeChanges()
                if now >= nextWorkerRefresh {
                    batch.workers += scheduler.workers.values.map { session in
                        var record = session.record
                        record.lastSeen = Date(timeIntervalSinceNow: session.lastHeard - now)
                        return record
                    }
                    nextWorkerRefresh = now + 5
                }
                try store.commit(batch)
                lastCommit = now
                // A worker that left since its tasks were decided has had them taken back.
                for assignment in unsent where scheduler.isCurrent(assignment) { send(assignment, now: now) }
                unsent.removeAll(keepingCapacity: true)
                // Durable now: the workers may forget these outcomes.
                for (identity, outcomes) in unacknowledged { send(.ack(.init(outcomes: outcomes)), to: identity, now: now) }
                unacknowledged.removeAll()
            }
            // The commit may have waited for the store: heartbeats go by the clock, not the turn's start.
            now = MonotonicClock.now()
            if now - turnStart > interval / 2 { scheduler.noticeOwnStall(now: now, timeout: timeout) }
            for session in scheduler.workers.values where now - session.lastSent >= interval {
                send(.heartbeat, to: session.identity, now: now)
            }
            lastHeartbeats = now
            if let progress, now >= nextProgress {
                progress(snapshot(now: now))
                nextProgress = now + 0.1
            }
        }
        for session in scheduler.workers.values {
            send(.bye(.init(reason: "every task is done or quarantined")), to: session.identity, now: MonotonicClock.now())
        }
        // Give the BYEs a moment to leave before the socket closes.
        router.close(linger: 500)
        zap?.stop()
        let final = snapshot(now: MonotonicClock.now())
        return Summary(done: scheduler.doneCount, quarantined: scheduler.quarantinedCount,
                       droppedMessages: counters.dropped, final: final)
    }

    /// Tasks loaded from the store per turn: bounds the memory and the pause of loading a big sweep.
    private static let pageSize = 5000

    /// Loads the next page of queued tasks; returns whether the page was full (more may be waiting).
    private func loadSubmissions() throws -> Bool {
        let sweeps = try store.sweeps()
        let tasks = try store.queuedTasks(after: scheduler.highestTaskID, sweep: options.sweep, limit: Self.pageSize)
        let served = Set(tasks.map(\.sweep)).union(options.sweep.map { [$0] } ?? [])
        for sweep in served.subtracting(knownSweeps) {
            knownSweeps.insert(sweep)
            let counts = try store.stateCounts(of: sweep)
            storedDone += counts[.done] ?? 0
            storedFailed += counts[.failed] ?? 0
            storedPending += (counts[.queued] ?? 0) + (counts[.running] ?? 0)
        }
        let before = scheduler.queuedCount + scheduler.runningCount
        scheduler.enqueue(tasks, sweeps: sweeps)
        let added = scheduler.queuedCount + scheduler.runningCount - before
        loadedTasks += added
        if added > 0 { logger.info("serving \(added) more queued task(s)") }
        return tasks.count == Self.pageSize
    }

    /// What `receive` found on the ROUTER.
    private enum Incoming {
        /// Nothing waiting: the socket is drained.
        case drained
        case message([Data])
        /// A message dropped because its connection's CURVE key was revoked after it was let in.
        case revoked
    }

    /// The next waiting message. With CURVE, one from a connection whose key is no longer allowed is
    /// dropped, and its worker's session ends (tasks re-queued, attempt not charged).
    private func receive(now: Double) throws -> Incoming {
        guard let authenticator else { return try router.tryReceive().map(Incoming.message) ?? .drained }
        guard let (frames, userID) = try router.tryReceive(property: "User-Id") else { return .drained }
        if let userID, allowedUserIDs.contains(userID) { return .message(frames) }
        authenticator.noteCutOff(userID: userID ?? "")
        counters.increment(.droppedRevokedKey)
        if let identity = frames.first, scheduler.workers[identity] != nil {
            scheduler.remove(identity, reason: "its key was revoked", charged: false)
        }
        return .revoked
    }

    private func handle(_ frames: [Data], now: Double) {
        let identity: Data, message: WorkerMessage
        do {
            (identity, message) = try WorkerMessage.decode(frames)
        } catch {
            let counter: CoordinatorCounters.Counter = if case .wrongVersion = error { .droppedWrongVersion } else { .droppedMalformed }
            drop(counter, "\(error)", from: frames.first)
            if case .wrongVersion(let received, _) = error, frames.count >= 2 { tellOtherVersion(frames[0], received: received, now: now) }
            return
        }
        let known = scheduler.heard(from: identity, now: now)
        switch message {
        case .result(let receipt):
            // Accepted even from a worker presumed dead: a late result is still a result.
            do {
                count(try scheduler.complete(receipt, from: identity))
            } catch {
                drop(.droppedMalformed, "\(error)", from: identity)
            }
            // Acknowledged whatever became of it (stored, duplicate, unknown, malformed): resending cannot change that.
            if receipt.workerID != nil { acknowledge(receipt.taskID, attempt: receipt.attempt, to: identity) }
        case .submission(let body):
            if let refusal = submissions.post(submission: body, from: identity) {
                refusedUnread += 1
                // Logged like dropped messages: a flood of refusals must not become a log flood.
                if refusedUnread <= 10 || refusedUnread % 1000 == 0 {
                    logger.warning("refused submission #\(refusedUnread) from \(ProtocolPreview.hex(identity)) unread: too big, or too many in hand")
                }
                send(refusal, to: identity, now: now)
            }
        case .other(let message):
            handle(message, from: identity, known: known, now: now)
        }
    }

    /// Replies to the submissions the submission thread has finished, and loads their tasks at once.
    private func takeSubmissionAnswers(now: Double) throws {
        while try submissionWake.tryReceive() != nil {}
        for answer in submissions.takeAnswers() {
            switch answer {
            case .reply(let client, let reply):
                if case .submitted(let stored) = reply {
                    logger.info("sweep \(stored.sweep) submitted over the socket: \(stored.total) task(s), \(stored.queued) to run")
                    submissionArrived = true
                } else {
                    logger.warning("refused a submission from \(ProtocolPreview.hex(client))")
                }
                send(reply, to: client, now: now)
            case .malformed(let client, let error):
                drop(.droppedMalformed, "\(error)", from: client)
            case .atStart(let sweep, .success(let stored)):
                submissionArrived = true
                storedAtStart?(sweep, stored)
            case .atStart(_, .failure(let failure)):
                throw failure
            }
        }
    }

    private func handle(_ message: WireMessage, from identity: Data, known: Bool, now: Double) {
        switch message {
        case .hello(let hello):
            let seen = Date()
            scheduler.join(identity, as: WorkerRecord(id: hello.workerID, host: hello.host, pid: hello.pid, cores: hello.cores,
                                                       slots: hello.slots, firstSeen: seen, lastSeen: seen),
                           systems: Set(hello.systems), gpusPerSlot: hello.gpusPerSlot ?? 0, now: now)
            logger.info("worker \(hello.workerID) joined (\(hello.slots) slot(s), physweep \(hello.physweepVersion))")
            send(.welcome(.init(coordinator: name, heartbeat: options.heartbeat, features: [WireProtocol.acknowledgements])),
                 to: identity, now: now)
        case .credit(let credit) where known:
            scheduler.grant(credit.slots, to: identity)
        case .failed(let report):
            count(scheduler.fail(report.taskID, error: report.error, worker: report.workerID, from: identity))
            if report.workerID != nil { acknowledge(report.taskID, attempt: report.attempt, to: identity) }
        case .progress where known, .heartbeat where known:
            break
        case .bye(let bye) where known:
            logger.info("worker left: \(bye.reason)")
            scheduler.remove(identity, reason: "the worker left (\(bye.reason))")
        case .credit, .progress, .heartbeat, .bye:
            // Sent in a session this coordinator does not have (it restarted, or presumed the worker
            // dead): expected, not a fault. The worker times out and says HELLO on a new socket.
            let n = counters.increment(.staleMessages)
            logger.debug("ignored \(message.command.rawValue) #\(n) from \(ProtocolPreview.hex(identity)): no session (an earlier one's)")
        case .welcome, .task, .ack, .submitted, .rejected:
            drop(.droppedUnexpected, "\(message.command.rawValue) is not a message to the coordinator", from: identity)
        case .result, .submit:
            break  // read as `WorkerMessage.result` and `.submission`, never as this
        }
    }

    /// Queues an ACK for an outcome; it is sent after the next commit.
    private func acknowledge(_ taskID: Int64, attempt: Int, to identity: Data) {
        unacknowledged[identity, default: []].append(.init(taskID: taskID, attempt: attempt))
    }

    /// Answers a peer of another protocol version once with a BYE naming both versions (§7 of
    /// docs/protocol.md), so that it can stop rather than retry; later messages are only counted.
    private func tellOtherVersion(_ identity: Data, received: Int, now: Double) {
        guard toldOtherVersion.insert(identity).inserted else { return }
        if toldOtherVersion.count > 1024 { toldOtherVersion = [identity] }
        let reason = "this coordinator speaks \(WireProtocol.tag)\(WireProtocol.version), your message was \(WireProtocol.tag)\(received)"
        send(.bye(.init(reason: reason)), to: identity, now: now)
    }

    private func count(_ outcome: TaskScheduler.Outcome) {
        switch outcome {
        case .accepted: break
        case .duplicate: counters.increment(.duplicateReports)
        case .unknown: counters.increment(.unknownTaskReports)
        }
    }

    private func drop(_ counter: CoordinatorCounters.Counter, _ why: String, from identity: Data?) {
        let n = counters.increment(counter)
        // Log the first few, then every thousandth: a garbage flood must not become a log flood.
        if n <= 10 || n % 1000 == 0 {
            let peer = identity.map { ProtocolPreview.hex($0) } ?? "?"
            logger.warning("dropped message #\(n) (\(counter.rawValue)) from \(peer): \(why)")
        }
    }

    private func send(_ message: WireMessage, to identity: Data, now: Double) {
        send(RoutedMessage(routingID: identity, message: message).frames(), command: message.command, to: identity, now: now)
    }

    /// A TASK, its body assembled around the stored config JSON and the sweep's settings encoded once.
    private func send(_ assignment: Assignment, now: Double) {
        let body = WireMessage.TaskAssignment.encodedBody(taskID: assignment.taskID, taskKey: assignment.key,
                                                          sweep: assignment.sweep, attempt: assignment.attempt,
                                                          configJSON: assignment.configJSON, settingsJSON: assignment.settingsJSON)
        send([assignment.worker, WireProtocol.versionFrame, WireCommand.task.frame, body], command: .task,
             to: assignment.worker, now: now)
    }

    private func send(_ frames: [Data], command: WireCommand, to identity: Data, now: Double) {
        do {
            try router.send(frames)
            scheduler.sent(to: identity, now: now)
        } catch {
            logger.warning("could not send \(command.rawValue): \(error)")
        }
    }

    private func snapshot(now: Double) -> SweepProgress {
        SweepProgress(total: storedDone + storedFailed + max(storedPending, loadedTasks), done: storedDone + scheduler.doneCount,
                      failed: storedFailed + scheduler.quarantinedCount, running: scheduler.runningCount,
                      queued: scheduler.queuedCount, workers: scheduler.workers.count, elapsed: now - startedAt,
                      finishedHere: scheduler.doneCount + scheduler.quarantinedCount)
    }
}

/// Printable peers in logs.
enum ProtocolPreview {
    static func hex(_ bytes: Data) -> String {
        "0x" + bytes.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
