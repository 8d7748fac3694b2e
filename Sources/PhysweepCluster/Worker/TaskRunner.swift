import Foundation
import PhysweepProcess
import PhysweepTraining
import PhysweepZMQ

/// Runs a worker's tasks on `slots` threads of their own, so the socket thread stays free for
/// heartbeats however long a task takes.
///
/// Outcomes are handed back through a locked outbox. ZeroMQ sockets are not thread-safe, so
/// runner threads never touch the worker's DEALER: each one owns a PUSH socket whose only job is
/// to wake the socket thread (polling a PULL) when an outcome is waiting.
final class TaskRunner: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `condition` (or is the thread-safe `jobs`).

    /// A task to run.
    struct Job: Sendable {
        let taskID: Int64
        let attempt: Int
        let config: TrainConfig
        let settings: RunSettings
    }

    /// What running a job produced, or how far it got.
    enum Outcome: Sendable {
        case result(taskID: Int64, attempt: Int, TrainResult)
        case failure(taskID: Int64, attempt: Int, String)
        case progress(taskID: Int64, attempt: Int, TrainProgress)
    }

    private let condition = NSCondition()
    private let jobs = BlockingQueue<Job>()
    private var outbox: [Outcome] = []
    private var threads: [Thread] = []
    private var meanTaskSeconds: Double?
    /// Progress reports are throttled to this interval per task: the wire is not a log.
    private let progressInterval: TimeInterval
    /// Several tasks at once in this process: each is metered on its own thread (`Trainer.run`).
    private let sharedProcess: Bool

    /// Starts `slots` runner threads that wake the PULL socket bound at `wakeEndpoint` (inproc).
    /// `gpus`: the worker's GPUs, dealt out to the slots round-robin (slot i gets every GPU at an
    /// index ≡ i mod slots), each slot's own through CUDA_VISIBLE_DEVICES.
    init(slots: Int, context: ZMQContext, wakeEndpoint: String, progressInterval: TimeInterval = 1, gpus: [Int] = []) {
        self.progressInterval = progressInterval
        sharedProcess = slots > 1
        for index in 0..<slots {
            let slotGPUs = gpus.isEmpty ? nil : gpus.indices.filter { $0 % slots == index }.map { gpus[$0] }
            let thread = Thread { [self] in runLoop(context: context, wakeEndpoint: wakeEndpoint, gpus: slotGPUs) }
            thread.name = "physweep-task-\(index)"
            thread.stackSize = 8 << 20
            threads.append(thread)
            thread.start()
        }
    }

    /// Queues a job for the next free thread.
    func submit(_ job: Job) {
        jobs.append(job)
    }

    /// Takes every outcome produced since the last call.
    func takeOutcomes() -> [Outcome] {
        condition.lock()
        defer { condition.unlock() }
        let taken = outbox
        outbox.removeAll(keepingCapacity: true)
        return taken
    }

    /// A running mean of how long recent tasks took (wall seconds); nil before the first one ends.
    var typicalTaskSeconds: Double? {
        condition.lock()
        defer { condition.unlock() }
        return meanTaskSeconds
    }

    /// Jobs queued but not started (their credit was spent but no thread is free yet).
    var waitingJobs: Int { jobs.count }

    /// Lets threads finish their current task and exit; queued jobs are dropped. Programs of
    /// command tasks still running are ended (their process groups get SIGTERM, then SIGKILL after
    /// their grace period) and waited for: the threads supervising them die with this process.
    func stop() {
        jobs.close()
        RunningProcesses.shared.endAll(waitingUpTo: RunningProcesses.terminationWait)
    }

    private func post(_ outcome: Outcome, wake: ZMQSocket?, taskSeconds: Double? = nil) {
        condition.lock()
        // The socket thread takes the whole outbox when woken: only the first outcome needs a wake-up.
        let wasEmpty = outbox.isEmpty
        outbox.append(outcome)
        if let taskSeconds {
            // Exponential moving average: follows a sweep whose tasks get longer within a few tasks.
            meanTaskSeconds = meanTaskSeconds.map { 0.75 * $0 + 0.25 * taskSeconds } ?? taskSeconds
        }
        condition.unlock()
        // A full wake queue means the socket thread already has wake-ups pending: dropping is fine.
        if wasEmpty { _ = try? wake?.trySend([Data()]) }
    }

    private func runLoop(context: ZMQContext, wakeEndpoint: String, gpus: [Int]?) {
        let wake = try? context.socket(.push, options: [.linger(milliseconds: 0), .sendHighWaterMark(16)])
        try? wake?.connect(wakeEndpoint)
        while let job = jobs.take() {
            var lastProgress = Date.distantPast
            let start = MonotonicClock.now()
            do {
                let result = try Trainer.run(job.config, settings: job.settings, sharedProcess: sharedProcess,
                                             attempt: job.attempt, gpus: gpus) { progress in
                    let now = Date()
                    guard now.timeIntervalSince(lastProgress) >= self.progressInterval else { return }
                    lastProgress = now
                    self.post(.progress(taskID: job.taskID, attempt: job.attempt, progress), wake: wake)
                }
                post(.result(taskID: job.taskID, attempt: job.attempt, result), wake: wake, taskSeconds: MonotonicClock.now() - start)
            } catch {
                post(.failure(taskID: job.taskID, attempt: job.attempt, "\(error)"), wake: wake, taskSeconds: MonotonicClock.now() - start)
            }
        }
        wake?.close()
    }
}
