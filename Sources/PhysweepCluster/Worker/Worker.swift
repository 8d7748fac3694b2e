import Foundation
import Logging
import PhysweepTraining
import PhysweepZMQ

/// A worker process's connection to a coordinator: says HELLO, grants credit for its free slots,
/// runs the tasks it is sent, reports RESULT or FAILED, and keeps heartbeats going both ways.
///
/// Only the thread calling `run` touches the DEALER socket. Tasks run on `TaskRunner` threads,
/// which hand outcomes back through a queue and wake this thread over an inproc PULL socket.
/// When the coordinator falls silent the socket is thrown away and a new one connects after an
/// exponential back-off; outcomes produced meanwhile are kept and sent once welcomed again. A
/// coordinator that acknowledges outcomes (WELCOME `features: ["ack"]`) gets every RESULT and FAILED
/// again on the next session until it has sent their ACK (`HeldOutcomes`), so one sent into a
/// dying connection is not lost.
public final class Worker {
    /// Why `run` returned.
    public enum Exit: Hashable, Sendable {
        /// The coordinator said BYE.
        case bye(reason: String)
        /// No coordinator answered within `giveUpAfter`.
        case gaveUp
        /// The parent process (`physweep run`) is gone.
        case orphaned
        /// The coordinator speaks another protocol version: reconnecting cannot help.
        case incompatible(String)
    }

    /// The release announced in HELLO.
    public static let physweepVersion = "0.1.0"

    private let options: WorkerOptions
    private let logger: Logger
    /// Tasks received whose outcome is not yet back from the runner.
    private var inFlight = 0
    /// Outcomes waiting for a welcomed connection.
    private var outbox: [TaskRunner.Outcome] = []
    /// Outcomes sent to an acknowledging coordinator and not yet acknowledged.
    private var held = HeldOutcomes()
    /// Tasks run to an outcome, for the exit log.
    private(set) var completed = 0

