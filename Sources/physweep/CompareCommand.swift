import ArgumentParser
import Foundation
import PhysweepReport
import PhysweepSweep

/// `physweep compare BASE NEW`: what moved between two sweeps (two nights), as Markdown, JSON and
/// HTML, with an exit status a cron job or systemd `OnFailure=` can act on.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two sweeps: hypervolumes, front changes and the metrics that moved beyond their seed spread.",
        discussion: """
        BASE and NEW each name a sweep, in one of three forms:
          FILE            a store file (an existing path) holding exactly one sweep
          FILE:SWEEP      the sweep SWEEP of the store file FILE
          SWEEP           the sweep SWEEP of the --db file
        An argument naming an existing file is read as a file (to name a sweep called
        like a file, write DBFILE:SWEEP); one that looks like a path (has a / or ends
        in .sqlite) but does not exist is an input error.

        Per system and objective pair (and all objectives, when more than two), it
        reports the hypervolume of each sweep's seed-mean front under one reference
        point common to both, the configurations that entered or left the front, and
        per configuration the objectives (--all-metrics: every metric) whose seed mean
        moved by more than its seed spread, regressions first. Writes compare.md,
        compare.json, compare.html and plots/ into --out and prints compare.md. See
        docs/reports.md, "Comparing two sweeps".

        A sweep with tasks that are not done (quarantined, queued, running, cancelled)
        is partial: it is reported as such and never judged as if complete.

        Exit status:
          0   both sweeps complete, nothing regressed
          3   something regressed (both complete)
          4   a sweep is partial (regressions among the results there are still listed)
          64  usage or input error (bad arguments, unreadable store, unknown sweep)

        Examples:
          physweep compare nights/2026-12-06.sqlite nights/2026-12-07.sqlite
          physweep compare --db lab.sqlite burgers-v1 burgers-v2 --out compare-v2
          physweep compare old.sqlite:burgers lab.sqlite:burgers --tolerance 0.05
          physweep compare a.sqlite b.sqlite --all-metrics   # wall time, memory, … too
        """)

    @Argument(help: "The earlier sweep: FILE, FILE:SWEEP or SWEEP (in --db).")
    var base: String

    @Argument(help: "The later sweep, in the same forms.")
    var new: String

    @Option(help: "The store file for sweeps named without a file.")
    var db = "physweep.sqlite"

    @Option(help: "Directory to write compare.md, compare.json, compare.html and plots/ into.")
    var out = "physweep-compare"

    @Option(help: "A mean must also move by more than this fraction of the base mean to count.")
    var tolerance = 0.01

    @Flag(help: "Judge every metric, not only the objectives (Pearson r higher is better, every other metric lower).")
    var allMetrics = false

    @Flag(help: "Do not print compare.md to standard output.")
    var quiet = false

    func run() throws {
        let exitStatus: Int32
        do {
            guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be ≥ 0, got \(tolerance)") }
            let (baseSnapshot, newSnapshot) = (try load(base), try load(new))
            let comparison = SweepComparison(base: baseSnapshot, new: newSnapshot, tolerance: tolerance, allMetrics: allMetrics)
            try ComparisonReport.write(comparison, base: baseSnapshot, new: newSnapshot, to: URL(fileURLWithPath: out))
            if !quiet, let text = try? String(contentsOfFile: out + "/compare.md", encoding: .utf8) { print(text) }
            FileHandle.standardError.write(Data("compare: \(comparison.verdict.rawValue); written to \(out)/\n".utf8))
            exitStatus = comparison.verdict.exitStatus
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            exitStatus = SweepComparison.usageExitStatus
        }
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }

    /// A sweep named as FILE, FILE:SWEEP or SWEEP (in --db).
    private func load(_ argument: String) throws -> SweepSnapshot {
        let (path, name) = Self.split(argument, db: db)
        if path == db && (argument.contains("/") || argument.hasSuffix(".sqlite")) {
            throw ValidationError("\(argument): no such store file")
        }
        let store = try SweepStore(path: path, access: .readOnly)
        if let name { return try SweepSnapshot.load(from: store, sweep: name, label: argument) }
        let all = try store.sweeps()
        guard all.count == 1 else {
            throw ValidationError(all.isEmpty ? "\(path) holds no sweep"
                : "\(path) holds \(all.count) sweeps; name one as \(path):SWEEP: " + all.map(\.name).joined(separator: ", "))
        }
        return try SweepSnapshot.load(from: store, sweep: all[0].name, label: argument)
    }

    /// (store file, sweep name or nil for "the only one") of an argument.
    static func split(_ argument: String, db: String) -> (path: String, sweep: String?) {
        let exists = { (path: String) in
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
        }
        if exists(argument) { return (argument, nil) }
        if let colon = argument.lastIndex(of: ":"), exists(String(argument[..<colon])) {
            return (String(argument[..<colon]), String(argument[argument.index(after: colon)...]))
        }
        return (db, argument)
    }
}
