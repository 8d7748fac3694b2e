import Foundation
import PhysweepCluster
import PhysweepSweep
import PhysweepZMQ
import XCTest

/// The CURVE task channel, end to end with real processes and sockets: only peers whose public key
/// the coordinator allows get a WELCOME, a TASK or a stored SUBMIT; a revoked key is cut off.
final class CurveChannelTests: ClusterTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try XCTSkipUnless(ZMQCurveKeyPair.isAvailable, "this libzmq has no CURVE (zmq_has(\"curve\") is false)")
    }

    /// `physweep keys new NAME --dir DIR`; returns the fingerprint it printed.
    @discardableResult
    private func newKey(_ name: String, in dir: String) throws -> String {
        let keys = try start(["keys", "new", name, "--dir", dir], name: "keys-\(name)")
        XCTAssertEqual(keys.wait(timeout: 30), 0, keys.stderr)
        return String(try XCTUnwrap(keys.stdout.firstMatch(of: /fingerprint ([0-9a-f]{16})/)).1)
    }

    /// Keys: the coordinator's in keys/, allowed ones in keys/allowed/, `stranger` in keys/ (not allowed).
    private func makeKeys(allowed: [String], strangers: [String] = []) throws {
        try newKey("coordinator", in: "keys")
        for name in allowed { try newKey(name, in: "keys/allowed") }
        for name in strangers { try newKey(name, in: "keys") }
    }

    private func coordinator(_ endpoint: String, spec: String?, name: String = "coordinator", extra: [String] = []) throws -> PhysweepProcess {
        let process = try start(["coordinator", "--bind", endpoint, "--db", dbPath, "--key", "keys/coordinator.key",
                                 "--allow", "keys/allowed", "--heartbeat-ms", "500"] + extra + (spec.map { [$0] } ?? []), name: name)
        XCTAssertTrue(eventually(timeout: 30) { process.stderr.contains("listening") }, process.stderr)
        return process
    }

    private func curveFlags(_ key: String) -> [String] {
        ["--coordinator-key", "keys/coordinator.pub", "--key", key]
    }

    private func worker(_ endpoint: String, id: String, key: String?, giveUpAfter: Int = 60, extra: [String] = []) throws -> PhysweepProcess {
        try start(["worker", "--connect", endpoint, "--id", id, "--give-up-after", "\(giveUpAfter)"]
                  + (key.map(curveFlags) ?? []) + extra, name: id)
    }

    private func noops(_ name: String, seeds: Int) throws -> String {
        try writeSpec("\(name).yaml", """
            name: \(name)
            systems:
              noop: {models: [none]}
            seeds: \(seeds)
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
    }

    /// An allowed worker runs a sweep sent by an allowed submitter; a stranger's SUBMIT is never answered.
    func testAnAllowedWorkerRunsASweepSubmittedByAnAllowedClient() throws {
        try makeKeys(allowed: ["w1", "me"], strangers: ["stranger"])
        let spec = try noops("noops", seeds: 4)
        let endpoint = try freeEndpoint()
        let server = try coordinator(endpoint, spec: nil)
        let refused = try start(["submit", spec, "--to", endpoint, "--timeout", "3"] + curveFlags("keys/stranger.key"), name: "refused")
        XCTAssertEqual(refused.wait(timeout: 30), 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("no answer"), refused.stderr)
        XCTAssertEqual(try readStore().sweeps().map(\.name), [], "a refused key's SUBMIT stored nothing")

        let submit = try start(["submit", spec, "--to", endpoint] + curveFlags("keys/allowed/me.key"), name: "submit")
        XCTAssertEqual(submit.wait(timeout: 60), 0, submit.stderr + server.stderr)
        let worker = try worker(endpoint, id: "w1", key: "keys/allowed/w1.key")
        XCTAssertTrue(eventually(timeout: 60) { (try? readStore().stateCounts(of: "noops")) == [.done: 4] },
                      server.stderr + worker.stderr)
        try assertExactlyOneResultPerTask("noops", tasks: 4)
        XCTAssertEqual(Set(try readStore().results(of: "noops").map(\.worker)), ["w1"])
    }

    /// A worker with a key the coordinator does not allow, and one speaking plain TCP, are never
    /// welcomed, get no task, store nothing, and give up; the refusal is logged once per key,
    /// with its fingerprint, however often the worker retries.
    func testAWrongKeyAndAPlainTCPWorkerGetNothing() throws {
        try makeKeys(allowed: ["w1"])
        let strangerFingerprint = try newKey("stranger", in: "keys")
        let spec = try noops("noops", seeds: 3)
        let endpoint = try freeEndpoint()
        let server = try coordinator(endpoint, spec: spec)
        let stranger = try worker(endpoint, id: "stranger", key: "keys/stranger.key", giveUpAfter: 8)
        let plain = try worker(endpoint, id: "plain", key: nil, giveUpAfter: 6)
        XCTAssertEqual(stranger.wait(timeout: 60), 3, "gave up: \(stranger.stderr)")
        XCTAssertEqual(plain.wait(timeout: 60), 3, "gave up: \(plain.stderr)")
        for refused in [stranger, plain] { XCTAssertFalse(refused.stderr.contains("welcomed"), refused.stderr) }
        XCTAssertGreaterThan(stranger.stderr.components(separatedBy: "reconnecting").count - 1, 1, "it retried")
        XCTAssertEqual(try readStore().stateCounts(of: "noops"), [.queued: 3])
        XCTAssertEqual(try readStore().results(of: "noops").count, 0)
        XCTAssertFalse(server.stderr.contains("joined"), server.stderr)
        XCTAssertEqual(server.stderr.components(separatedBy: "key \(strangerFingerprint) is not allowed").count - 1, 1, server.stderr)

        // The tasks were there to take: the allowed worker takes them.
        _ = try worker(endpoint, id: "w1", key: "keys/allowed/w1.key")
        XCTAssertTrue(eventually(timeout: 60) { (try? readStore().stateCounts(of: "noops")) == [.done: 3] }, server.stderr)
    }

    /// The bytes an allowed worker sent in a real CURVE session (recorded by a TCP relay between it
    /// and the coordinator), sent again on a new connection, are refused: the coordinator hangs up
    /// and no task is dispatched or stored. The recording is ciphertext: the worker's id is not in it.
    func testAReplayedCaptureOfARealSessionGetsNoTaskAndStoresNothing() throws {
        try makeKeys(allowed: ["w1"])
        let endpoint = try freeEndpoint()
        let first = try coordinator(endpoint, spec: try noops("first", seeds: 2), name: "first", extra: ["--until-done"])
        let relay = try RawTCP.RecordingRelay(upstreamPort: try XCTUnwrap(RawTCP.port(of: endpoint)))
        let worker = try worker("tcp://127.0.0.1:\(relay.port)", id: "relayed-worker-w1", key: "keys/allowed/w1.key")
        XCTAssertEqual(first.wait(timeout: 60), 0, first.stderr)
        XCTAssertEqual(worker.wait(timeout: 30), 0, worker.stderr)
        try assertExactlyOneResultPerTask("first", tasks: 2)
        let capture = relay.recorded()
        XCTAssertGreaterThan(capture.count, 500, "a whole session: handshake, HELLO, CREDIT, RESULTs")
        XCTAssertNil(capture.range(of: Data("relayed-worker-w1".utf8)), "sent in the clear")
        XCTAssertNil(capture.range(of: WireProtocol.versionFrame), "sent in the clear")

        let second = try coordinator(endpoint, spec: try noops("second", seeds: 3), name: "second")
        XCTAssertTrue(eventually(timeout: 30) { (try? readStore().stateCounts(of: "second")) == [.queued: 3] }, second.stderr)
        let port = try XCTUnwrap(RawTCP.port(of: endpoint))
        let replay = try RawTCP.replay(capture, toPort: port, timeout: 10)
        XCTAssertTrue(replay.closedByPeer, "the coordinator hung up on the replay")
        // Whatever came back is the handshake (greeting, a fresh WELCOME): ciphertext, no TASK.
        XCTAssertNil(replay.received.range(of: Data("second".utf8)))
        Thread.sleep(forTimeInterval: 1)
        XCTAssertEqual(try readStore().stateCounts(of: "second"), [.queued: 3])
        XCTAssertEqual(try readStore().results(of: "second").count, 0)
        XCTAssertFalse(second.stderr.contains("joined"), second.stderr)
    }

    /// Revoking a key (deleting its .pub from the allowed directory) cuts off its worker mid-sweep,
    /// connection and all: nothing it sends is stored any more, it gets no task, and once it has
    /// timed out it cannot come back. Adding a key lets a new worker in, and the sweep finishes
    /// with every task stored exactly once.
    func testARevokedKeyIsCutOffAndAnAddedKeyFinishesTheSweep() throws {
        try makeKeys(allowed: ["w1"])
        let spec = try writeSpec("sleep.yaml", """
            name: sleeps
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: 0.25}
            seeds: 24
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            max_attempts: 3
            """)
        let endpoint = try freeEndpoint()
        let server = try coordinator(endpoint, spec: spec, extra: ["--until-done"])
        let revoked = try worker(endpoint, id: "w1", key: "keys/allowed/w1.key", giveUpAfter: 4, extra: ["--prefetch", "0"])
        XCTAssertTrue(eventually(timeout: 60) { ((try? readStore().stateCounts(of: "sleeps"))?[.done] ?? 0) >= 2 }, server.stderr)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("keys/allowed/w1.pub"))
        XCTAssertTrue(eventually(timeout: 30) { server.stderr.contains("1 revoked") }, server.stderr)
        // At most the result read in the turn the reload landed in (≤ 100 ms) gets through.
        let doneAtRevocation = try readStore().stateCounts(of: "sleeps")[.done] ?? 0
        XCTAssertEqual(revoked.wait(timeout: 60), 3, "gave up, never welcomed again: \(revoked.stderr)")
        XCTAssertLessThanOrEqual(try readStore().stateCounts(of: "sleeps")[.done] ?? 0, doneAtRevocation + 1, server.stderr)
        XCTAssertLessThan(doneAtRevocation + 1, 24, "revoked mid-sweep")
        XCTAssertTrue(server.stderr.contains("cut off a connection of key"), server.stderr)
        XCTAssertEqual(revoked.stderr.components(separatedBy: "welcomed by").count - 1, 1, "welcomed once: \(revoked.stderr)")

        try newKey("w2", in: "keys/allowed")
        XCTAssertTrue(eventually(timeout: 30) { server.stderr.contains("1 added") }, server.stderr)
        let replacement = try worker(endpoint, id: "w2", key: "keys/allowed/w2.key", extra: ["--slots", "2"])
        XCTAssertEqual(server.wait(timeout: 120), 0, server.stderr)
        XCTAssertEqual(replacement.wait(timeout: 30), 0, replacement.stderr)
        try assertExactlyOneResultPerTask("sleeps", tasks: 24)
    }

    /// SIGHUP reloads an allow-list file at once, even an edit the periodic check cannot see (same
    /// size, modification time put back).
    func testSIGHUPReloadsAnAllowListTheFileCheckCannotSeeChange() throws {
        try newKey("coordinator", in: "keys")
        for name in ["a", "b"] { try newKey(name, in: "keys/all") }
        let list = directory.appendingPathComponent("allowed.txt")
        let line = { (name: String) throws -> String in
            try String(contentsOf: self.directory.appendingPathComponent("keys/all/\(name).pub"), encoding: .utf8)
                .split(separator: "\n").last.map { "\($0) node\n" } ?? ""
        }
        try line("a").write(to: list, atomically: true, encoding: .utf8)
        // touch -r copies the modification time to the nanosecond (Foundation's Date would round it).
        let touch = { (from: String, to: String) throws in
            let process = try Process.run(URL(fileURLWithPath: "/usr/bin/touch"), arguments: ["-r", from, to])
            process.waitUntilExit()
        }
        try touch(list.path, directory.appendingPathComponent("stamp").path)
        let server = try start(["coordinator", "--bind", try freeEndpoint(), "--db", dbPath, "--key", "keys/coordinator.key",
                                "--allow", "allowed.txt"], name: "coordinator")
        XCTAssertTrue(eventually(timeout: 30) { server.stderr.contains("listening") }, server.stderr)
        try line("b").write(to: list, atomically: false, encoding: .utf8)
        try touch(directory.appendingPathComponent("stamp").path, list.path)
        Thread.sleep(forTimeInterval: 2.5)
        XCTAssertFalse(server.stderr.contains("reloaded"), "unseen by the file check: \(server.stderr)")
        kill(server.pid, SIGHUP)
        XCTAssertTrue(eventually(timeout: 10) { server.stderr.contains("1 key(s), 1 added, 1 revoked") }, server.stderr)
        XCTAssertTrue(server.isRunning, "SIGHUP does not stop the coordinator")
    }
}

/// Plain TCP beyond loopback needs keys or an explicit `--insecure`.
final class InsecureBindTests: ClusterTestCase {
    func testACoordinatorBoundBeyondLoopbackRefusesToStartWithoutKeysUnlessInsecure() throws {
        let port = try XCTUnwrap(RawTCP.port(of: try freeEndpoint()))
        let refused = try start(["coordinator", "--bind", "tcp://*:\(port)", "--db", dbPath], name: "refused")
        XCTAssertEqual(refused.wait(timeout: 30), 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("refusing to serve tcp://*:\(port) in plain TCP"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("listening"), refused.stderr)

        let insecure = try start(["coordinator", "--bind", "tcp://*:\(port)", "--db", dbPath, "--insecure"], name: "insecure")
        XCTAssertTrue(eventually(timeout: 30) { insecure.stderr.contains("listening on tcp://0.0.0.0:\(port)") }, insecure.stderr)
    }
}
