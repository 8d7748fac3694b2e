import ArgumentParser
import Foundation
import Logging
import PhysweepCluster
import PhysweepSweep

/// `physweep run SPEC.yaml`: the whole sweep on this machine — coordinator in this process,
/// worker processes beside it, results in a SQLite file, a report at the end.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep on this machine: a coordinator here plus local worker processes.",
        discussion: """
        The spec is validated first: any problem is printed as FILE:LINE:COLUMN and
        nothing runs. Every task's result is committed to the SQLite file (--db) as it
        arrives, so an interrupted run loses nothing: run the same command again and
        only the missing tasks run (results already in the file are reused, unless
        --rerun). A task that fails or crashes its worker is retried up to the spec's
        max_attempts, then quarantined; the exit code is 1 if any task was quarantined.

        The workers are separate processes (`physweep worker`), connected over TCP on
        127.0.0.1: a task that crashes takes down only its worker, which is replaced.
        To use other machines as well, run `physweep coordinator` and start `physweep
        worker` on each (docs/orchestration.md).

        Examples:
          physweep run Experiments/quickstart.yaml
          physweep run sweep.yaml --workers 4 --db lab.sqlite --out reports/lab
          physweep status --db lab.sqlite      # from another terminal, meanwhile
        """)

    @Argument(help: "The sweep spec (YAML); see `physweep validate --help`.")
    var spec: String

    @Option(help: "Local worker processes (default: cores ÷ the spec's threads per task, at least 1).")
    var workers: Int?

    @Option(help: "The SQLite file holding tasks and results.")
    var db = "physweep.sqlite"

    @Option(help: "Where the report is written.")
    var out = "physweep-report"

    @Flag(help: "Run every task again, discarding this sweep's stored results.")
    var rerun = false

    @Flag(help: "Skip the report at the end (write it later with `physweep report`).")
    var noReport = false

    @Option(help: "Extra tasks each worker holds beyond the one it runs: a count, or auto (as many as its recent tasks run in 20 ms, at most 64).")
    var prefetch = Prefetch.automatic

    @OptionGroup var heartbeat: HeartbeatOptions

    @Option(help: "Log level on standard error (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .warning

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
    }

    func run() throws {
        CommandSupport.bootstrapLogging(logLevel)
        let logger = Logger(label: "physweep.run")
        let sweep = try CommandSupport.loadSpec(spec)
        if let gpus = sweep.command?.gpus, gpus > 0 {
            // Local workers have no GPUs: the tasks would wait for ever.
            throw ValidationError("\(spec): resources.gpus is \(gpus), but `physweep run`'s local workers have no GPUs; "
                                  + "run `physweep coordinator` and `physweep worker --gpus ...` instead (docs/spec.md, The command system)")
        }
        let store = try SweepStore(path: db)
        let options = CoordinatorOptions(bind: "tcp://127.0.0.1:*",
                                         heartbeat: heartbeat.settings,
                                         stopWhenIdle: true, sweep: sweep.name)
        let coordinator = try Coordinator(store: store, options: options, logger: Logger(label: "physweep.coordinator"))
        if rerun { try store.discardTasks(of: sweep.name) }
        let submission = try CommandSupport.submit(sweep, to: store, rerun: false)

        var pool: LocalWorkerPool?
        if submission.queued > 0 {
            let perCore = max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, sweep.threads))
            let count = min(workers ?? perCore, submission.queued)
            pool = try LocalWorkerPool(
                count: count, executable: LocalWorkerPool.currentExecutable,
                arguments: ["worker", "--connect", coordinator.endpoint, "--prefetch", "\(prefetch)",
                            "--parent", "\(getpid())", "--log-level", "\(logLevel)"],
                // Enough to replace each worker a few times over: poison tasks are quarantined long before.
                maxRestarts: 10 * count + 2 * sweep.maxAttempts, logger: logger)
            FileHandle.standardError.write(Data("started \(count) local worker(s) on \(coordinator.endpoint)\n".utf8))
        }
        let bar = ProgressBar()
        let summary = try coordinator.run { bar.show($0) }
        bar.show(summary.final, final: true)
        pool?.stop(grace: 5)

        let counts = try store.stateCounts(of: sweep.name)
        let failed = counts[.failed] ?? 0
        if !noReport { try CommandSupport.writeReport(of: try store.sweep(named: sweep.name), from: store, to: out) }
        print("sweep \(sweep.name): \(counts[.done] ?? 0) done, \(failed) failed (quarantined); results in \(db)"
              + (noReport ? "" : ", report in \(out)/"))
        if failed > 0 {
            print("see the failures with: physweep status --db \(db) \(sweep.name)")
            throw ExitCode(1)
        }
    }
}
