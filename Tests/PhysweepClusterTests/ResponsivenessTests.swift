import Foundation
@testable import PhysweepCluster
import PhysweepSweep
import PhysweepZMQ
import XCTest

/// The coordinator keeps serving whatever a peer sends: a spec that is slow to validate or a big
/// sweep to store never stops heartbeats, WELCOMEs or results, and never costs a worker an attempt.
final class ResponsivenessTests: ClusterTestCase {
    /// A spec under the SUBMIT size limit whose validation takes seconds: one sweep line plus
    /// `keys` unknown top-level keys, each an error with a name suggestion to compute.
    private func slowSpec(keys: Int) -> String {
        var yaml = "name: slow\nsystems:\n  noop: {models: [none]}\nobjectives: [{test_mse: minimize}, {train_wall_s: minimize}]\n"
        for key in 0..<keys { yaml += "unknown_\(key): 1\n" }
        return yaml
    }

    /// A coordinator (`--until-done`, liveness 2 s: any longer stall of its serving loop makes a
    /// worker give up) serving `seeds` sleep tasks of `seconds` to one worker, once a task runs.
    private func startSleepSweep(seconds: Double, seeds: Int) throws -> (endpoint: String, coordinator: PhysweepProcess,
                                                                             worker: PhysweepProcess) {
        let spec = try writeSpec("sleep.yaml", """
            name: sleeps
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: \(seconds)}
            seeds: \(seeds)
            max_attempts: 3
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--until-done", spec,
                                     "--heartbeat-ms", "250", "--liveness", "8"], name: "coordinator")
        let worker = try start(["worker", "--connect", endpoint], name: "worker")
        XCTAssertTrue(eventually(timeout: 30) { (try? readStore().stateCounts(of: "sleeps"))?[.running] != nil },
                      coordinator.stderr)
        return (endpoint, coordinator, worker)
    }

    func testAHugeSubmitWhileAWorkerRunsTasksCostsNoAttemptAndHeartbeatsKeepFlowing() throws {
        let (endpoint, coordinator, worker) = try startSleepSweep(seconds: 0.4, seeds: 8)
        let watcher = HeartbeatWatcher(endpoint: endpoint, intervalMilliseconds: 250)
        XCTAssertTrue(eventually(timeout: 10) { watcher.welcomed }, "no WELCOME for the watcher\n" + coordinator.stderr)
        let yaml = slowSpec(keys: 30_000)
        XCTAssertLessThan(yaml.utf8.count, 1 << 20, "under the SUBMIT limit: it must really be validated")
        let started = MonotonicClock.now()
        XCTAssertThrowsError(try SubmissionClient.submit(.init(specFile: "slow.yaml", specYAML: yaml, rerun: false),
                                                         to: endpoint, timeoutSeconds: 300)) { error in
            guard case SubmissionClient.Failure.rejected(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertLessThan(reason.utf8.count, 16_384, "a bounded REJECTED, not one error line per key")
            XCTAssertTrue(reason.hasPrefix("slow.yaml:5:1: "), String(reason.prefix(300)))
            XCTAssertTrue(reason.contains("… and 29980 more error(s) not shown"), String(reason.suffix(300)))
            XCTAssertTrue(reason.hasSuffix("30000 errors in slow.yaml; nothing was submitted"), String(reason.suffix(300)))
        }
        let validation = MonotonicClock.now() - started
        let gap = watcher.stop()
        XCTAssertLessThan(gap, 2, "longest silence of the coordinator while it validated for \(validation) s")

        XCTAssertEqual(coordinator.wait(timeout: 120), 0, coordinator.stderr)
        XCTAssertEqual(worker.wait(timeout: 10), 0, worker.stderr)
        try assertExactlyOneResultPerTask("sleeps", tasks: 8)
        let tasks = try readStore().tasks(of: "sleeps")
        XCTAssertEqual(tasks.map(\.attempts), Array(repeating: 1, count: 8), "no task lost an attempt\n" + coordinator.stderr)
        XCTAssertEqual(tasks.compactMap(\.lastError), [])
        XCTAssertFalse(worker.stderr.contains("is silent"), worker.stderr)
    }

    /// A coordinator stopped (SIGSTOP) for longer than the liveness timeout sends no heartbeats, so
    /// its worker rightly gives up on the connection and says HELLO on a new one: the old session's
    /// silence is the coordinator's doing and costs its tasks no attempt.
    func testACoordinatorStalledPastTheLivenessTimeoutChargesNoAttempt() throws {
        let (_, coordinator, worker) = try startSleepSweep(seconds: 1, seeds: 4)
        kill(coordinator.pid, SIGSTOP)
        Thread.sleep(forTimeInterval: 5)
        kill(coordinator.pid, SIGCONT)
        XCTAssertTrue(eventually(timeout: 30) { worker.stderr.contains("is silent") }, "the worker gave up on the stalled coordinator\n" + worker.stderr)

        XCTAssertEqual(coordinator.wait(timeout: 120), 0, coordinator.stderr)
        XCTAssertEqual(worker.wait(timeout: 10), 0, worker.stderr)
        try assertExactlyOneResultPerTask("sleeps", tasks: 4)
        let tasks = try readStore().tasks(of: "sleeps")
        XCTAssertEqual(tasks.map(\.attempts), [1, 1, 1, 1], "no task lost an attempt\n" + coordinator.stderr)
    }

    func testWorkersAreWelcomedAtOnceWhileTheSweepGivenAtStartIsStored() throws {
        let spec = try writeSpec("big.yaml", """
            name: big
            systems:
              noop: {models: [none]}
            seeds: 100000
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        let endpoint = try freeEndpoint()
        let coordinator = try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--until-done", spec],
                                    name: "coordinator")
        let context = try ZMQContext()
        // IMMEDIATE: HELLO is only taken once the coordinator's socket is bound, so the clock below
        // starts when the coordinator could first read it.
        let dealer = try context.socket(.dealer, options: [.linger(milliseconds: 0), .immediate(true)])
        try dealer.connect(endpoint)
        let hello = WireMessage.hello(.init(workerID: "watcher", host: "test", pid: 1, cores: 1, slots: 1,
                                            systems: [.noop], physweepVersion: "0.1.0", gitCommit: nil))
        XCTAssertTrue(eventually(timeout: 60) { (try? dealer.trySend(hello.frames())) == true }, coordinator.stderr)
        let sent = MonotonicClock.now()
        let reply = try dealer.receive(timeoutMilliseconds: 30_000)
        let waited = MonotonicClock.now() - sent
        guard let reply, case .welcome = try WireMessage.decode(reply) else {
            return XCTFail("no WELCOME within 30 s\n" + coordinator.stderr)
        }
        XCTAssertLessThan(waited, 3, "WELCOME came after the worker's HELLO wait (3 s by default): it waited for the sweep to be stored\n" + coordinator.stderr)
        XCTAssertTrue(eventually(timeout: 120) { coordinator.stderr.contains("sweep big: 100000 task(s), 100000 to run") },
                      coordinator.stderr)
        XCTAssertEqual(try readStore().stateCounts(of: "big").values.reduce(0, +), 100_000)
        XCTAssertTrue(coordinator.isRunning, "--until-done waits for its tasks\n" + coordinator.stderr)
    }
}

