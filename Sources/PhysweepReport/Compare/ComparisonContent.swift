import PhysweepSweep
import PhysweepTraining

/// What compare.md and compare.html both show, as text, so the two renderings cannot drift apart.
struct ComparisonContent {
    struct Table {
        var columns: [String]
        var rows: [[String]]
    }

    struct Section {
        var heading: String
        /// Shown above the table (or alone, when there is no table).
        var paragraphs: [String]
        var table: Table?
        /// Plots of this section's system (nil: none).
        var system: SystemKind?
    }

    var title: String
    var facts: [String]
    var sections: [Section]

    /// At most this many unfinished tasks are listed per sweep (all are counted).
    static let unfinishedListed = 50

    init(_ comparison: SweepComparison) {
        title = "physweep compare: \(comparison.base.label) → \(comparison.new.label)"
        let c = comparison
        let regressions = c.moves.filter(\.isRegression).count
        facts = ["Verdict: \(c.verdict.rawValue) (exit status \(c.verdict.exitStatus)): \(regressions) regression(s), "
                 + "\(c.moves.count - regressions) improvement(s)." + (c.verdict == .incomplete ? " "
                 + "A partial sweep is not compared as if complete: fronts and hypervolumes below cover only the results there are." : "")]
        for (name, side) in [("Base", c.base), ("New", c.new)] {
            facts.append("\(name): \(side.label) (sweep \(side.sweep)): \(side.results) result(s) in \(side.configurations) "
                         + "configuration(s); \(side.completeness.description)"
                         + (side.completeness.isComplete ? "." : " — PARTIAL."))
        }
        facts.append("Objectives: \(SweepComparison.describe(c.objectives)).")
        if c.judged.count > c.objectives.count {
            facts.append("Judged besides the objectives (--all-metrics): "
                         + SweepComparison.describe(Array(c.judged.dropFirst(c.objectives.count))) + ".")
        }
        facts.append("A metric moved when its seed mean changed by more than the larger seed standard deviation of the two "
                     + "sweeps and more than \(NumberFormat.short(100 * c.tolerance))% of the base mean; its direction comes "
                     + "from the objective (minimize/maximize). A configuration with fewer finite seeds than before regressed.")
        facts.append("Hypervolumes are of the seed means' fronts; reference point: \(SweepComparison.referencePointRule).")
        facts.append("Hypervolume space: \(SweepComparison.hypervolumeSpace).")
        facts += c.notes
        sections = []
        for (name, side) in [("base", c.base), ("new", c.new)] where !side.completeness.unfinished.isEmpty {
            sections.append(Self.unfinished(side, name: name))
        }
        sections.append(Self.moves("Regressions", c.moves.filter(\.isRegression)))
        sections.append(Self.moves("Improvements", c.moves.filter { !$0.isRegression }))
        var systems: [SystemKind] = []
        for front in c.fronts where !systems.contains(front.system) { systems.append(front.system) }
        for system in systems {
            sections.append(Self.fronts(c.fronts.filter { $0.system == system }, system: system, partial: c.verdict == .incomplete))
        }
        let only = c.onlyInBase.map { ($0, "base only") } + c.onlyInNew.map { ($0, "new only") }
        if !only.isEmpty {
            sections.append(Section(heading: "Configurations in one sweep only", paragraphs: [],
                                    table: Table(columns: ["system", "configuration", "key", "in"],
                                                 rows: only.map { [$0.0.system.rawValue, $0.0.label, $0.0.key, $0.1] })))
        }
    }

    private static func unfinished(_ side: SweepComparison.Side, name: String) -> Section {
        let tasks = side.completeness.unfinished
        let rows = tasks.prefix(unfinishedListed).map { task in
            [task.key, task.system.rawValue, String(task.seed), task.state, task.lastError ?? ""]
        }
        let more = tasks.count > unfinishedListed ? ["\(tasks.count - unfinishedListed) more not listed."] : []
        return Section(heading: "Unfinished tasks of the \(name) sweep (\(side.label))",
                       paragraphs: ["\(side.completeness.description)."] + more,
                       table: Table(columns: ["task", "system", "seed", "state", "last error"], rows: Array(rows)))
    }

    private static func moves(_ heading: String, _ moves: [SweepComparison.MetricMove]) -> Section {
        guard !moves.isEmpty else { return Section(heading: heading, paragraphs: ["None."], table: nil) }
        let rows = moves.map { move -> [String] in
            let change = move.change.map { change in
                signed(change) + (move.base.map { $0.mean != 0 ? " (\(signed(100 * change / abs($0.mean)))%)" : "" } ?? "")
            }
            return [move.configuration.system.rawValue, move.configuration.label,
                    "\(move.metric.rawValue) (\(move.direction == .minimize ? "↓" : "↑"))",
                    move.base.map(NumberFormat.meanStd) ?? "—", move.new.map(NumberFormat.meanStd) ?? "—",
                    change ?? "—", NumberFormat.short(move.threshold), move.reason, move.configuration.key]
        }
        return Section(heading: heading, paragraphs: [],
                       table: Table(columns: ["system", "configuration", "metric", "base", "new", "change", "threshold", "why", "key"],
                                    rows: rows))
    }

    private static func fronts(_ fronts: [SweepComparison.FrontChange], system: SystemKind, partial: Bool) -> Section {
        let rows = fronts.map { front -> [String] in
            let hv = front.hypervolume, log = front.log10Hypervolume
            let names = { (list: [SweepComparison.Configuration]) in list.isEmpty ? "—" : list.map(\.label).joined(separator: "; ") }
            return [front.objectives.map(\.metric.rawValue).joined(separator: " × "),
                    hv.referencePoint.map { NumberFormat.short($0) }.joined(separator: ", "),
                    NumberFormat.short(hv.base), NumberFormat.short(hv.new), change(hv),
                    log.map { NumberFormat.short($0.base) } ?? "—", log.map { NumberFormat.short($0.new) } ?? "—",
                    log.map(change) ?? "—",
                    "\(front.baseFront.count) → \(front.newFront.count)", names(front.entered), names(front.left)]
        }
        return Section(heading: "Fronts: \(system.rawValue)",
                       paragraphs: ["Seed means; reference point in natural units, in the objectives' order."]
                           + (partial ? ["PARTIAL: a sweep lacks results, so these fronts are not a like-for-like comparison."] : []),
                       table: Table(columns: ["objectives", "reference point", "HV base", "HV new", "HV change",
                                              "log10 HV base", "log10 HV new", "log10 HV change",
                                              "front size", "entered the front", "left the front"], rows: rows),
                       system: system)
    }

    private static func change(_ hv: SweepComparison.Hypervolumes) -> String {
        signed(hv.change) + (hv.relativeChange.map { " (\(signed(100 * $0))%)" } ?? "")
    }

    /// "+1.23" or "−1.23" (a zero change is "0").
    static func signed(_ value: Double) -> String {
        value > 0 ? "+" + NumberFormat.short(value) : (value < 0 ? "−" + NumberFormat.short(-value) : "0")
    }
}
