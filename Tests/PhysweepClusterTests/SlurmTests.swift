import Foundation
import PhysweepSweep
import XCTest

/// `Cluster/slurm/physweep-workers.sbatch` on a real single-node Slurm: munged, slurmctld and slurmd
/// (Debian's munge and slurm-wlm) started by the test on the coordinator host of a `LabNetwork`, with
/// a generated munge key and slurm.conf. The node has 2 CPUs, so a job runs 2 workers.
final class SlurmTests: ClusterTestCase {
    private var lab: LabNetwork?
    private let port = 5555

    override func setUpWithError() throws {
        try super.setUpWithError()
        for daemon in ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd"] where !FileManager.default.isExecutableFile(atPath: daemon) {
            throw XCTSkip("\(daemon) is not installed (`bash Cluster/install-deps.sh --tests` installs munge and slurm-wlm)")
        }
        lab = try LabNetwork(workers: 1)
    }

    override func tearDownWithError() throws {
        try super.tearDownWithError()
        lab?.tearDown()
    }

    private static let batchScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Cluster/slurm/physweep-workers.sbatch").standardizedFileURL.path

    private var slurmConf: String { directory.appendingPathComponent("slurm/slurm.conf").path }

    /// A Slurm client command (`sbatch`, `scancel`, …) on the coordinator host.
    @discardableResult
    private func slurm(_ lab: LabNetwork, _ command: [String], environment: [String: String] = [:]) throws -> String {
        try ChildProcess.run(lab.enterCoordinator + command, environment: environment.merging(["SLURM_CONF": slurmConf]) { $1 })
    }

    /// Starts munged, slurmctld and slurmd on the coordinator host and waits for the node to be idle.
    private func startSlurm(_ lab: LabNetwork) throws {
        let munge = directory.appendingPathComponent("munge"), state = directory.appendingPathComponent("slurm")
        for sub in ["state", "spool"] {
            try FileManager.default.createDirectory(at: state.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: munge, withIntermediateDirectories: true)
        let key = munge.appendingPathComponent("munge.key").path
        var random = SystemRandomNumberGenerator()
        try Data((0..<1024).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: URL(fileURLWithPath: key))
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: key)
        let socket = munge.appendingPathComponent("munge.socket").path
        let munged = try start(command: lab.enterCoordinator + [
            "/usr/sbin/munged", "--foreground", "--key-file=\(key)", "--socket=\(socket)", "--seed-file=\(munge.path)/seed",
            "--pid-file=\(munge.path)/munged.pid", "--log-file=\(munge.path)/munged.log"], name: "munged")
        XCTAssertTrue(eventually(timeout: 30) { FileManager.default.fileExists(atPath: socket) }, "munged starts\n" + munged.stderr)

        try """
            ClusterName=physweep
            SlurmctldHost=localhost(127.0.0.1)
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket=\(socket)
            CredType=cred/munge
            StateSaveLocation=\(state.path)/state
            SlurmdSpoolDir=\(state.path)/spool
            SlurmctldPidFile=\(state.path)/slurmctld.pid
            SlurmdPidFile=\(state.path)/slurmd.pid
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU
            SlurmdParameters=config_overrides
            ReturnToService=2
            MpiDefault=none
            KillWait=2
            MinJobAge=300
            NodeName=physweep-node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
            PartitionName=lab Nodes=physweep-node Default=YES MaxTime=INFINITE State=UP
            """.write(toFile: slurmConf, atomically: true, encoding: .utf8)
        let controller = try start(command: lab.enterCoordinator + ["/usr/sbin/slurmctld", "-D", "-c", "-f", slurmConf], name: "slurmctld")
        let node = try start(command: lab.enterCoordinator + ["/usr/sbin/slurmd", "-D", "-N", "physweep-node", "-f", slurmConf], name: "slurmd")
        XCTAssertTrue(eventually(timeout: 60) {
            (try? slurm(lab, ["sinfo", "-h", "-o", "%T"]))?.trimmingCharacters(in: .whitespacesAndNewlines) == "idle"
        }, "the node comes up idle\n" + controller.stderr + node.stderr)
    }

    /// `sbatch options… SCRIPT` from the scratch directory; the job id.
    private func submitWorkers(_ lab: LabNetwork, _ options: [String]) throws -> Int {
        let output = try slurm(lab, ["sbatch", "--parsable", "--chdir", directory.path] + options + [Self.batchScript],
                               environment: ["COORDINATOR": "tcp://127.0.0.1:\(port)", "PHYSWEEP_BIN": try PhysweepProcess.executable().path,
                                             "GIVE_UP_AFTER": "60"])
        return try XCTUnwrap(Int(output.split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""), output)
    }

    /// The job's state as `scontrol` reports it (RUNNING, CANCELLED, COMPLETED, …), once it has left the queue.
    private func finalState(_ lab: LabNetwork, job: Int) -> String? {
        guard (try? slurm(lab, ["squeue", "-h", "-j", "\(job)"]))?.isEmpty == true,
              let shown = try? slurm(lab, ["scontrol", "show", "job", "\(job)"]),
              let range = shown.range(of: "JobState=") else { return nil }
        return String(shown[range.upperBound...].prefix { !$0.isWhitespace })
    }

    func testTheJobsWorkersServeASweepAndScancelMidSweepLosesNothing() throws {
        let lab = try XCTUnwrap(lab)
        try startSlurm(lab)
        let spec = try writeSpec("slurm.yaml", """
            name: slurm
            systems:
              sleep: {models: [none]}
            fixed: {sleep_seconds: 1}
            seeds: 8
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            max_attempts: 3
            """)
        let coordinator = try start(["coordinator", "--bind", "tcp://127.0.0.1:\(port)", "--db", dbPath, "--until-done",
                                     "--heartbeat-ms", "200", "--liveness", "3", "--log-level", "info", spec],
                                    name: "coordinator", prefix: lab.execOnCoordinator)
        // As Cluster/README.md shows it: whole nodes, one worker per CPU (this node has 2).
        let host = try ChildProcess.run(["hostname", "-s"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let cancelled = try submitWorkers(lab, ["--nodes=1"])
        let log = { [directory] (job: Int) in
            (try? String(contentsOf: directory!.appendingPathComponent("physweep-workers-\(job).log"), encoding: .utf8)) ?? "no log"
        }
        XCTAssertTrue(eventually(timeout: 90) { ((try? readStore().stateCounts(of: "slurm"))?[.done] ?? 0) >= 2 },
                      "the job's workers run tasks\n" + coordinator.stderr + log(cancelled))
        XCTAssertTrue(eventually(timeout: 30) { (0..<2).allSatisfy { coordinator.stderr.contains("worker \(host)-slurm\(cancelled)-\($0) joined") } },
                      "one worker per CPU\n" + coordinator.stderr + log(cancelled))
        try slurm(lab, ["scancel", "\(cancelled)"])
        XCTAssertTrue(eventually(timeout: 60) { finalState(lab, job: cancelled) == "CANCELLED" }, log(cancelled))
        XCTAssertLessThan(try readStore().stateCounts(of: "slurm")[.done] ?? 0, 8, "cancelled mid-sweep")

        let rerun = try submitWorkers(lab, ["--ntasks-per-node=2"])
        XCTAssertEqual(coordinator.wait(timeout: 120), 0, coordinator.stderr + log(rerun))
        XCTAssertTrue(eventually(timeout: 60) { finalState(lab, job: rerun) == "COMPLETED" }, "the workers leave on BYE\n" + log(rerun))
        try assertExactlyOneResultPerTask("slurm", tasks: 8)
        let workers = Set(try readStore().results(of: "slurm").map(\.worker))
        XCTAssertTrue(workers.contains { $0.contains("-slurm\(cancelled)-") }, "\(workers)")
        XCTAssertTrue(workers.contains { $0.contains("-slurm\(rerun)-") }, "\(workers)")
        let requeued = try readStore().tasks(of: "slurm").filter { $0.attempts > 1 }
        XCTAssertFalse(requeued.isEmpty, "the cancelled job's running tasks ran again")
        for task in requeued {
            XCTAssertTrue(task.lastError?.contains("-slurm\(cancelled)-") ?? false, task.lastError ?? "no error")
        }
    }
}