/// A peer that says HELLO, answers with heartbeats and records the longest silence of the
/// coordinator, on a thread of its own (its socket never leaves it).
private final class HeartbeatWatcher: @unchecked Sendable {
    // @unchecked: the state is guarded by `lock`.
    private let lock = NSLock()
    private var isWelcomed = false
    private var stopping = false
    private var longestGap = 0.0
    private let done = DispatchSemaphore(value: 0)

    init(endpoint: String, intervalMilliseconds: Int) {
        let thread = Thread { [self] in run(endpoint: endpoint, interval: Double(intervalMilliseconds) / 1000) }
        thread.start()
    }

    var welcomed: Bool { lock.withLock { isWelcomed } }

    /// Stops watching; returns the longest time between two messages from the coordinator after WELCOME.
    func stop() -> Double {
        lock.withLock { stopping = true }
        done.wait()
        return lock.withLock { longestGap }
    }

    private func run(endpoint: String, interval: Double) {
        defer { done.signal() }
        guard let context = try? ZMQContext(), let dealer = try? context.socket(.dealer, options: [.linger(milliseconds: 0)]),
              (try? dealer.connect(endpoint)) != nil else { return }
        let hello = WireMessage.hello(.init(workerID: "watcher", host: "test", pid: 1, cores: 1, slots: 1,
                                            systems: [.noop], physweepVersion: "0.1.0", gitCommit: nil))
        _ = try? dealer.send(hello.frames())
        var lastHeard: Double?, lastSent = MonotonicClock.now()
        while !lock.withLock({ stopping }) {
            if let frames = try? dealer.receive(timeoutMilliseconds: 20) {
                let now = MonotonicClock.now()
                if case .welcome? = try? WireMessage.decode(frames) { lock.withLock { isWelcomed = true } }
                if let lastHeard { lock.withLock { longestGap = max(longestGap, now - lastHeard) } }
                lastHeard = now
            }
            if MonotonicClock.now() - lastSent >= interval {
                _ = try? dealer.send(WireMessage.heartbeat.frames())
                lastSent = MonotonicClock.now()
            }
        }
        if let lastHeard { lock.withLock { longestGap = max(longestGap, MonotonicClock.now() - lastHeard) } }
        dealer.close()
    }
}
