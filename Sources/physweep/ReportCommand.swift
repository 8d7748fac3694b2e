import ArgumentParser
import Foundation
import PhysweepMetering
import PhysweepSweep

/// `physweep report [SWEEP] --db FILE --out DIR`: tables, Pareto fronts and emissions of stored results.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a sweep's report (results, Pareto fronts, emissions) from the SQLite file.",
        discussion: """
        Reads the store read-only, so it works while a coordinator is still running
        (the report then covers the results so far). `physweep run` writes the same
        report when a sweep ends. See docs/reports.md for the files.

        Examples:
          physweep report --out physweep-report      # the only sweep in physweep.sqlite
          physweep report burgers --db lab.sqlite --out reports/burgers
          physweep report burgers --db lab.sqlite --out fr --intensity 56  # 56 g/kWh
          physweep report --db paper.sqlite --out tables --tables --claims \\
            --reference Experiments/paper/reference.json     # paper tables + claims
        """)

    @Argument(help: "The sweep (optional when the file holds only one).")
    var sweep: String?

    @Option(help: "The SQLite file.")
    var db = "physweep.sqlite"

    @Option(help: "Directory to write the report into.")
    var out = "physweep-report"

    @Option(help: "Recompute CO₂ with this grid intensity (g/kWh) instead of the recorded figures.")
    var intensity: Double?

    @Option(help: "Recompute CO₂ with this PUE (with --intensity; default 1).")
    var pue: Double?

    @Flag(help: "Write the paper tables (paper-tables.md, paper-tables.tex) of the named sweep, or of every sweep in the file, instead of the report.")
    var tables = false

    @Flag(help: "Write claims.md: the paper's claims tested on the results (with --tables or alone).")
    var claims = false

    @Option(help: "Reference file of the paper's published numbers, shown beside ours in the paper tables.")
    var reference: String?

    func run() throws {
        let store = try SweepStore(path: db, access: .readOnly)
        let carbon = intensity.map { CarbonSettings(intensityGramsPerKWh: $0, pue: pue ?? 1) }
        if tables || claims {
            let files = try PaperReport.write(from: store, sweep: sweep, tables: tables, claims: claims,
                                              reference: reference, carbon: carbon, to: out)
            print("paper view of \(db) in \(out)/: " + files.map(\.lastPathComponent).joined(separator: ", "))
            return
        }
        let record: SweepRecord
        if let sweep {
            record = try store.sweep(named: sweep)
        } else {
            let all = try store.sweeps()
            guard all.count == 1 else {
                throw ValidationError(all.isEmpty ? "\(db) holds no sweep yet"
                    : "\(db) holds \(all.count) sweeps; name one: " + all.map(\.name).joined(separator: ", "))
            }
            record = all[0]
        }
        let files = try CommandSupport.writeReport(of: record, from: store, to: out, carbon: carbon)
        print("report of \(record.name) in \(out)/: " + files.map(\.lastPathComponent).joined(separator: ", "))
    }
}
