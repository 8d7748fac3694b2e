import Foundation
import PhysweepSweep
import XCTest

/// `Cluster/ssh/launch-workers.sh` against a real sshd on a worker host in a network namespace
/// (`LabNetwork`), with a generated host key (checked: `StrictHostKeyChecking=yes`) and user key.
final class SSHLauncherTests: LabNetworkTestCase {

    private static let launcher = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Cluster/ssh/launch-workers.sh").standardizedFileURL.path

    /// Starts sshd on worker host 1 and returns the `SSH` command for the launcher.
    private func startSSHD(_ lab: LabNetwork) throws -> String {
        let keys = directory.appendingPathComponent("ssh")
        try FileManager.default.createDirectory(at: keys.appendingPathComponent("home"), withIntermediateDirectories: true)
        for key in ["host_key", "user_key"] {
            try ChildProcess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key, "-f", keys.appendingPathComponent(key).path])
        }
        let path = { (name: String) in keys.appendingPathComponent(name).path }
        try FileManager.default.copyItem(atPath: path("user_key.pub"), toPath: path("authorized_keys"))
        let hostKey = try String(contentsOfFile: path("host_key.pub"), encoding: .utf8)
        try "\(lab.address(worker: 1)) \(hostKey)".write(toFile: path("known_hosts"), atomically: true, encoding: .utf8)
        try """
            ListenAddress \(lab.address(worker: 1)):22
            HostKey \(path("host_key"))
            AuthorizedKeysFile \(path("authorized_keys"))
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            PidFile \(path("sshd.pid"))
            SetEnv HOME=\(path("home"))
            """.write(toFile: path("sshd_config"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)  // privilege separation
        let sshd = try start(command: lab.exec(worker: 1) + ["/usr/sbin/sshd", "-D", "-e", "-f", path("sshd_config")], name: "sshd")
        let ssh = "ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=10 -o IdentitiesOnly=yes -i \(path("user_key"))"
            + " -o UserKnownHostsFile=\(path("known_hosts")) -o StrictHostKeyChecking=yes"
        XCTAssertTrue(eventually(timeout: 30) {
            (try? ChildProcess.run(lab.execOnCoordinator + ssh.split(separator: " ").map(String.init) + [lab.address(worker: 1), "true"])) != nil
        }, "sshd answers\n" + sshd.stderr)
        return ssh
    }

    /// The launcher run on the coordinator host, as a user would: `launch-workers.sh [--stop] HOST`.
    private func launch(_ lab: LabNetwork, ssh: String, slots: Int = 2, _ arguments: [String]) throws -> String {
        try ChildProcess.run(lab.execOnCoordinator + ["env", "SSH=\(ssh)", "COORDINATOR=\(lab.coordinatorEndpoint(for: 1, port: port))",
                                                    "PHYSWEEP_BIN=\(try PhysweepProcess.executable().path)", "SLOTS=\(slots)",
                                                    "GIVE_UP_AFTER=60", "bash", Self.launcher] + arguments)
    }

    func testLaunchedWorkersServeASweepAndStopStopsThem() throws {
        let lab = try XCTUnwrap(lab)
        let ssh = try startSSHD(lab)
        let spec = try writeSpec("ssh.yaml", """
            name: ssh
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: 0.3}
            seeds: 6
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        // Serves on after the sweep, so the workers are still there for --stop.
        // Plain TCP on purpose (--insecure): this test is about ssh, CurveChannelTests about keys.
        let coordinator = try start(["coordinator", "--bind", "tcp://0.0.0.0:\(port)", "--insecure", "--db", dbPath, "--log-level", "info", spec],
                                    name: "coordinator", prefix: lab.execOnCoordinator)
        let launched = try launch(lab, ssh: ssh, [lab.address(worker: 1)])
        XCTAssertTrue(launched.contains("2 worker process(es) x 1 slot(s) -> \(lab.coordinatorEndpoint(for: 1, port: port))"), launched)

        XCTAssertTrue(eventually(timeout: 90) { (try? readStore().stateCounts(of: "ssh")) == [.done: 6] }, coordinator.stderr)
        try assertExactlyOneResultPerTask("ssh", tasks: 6)
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        XCTAssertTrue(Set(try readStore().results(of: "ssh").map(\.worker)).isSubset(of: ["\(host)-1", "\(host)-2"]))

        // The workers run on the worker host (its network namespace), detached from the ssh session.
        let pidFile = directory.appendingPathComponent("ssh/home/.physweep/workers.pid").path
        let pids = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        XCTAssertEqual(pids.count, 2)
        let onHost = try ChildProcess.run(["ip", "netns", "pids", lab.workers[0]]).split(separator: "\n").compactMap { Int32($0) }
        XCTAssertTrue(Set(pids).isSubset(of: Set(onHost)), "\(pids) on the worker host: \(onHost)")

        // A second launch to the same host numbers its workers on: no two share a name in status and results.
        let again = try launch(lab, ssh: ssh, slots: 1, [lab.address(worker: 1)])
        XCTAssertTrue(again.contains("1 worker process(es)"), again)
        XCTAssertTrue(eventually(timeout: 30) { coordinator.stderr.contains("worker \(host)-3 joined") }, coordinator.stderr)
        XCTAssertEqual(coordinator.stderr.components(separatedBy: "worker \(host)-1 joined").count, 2, coordinator.stderr)
        let all = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        XCTAssertEqual(all.count, 3)

        let stopped = try launch(lab, ssh: ssh, ["--stop", lab.address(worker: 1)])
        XCTAssertTrue(stopped.contains("stopped 3 worker process(es)"), stopped)
        XCTAssertTrue(eventually(timeout: 10) { all.allSatisfy { !Self.isAlive($0) } }, "the workers exit on --stop")
        XCTAssertFalse(FileManager.default.fileExists(atPath: pidFile))
    }

    /// Running and not a zombie (stopped workers are reparented to an init that may not reap them).
    private static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: end)...].hasPrefix(" Z")
    }
}
