import Foundation
import PhysweepSweep
import PhysweepZMQ

/// Works out the coordinator's submissions on a thread of its own, so that its serving loop keeps
/// answering HELLOs, heartbeats and results however big or hostile a spec is: decoding a SUBMIT,
/// parsing and validating its spec, expanding the grid and storing the tasks all happen here.
///
///     serving thread (owns the ROUTER)             submission thread (owns one PUSH)
///     ─────────────────────────────────            ──────────────────────────────────
///     SUBMIT, body > maxBodyBytes ─► REJECTED
///     SUBMIT, maxWaiting in hand  ─► REJECTED
///     SUBMIT / spec at start ─► post ─► jobs ─► decode, parse, validate, expand;
///                                               store in slices (short transactions)
///     poll wakes ◄── inproc PUSH ◄── answers ◄─ SUBMITTED / REJECTED / malformed / stored
///     takeAnswers(): reply, count, load the new tasks
///
/// The store is shared: `SweepStore`'s `DatabaseQueue` serialises the two threads' transactions,
/// and `SweepStore.submit` writes in slices, so the serving loop's commits wait for at most one slice.
/// ZeroMQ sockets stay one socket, one thread: this thread only wakes the serving thread through
/// a PUSH connected to the serving thread's PULL; the answers themselves travel in a locked array.
final class SubmissionThread: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock` (or is the thread-safe `jobs`).

    /// Largest SUBMIT body (frame 2) accepted: bigger ones are answered REJECTED, unread. A real
    /// spec is a few kilobytes; this bounds the work and memory one message can ask for.
    static let maxBodyBytes = 1 << 20
    /// Submissions queued or being worked on at once; more are answered REJECTED (try again later).
    static let maxWaiting = 4

    /// Something to do.
    enum Job: Sendable {
        /// A SUBMIT from the peer `client`, its body not yet decoded.
        case submit(client: Data, body: Data)
        /// The spec given to `physweep coordinator SPEC`, stored while the coordinator already serves.
        case atStart(SweepSpec, discardStored: Bool)
    }

    /// What came of a job, for the serving thread.
    enum Answer: Sendable {
        /// Send `reply` (SUBMITTED or REJECTED) to `client`.
        case reply(client: Data, WireMessage)
        /// The SUBMIT body was not a valid SUBMIT: drop and count it like any malformed message.
        case malformed(client: Data, ProtocolError)
        /// The spec given at start is stored, or could not be.
        case atStart(sweep: String, Result<SweepStore.Submission, StoreFailure>)
    }

    /// Why the spec given at start could not be stored.
    struct StoreFailure: Error, CustomStringConvertible {
        let description: String
    }

    private let store: SweepStore
    private let servedSweep: String?
    private let jobs = BlockingQueue<Job>()
    private let lock = NSLock()
    private var answers: [Answer] = []
    /// Jobs posted whose answer has not been taken yet.
    private var unanswered = 0
    /// Signalled when the thread has let go of the ZMQ context; `stop` waits for it.
    private let exited = DispatchSemaphore(value: 0)
    /// `stop` has waited (only the thread that owns the coordinator calls it).
    private var joined = false

    /// Starts the thread; it wakes the PULL socket bound at `wakeEndpoint` (inproc) when an answer waits.
    init(store: SweepStore, servedSweep: String?, context: ZMQContext, wakeEndpoint: String) {
        self.store = store
        self.servedSweep = servedSweep
        // The context is held only while the loop runs: once `exited` is signalled, the coordinator's
        // release of it terminates it, which is what sends the last messages (BYE) before exit.
        let thread = Thread { [self, weak context] in
            if let context { runLoop(context: context, wakeEndpoint: wakeEndpoint) }
            exited.signal()
        }
        thread.name = "physweep-submissions"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues a SUBMIT; returns the REJECTED to send at once instead when its body is too big or
    /// too many submissions are in hand.
    func post(submission body: Data, from client: Data) -> WireMessage? {
        if body.count > Self.maxBodyBytes {
            return .rejected(.init(error: "a SUBMIT body of \(body.count) bytes is over this coordinator's limit of \(Self.maxBodyBytes) bytes (docs/protocol.md, SUBMIT); nothing was submitted"))
        }
        lock.lock()
        defer { lock.unlock() }
        guard unanswered < Self.maxWaiting else {
            return .rejected(.init(error: "this coordinator is busy with \(unanswered) other submissions; nothing was submitted, try again later"))
        }
        unanswered += 1
        jobs.append(.submit(client: client, body: body))
        return nil
    }

    /// Queues the spec given at start (never refused).
    func post(atStart spec: SweepSpec, discardStored: Bool) {
        lock.withLock { unanswered += 1 }
        jobs.append(.atStart(spec, discardStored: discardStored))
    }

    /// Takes every answer produced since the last call.
    func takeAnswers() -> [Answer] {
        lock.lock()
        defer { lock.unlock() }
        let taken = answers
        answers.removeAll(keepingCapacity: true)
        unanswered -= taken.count
        return taken
    }

    /// Whether a job is queued, being worked on, or answered but not taken yet.
    var isBusy: Bool { lock.withLock { unanswered > 0 } }

    /// Lets the thread finish its current job and exit, and waits for that (at most 2 s); queued
    /// jobs are dropped. Until the thread has exited it keeps the ZMQ context alive, and a process
    /// that ends then drops what the coordinator sent last, its BYEs, unsent.
    func stop() {
        jobs.close()
        guard !joined else { return }
        joined = true
        _ = exited.wait(timeout: .now() + 2)
    }

    private func runLoop(context: ZMQContext, wakeEndpoint: String) {
        let wake = try? context.socket(.push, options: [.linger(milliseconds: 0), .sendHighWaterMark(16)])
        try? wake?.connect(wakeEndpoint)
        while let job = jobs.take() {
            let answer = work(job)
            lock.withLock { answers.append(answer) }
            // A full wake queue means wake-ups are already pending: dropping this one is fine.
            _ = try? wake?.trySend([Data()])
        }
        wake?.close()
    }

    private func work(_ job: Job) -> Answer {
        switch job {
        case .submit(let client, let body):
            let submission: WireMessage.Submission
            do {
                guard case .submit(let decoded) = try WireMessage.decode(bodyFrame: body, of: .submit) else {
                    return .malformed(client: client, .badJSON(command: .submit, detail: "not a SUBMIT"))
                }
                submission = decoded
            } catch {
                return .malformed(client: client, error)
            }
            return .reply(client: client, SubmissionDesk.answer(submission, store: store, servedSweep: servedSweep))
        case .atStart(let spec, let discardStored):
            do {
                if discardStored { try store.discardTasks(of: spec.name) }
                return .atStart(sweep: spec.name, .success(try store.submit(SweepRecord(spec: spec), tasks: spec.tasks())))
            } catch {
                return .atStart(sweep: spec.name, .failure(StoreFailure(description: "\(error)")))
            }
        }
    }
}
