import ArgumentParser
import Foundation
import PhysweepCluster
import PhysweepSweep

/// `physweep submit SPEC.yaml --to tcp://HOST:5555` (or `--db FILE`): queues a sweep for a running coordinator.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Add a sweep's tasks to a running coordinator, from any machine.",
        discussion: """
        Validates the spec here (errors as FILE:LINE:COLUMN, nothing sent), then either
        sends it to the coordinator at --to, which validates and stores it and starts
        serving its tasks at once, or (with --db, on the coordinator's host) adds its
        tasks to the SQLite file, where the coordinator picks them up within a second.
        Tasks whose result is already stored are reused; quarantined tasks are given a
        fresh start.

        Examples:
          physweep submit sweep.yaml --to tcp://lab-server:5555
          physweep submit sweep.yaml --db lab.sqlite
          physweep submit sweep.yaml --to tcp://lab-server:5555 --rerun
          physweep submit sweep.yaml --to tcp://lab-server:5555 \
              --coordinator-key keys/coordinator.pub --key keys/me.key   # CURVE
        (--rerun is refused while the sweep still has tasks to run.)
        """)

    @Argument(help: "The sweep spec (YAML).")
    var spec: String

    @Option(help: "The coordinator's endpoint, e.g. tcp://lab-server:5555 (the one workers --connect to).")
    var to: String?

    @Option(help: "Instead of --to: the SQLite file the coordinator serves (default physweep.sqlite).")
    var db: String?

    @Option(help: "With --to: seconds to wait for the coordinator's answer.")
    var timeout: Double = 60

    @Flag(help: "Discard this sweep's stored results and run every task again (refused while it runs).")
    var rerun = false

    @OptionGroup var curve: CurveClientOptions

    func validate() throws {
        if to != nil && db != nil { throw ValidationError("give either --to (a coordinator's endpoint) or --db (its file), not both") }
        if db != nil && curve.key != nil { throw ValidationError("--key and --coordinator-key go with --to, not --db") }
        if !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)") }
    }

    func run() throws {
        let sweep = try CommandSupport.loadSpec(spec)
        guard let endpoint = to else {
            try CommandSupport.submit(sweep, to: try SweepStore(path: db ?? "physweep.sqlite"), rerun: rerun)
            return
        }
        do {
            let stored = try SubmissionClient.submit(.init(specFile: spec, specYAML: sweep.yaml, rerun: rerun),
                                                     to: endpoint, security: try curve.security(), timeoutSeconds: timeout)
            CommandSupport.printSubmission(stored.sweep, total: stored.total, queued: stored.queued, reused: stored.reused,
                                           suffix: "; submitted to \(endpoint)")
        } catch let failure as SubmissionClient.Failure {
            FileHandle.standardError.write(Data("physweep submit: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}