    public init(options: WorkerOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Connects and works until the coordinator says BYE (or see `Exit`).
    public func run() throws -> Exit {
        let context = try ZMQContext()
        let wakeEndpoint = "inproc://physweep-wake-\(UUID().uuidString)"
        let wake = try context.socket(.pull, options: [.linger(milliseconds: 0)])
        try wake.bind(wakeEndpoint)
        let runner = TaskRunner(slots: options.slots, context: context, wakeEndpoint: wakeEndpoint, gpus: options.gpus)
        defer { runner.stop() }
        var failures = 0
        var lastWelcome = MonotonicClock.now()
        while true {
            let (exit, welcomed) = try session(context: context, wake: wake, runner: runner)
            if let exit { return exit }
            if welcomed {
                failures = 0
                lastWelcome = MonotonicClock.now()
            }
            if let limit = options.giveUpAfter, MonotonicClock.now() - lastWelcome > limit {
                logger.error("no coordinator at \(options.endpoint) for \(Int(limit)) s: giving up")
                return .gaveUp
            }
            let delay = options.backoff.delayMilliseconds(afterFailures: failures)
            failures += 1
            logger.warning("coordinator at \(options.endpoint) is silent; reconnecting in \(delay) ms")
            Thread.sleep(forTimeInterval: Double(delay) / 1000)
        }
    }

    /// One connection, from HELLO until the coordinator is presumed dead (returns nil exit) or says BYE.
    private func session(context: ZMQContext, wake: ZMQSocket, runner: TaskRunner) throws -> (Exit?, welcomed: Bool) {
        let dealer = try context.socket(.dealer, options: [.linger(milliseconds: 0), .maxMessageSize(bytes: 64 << 20)]
                                        + (options.security?.socketOptions ?? []))
        defer { dealer.close() }
        try dealer.connect(options.endpoint)
        var heartbeat = options.heartbeat
        var welcomed = false
        /// The coordinator acknowledges outcomes: hold each until its ACK.
        var acknowledging = false
        /// Credit granted on this connection and not yet used by a TASK.
        var granted = 0
        var lastHeard = MonotonicClock.now(), lastSent = lastHeard
        /// Never blocks: a connection libzmq gave up on (a CURVE handshake the coordinator refused
        /// ends it for good, leaving the socket nowhere to queue) drops the message instead, and
        /// the session ends when the silence exceeds the timeout. Unacknowledged outcomes are held.
        func send(_ message: WireMessage) throws {
            if try !dealer.trySend(message.frames()) {
                logger.debug("\(message.command.rawValue) not sent: no connection to the coordinator")
            }
            lastSent = MonotonicClock.now()
        }
        try send(helloMessage)
        var poller = ZMQPoller()
        poller.add(dealer)
        poller.add(wake)
        while true {
            let interval = Double(heartbeat.intervalMilliseconds) / 1000
            _ = try poller.poll(timeoutMilliseconds: max(1, min(heartbeat.intervalMilliseconds / 2, 250)))
            while try wake.tryReceive() != nil {}
            if let parent = options.parentPID, getppid() != parent { return (.orphaned, welcomed) }
            collectOutcomes(from: runner)
            while let frames = try dealer.tryReceive() {
                lastHeard = MonotonicClock.now()
                let message: WireMessage
                do {
                    message = try WireMessage.decode(frames)
                } catch .wrongVersion(let received, let expected) {
                    let error = ProtocolError.wrongVersion(received: received, expected: expected)
                    logger.error("\(error)")
                    return (.incompatible("\(error)"), welcomed)
                } catch {
                    logger.warning("dropped a message from the coordinator: \(error)")
                    continue
                }
                switch message {
                case .welcome(let welcome):
                    welcomed = true
                    heartbeat = welcome.heartbeat
                    acknowledging = welcome.features?.contains(WireProtocol.acknowledgements) == true
                    logger.info("welcomed by coordinator \(welcome.coordinator)")
                    // Unacknowledged outcomes go again, first; a coordinator that does not
                    // acknowledge gets them this once and they are forgotten.
                    if held.count > 0 { logger.info("sending \(held.count) unacknowledged outcome(s) again") }
                    outbox.insert(contentsOf: held.takeAll(), at: 0)
                case .ack(let ack):
                    held.acknowledge(ack.outcomes)
                case .task(let task) where granted <= 0:
                    // More tasks than credit given: a coordinator bug; refuse rather than overload.
                    try send(.failed(.init(taskID: task.taskID, attempt: task.attempt, error: "sent without credit",
                                           workerID: options.workerID)))
                case .task(let task):
                    logger.debug("task \(task.taskID) attempt \(task.attempt) received")
                    granted -= 1
                    inFlight += 1
                    runner.submit(TaskRunner.Job(taskID: task.taskID, attempt: task.attempt, config: task.config,
                                                 settings: task.settings))
                case .bye(let bye):
                    logger.info("coordinator said goodbye: \(bye.reason) (\(completed) task(s) run here)")
                    return (.bye(reason: bye.reason), welcomed)
                case .heartbeat:
                    break
                case .hello, .credit, .progress, .result, .failed, .submit, .submitted, .rejected:
                    logger.warning("dropped a \(message.command.rawValue) from the coordinator: not a coordinator's message")
                }
            }
            if welcomed {
                for outcome in outbox {
                    try send(message(for: outcome))
                    if acknowledging && !held.hold(outcome) {
                        logger.warning("more than \(HeldOutcomes.limit) outcomes unacknowledged: forgot the oldest")
                    }
                }
                outbox.removeAll()
                let extra = options.prefetch.extraTasks(slots: options.slots, typicalTaskSeconds: runner.typicalTaskSeconds)
                let free = options.slots + extra - inFlight - granted
                if free > 0 {
                    try send(.credit(.init(slots: free)))
                    granted += free
                }
            }
            let now = MonotonicClock.now()
            if now - lastSent >= interval { try send(.heartbeat) }
            if now - lastHeard > Double(heartbeat.timeoutMilliseconds) / 1000 { return (nil, welcomed) }
        }
    }

    private func collectOutcomes(from runner: TaskRunner) {
        for outcome in runner.takeOutcomes() {
            switch outcome {
            case .result, .failure:
                inFlight -= 1
                completed += 1
                outbox.append(outcome)
            case .progress:
                // Progress is only worth sending while it is fresh: drop it rather than queue it.
                outbox.removeAll { if case .progress = $0 { true } else { false } }
                outbox.append(outcome)
            }
        }
    }

    private func message(for outcome: TaskRunner.Outcome) -> WireMessage {
        switch outcome {
        case .result(let id, let attempt, let result):
            return .result(.init(taskID: id, attempt: attempt, result: result, workerID: options.workerID))
        case .failure(let id, let attempt, let error):
            return .failed(.init(taskID: id, attempt: attempt, error: error, workerID: options.workerID))
        case .progress(let id, let attempt, let progress):
            return .progress(.init(taskID: id, attempt: attempt, progress: progress))
        }
    }

    private var helloMessage: WireMessage {
        let info = ProcessInfo.processInfo
        var hello = WireMessage.Hello(workerID: options.workerID, host: info.hostName, pid: Int(getpid()),
                                      cores: info.activeProcessorCount, slots: options.slots, systems: SystemKind.allCases,
                                      physweepVersion: Self.physweepVersion, gitCommit: nil)
        // Slots get the GPUs round-robin: the one with fewest has ⌊gpus / slots⌋.
        if !options.gpus.isEmpty { hello.gpusPerSlot = options.gpus.count / options.slots }
        return .hello(hello)
    }
}
