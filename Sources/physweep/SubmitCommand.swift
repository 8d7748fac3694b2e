import ArgumentParser
import Foundation
import PhysweepSweep

/// `physweep submit SPEC.yaml --db FILE`: queues a sweep for the coordinator serving that file.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Add a sweep's tasks to the store a running coordinator serves.",
        discussion: """
        Validates the spec (errors as FILE:LINE:COLUMN, nothing queued), then adds its tasks to the
        SQLite file in one transaction. The coordinator serving the file picks them up within a second.
        Tasks whose result is already stored are reused; quarantined tasks are given a fresh start.
        The file must be reachable from this machine (run it on the coordinator's host).

        Examples:
          physweep submit sweep.yaml --db lab.sqlite
          physweep submit sweep.yaml --db lab.sqlite --rerun     # only once the sweep has finished
        """)

    @Argument(help: "The sweep spec (YAML).")
    var spec: String

    @Option(help: "The SQLite file the coordinator serves.")
    var db = "physweep.sqlite"

    @Flag(help: "Discard this sweep's stored results and run every task again (refused while it runs).")
    var rerun = false

    func run() throws {
        let sweep = try CommandSupport.loadSpec(spec)
        try CommandSupport.submit(sweep, to: try SweepStore(path: db), rerun: rerun)
    }
}
