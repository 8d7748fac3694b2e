import Foundation
import PhysweepSweep
import PhysweepTraining

/// What moved between two sweeps of the same grid (two nights): per system and objective set the
/// hypervolume of each night's front under one common reference point, the configurations that
/// entered or left the front, and per configuration the objective metrics whose seed mean moved by
/// more than their seed spread, regressions first. See docs/reports.md, "Comparing two sweeps".
///
/// ```swift
/// let comparison = SweepComparison(base: yesterday, new: today)
/// if comparison.verdict == .regressed { print(comparison.moves.filter(\.isRegression)) }
/// ```
///
/// Everything is computed on seed means (`SeedGroup`): a configuration is identified across the two
/// sweeps by its seed-less task key, so two store files of the same spec compare configuration by
/// configuration.
public struct SweepComparison: Codable, Sendable {
    /// The overall outcome, from which `physweep compare` takes its exit status.
    public enum Verdict: String, Codable, Sendable {
        /// Both sweeps complete; no metric moved beyond its seed spread.
        case unchanged
        /// Both complete; something improved and nothing regressed.
        case improved
        /// Both complete; at least one objective metric of one configuration got worse.
        case regressed
        /// At least one sweep is partial (tasks quarantined, queued, running): not a comparison of complete nights.
        case incomplete
    }

    /// One compared sweep.
    public struct Side: Codable, Sendable {
        public var label: String
        public var sweep: String
        public var objectives: [ParetoObjective]
        public var results: Int
        public var configurations: Int
        public var completeness: Completeness
    }

    /// A seed-less configuration, by task key (`SeedGroup.key`) and a readable label.
    public struct Configuration: Codable, Hashable, Sendable {
        public var system: SystemKind
        public var key: String
        public var label: String
    }

    /// One hypervolume per sweep under a common reference point.
    public struct Hypervolumes: Codable, Sendable {
        /// The common reference point, in the space the hypervolumes were computed in (natural units
        /// or log10 of them), one value per objective, in the objectives' order and own direction.
        public var referencePoint: [Double]
        public var base: Double
        public var new: Double
        /// `new − base`: positive when the front improved.
        public var change: Double
        /// `change / base`, or nil when the base hypervolume is 0.
        public var relativeChange: Double?

        init(referencePoint: [Double], base: Double, new: Double) {
            self.referencePoint = referencePoint
            self.base = base
            self.new = new
            change = new - base
            relativeChange = base > 0 ? change / base : nil
        }
    }

    /// The fronts of one system on one set of objectives (each pair, and all of them when there are more than two).
    public struct FrontChange: Codable, Sendable {
        public var system: SystemKind
        public var objectives: [ParetoObjective]
        /// On the objectives' values in natural units (the reference point in natural units too).
        public var hypervolume: Hypervolumes
        /// On log10 of the values (reference point in log10 units); nil unless every value of both sweeps is positive.
        public var log10Hypervolume: Hypervolumes?
        /// Front members of each sweep (seed means), in the base's and new's configuration order.
        public var baseFront: [Configuration]
        public var newFront: [Configuration]
        /// On the new front and not the base's (including configurations the base did not have).
        public var entered: [Configuration]
        /// On the base front and not the new one (including configurations the new sweep lacks).
        public var left: [Configuration]
    }

    /// An objective metric of one configuration that moved by more than its threshold.
    public struct MetricMove: Codable, Sendable {
        public var configuration: Configuration
        public var metric: MetricName
        public var direction: Direction
        /// Mean ± std over the base's and the new sweep's seeds with a finite value (nil: none).
        public var base: MetricSummary?
        public var new: MetricSummary?
        /// The larger seed standard deviation of the two sweeps, or the tolerance times |base mean| if larger.
        public var threshold: Double
        public var isRegression: Bool
        /// Why it counts: "moved beyond the seed spread", or what became non-finite.
        public var reason: String
        /// `new.mean − base.mean`, when both have one.
        public var change: Double?
    }

    public var base: Side
    public var new: Side
    /// The objectives compared (the base sweep's).
    public var objectives: [ParetoObjective]
    /// The metrics whose moves are judged, with the direction that counts as better: the objectives,
    /// then (with `allMetrics`) every other metric in its natural direction.
    public var judged: [ParetoObjective]
    /// A mean must also move by more than this fraction of |base mean| to count.
    public var tolerance: Double
    public var fronts: [FrontChange]
    /// Regressions first, then improvements; within each, largest relative change first.
    public var moves: [MetricMove]
    /// Configurations only one of the sweeps has.
    public var onlyInBase: [Configuration]
    public var onlyInNew: [Configuration]
    /// Remarks, e.g. that the two sweeps' objectives differ.
    public var notes: [String]
    public var verdict: Verdict
    /// The static `referencePointRule` and `hypervolumeSpace`, kept so the JSON says how its numbers were made.
    public var referencePointRule = Self.referencePointRule
    public var hypervolumeSpace = Self.hypervolumeSpace

    /// How the common reference point is chosen, as printed in the outputs.
    public static let referencePointRule = "one reference point per system and objective set, common to both sweeps: "
        + ReferencePoint.rule + ", applied to the seed means of every configuration of both sweeps"
    /// The space the hypervolumes are computed in, as printed in the outputs.
    public static let hypervolumeSpace = "HV on the objectives' values in natural units, as in fronts.json (the plots' "
        + "log axes do not change it); log10 HV on log10 of every value, so that each decade weighs the same (only when "
        + "every value is positive); both in the minimisation frame (maximised objectives negated)"

    /// Compares `new` against `base`.
    ///
    /// - Parameters:
    ///   - tolerance: a mean must also move by more than `tolerance × |base mean|` (guards
    ///     single-seed configurations and deterministic figures such as FLOPs against rounding).
    ///   - allMetrics: judge every metric, not only the objectives: Pearson r higher is better,
    ///     every other metric (errors, costs, time, memory) lower.
    public init(base: SweepSnapshot, new: SweepSnapshot, tolerance: Double = 0.01, allMetrics: Bool = false) {
        objectives = base.objectives
        let judged = allMetrics ? Self.withEveryMetric(base.objectives) : base.objectives
        self.judged = judged
        self.tolerance = tolerance
        notes = []
        if Set(new.objectives) != Set(base.objectives) {
            notes.append("The sweeps' objectives differ (base: \(Self.describe(base.objectives)); new: "
                         + "\(Self.describe(new.objectives))); compared on the base's.")
        }
        let baseGroups = SeedGroup.groups(base.records), newGroups = SeedGroup.groups(new.records)
        let labels = ConfigurationLabels.make((baseGroups + newGroups).map(\.config))
        let configuration = { (group: SeedGroup) in
            Configuration(system: group.system, key: group.key, label: labels[group.key] ?? group.config.model.rawValue)
        }
        self.base = Side(label: base.label, sweep: base.sweep, objectives: base.objectives, results: base.records.count,
                         configurations: baseGroups.count, completeness: base.completeness)
        self.new = Side(label: new.label, sweep: new.sweep, objectives: new.objectives, results: new.records.count,
                        configurations: newGroups.count, completeness: new.completeness)

        var systems: [SystemKind] = []
        for group in baseGroups + newGroups where !systems.contains(group.system) { systems.append(group.system) }
        fronts = systems.flatMap { system in
            Self.objectiveSets(base.objectives).compactMap { set in
                Self.frontChange(system: system, objectives: set, base: baseGroups.filter { $0.system == system },
                                 new: newGroups.filter { $0.system == system }, configuration: configuration)
            }
        }

        let newByKey = Dictionary(newGroups.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let baseKeys = Set(baseGroups.map(\.key))
        onlyInBase = baseGroups.filter { newByKey[$0.key] == nil }.map(configuration)
        onlyInNew = newGroups.filter { !baseKeys.contains($0.key) }.map(configuration)
        let found = baseGroups.flatMap { group in
            newByKey[group.key].map { other in
                judged.compactMap { Self.move(configuration(group), $0, group, other, tolerance: tolerance) }
            } ?? []
        }
        let order = { (move: MetricMove) in systems.firstIndex(of: move.configuration.system) ?? 0 }
        moves = found.enumerated().sorted { a, b in
            if a.element.isRegression != b.element.isRegression { return a.element.isRegression }
            if order(a.element) != order(b.element) { return order(a.element) < order(b.element) }
            let (ra, rb) = (Self.severity(a.element), Self.severity(b.element))
            return ra != rb ? ra > rb : a.offset < b.offset
        }.map(\.element)

        if !base.completeness.isComplete || !new.completeness.isComplete {
            verdict = .incomplete
        } else if moves.contains(where: \.isRegression) {
            verdict = .regressed
        } else {
            verdict = moves.isEmpty ? .unchanged : .improved
        }
    }

    /// `objectives`, then every other distinct metric (aliases of an objective's figure left out) in its natural direction.
    static func withEveryMetric(_ objectives: [ParetoObjective]) -> [ParetoObjective] {
        let canonical = { (metric: MetricName) -> MetricName in
            switch metric {
            case .flops: return .trainFLOPs
            case .wallSeconds: return .trainWallSeconds
            default: return metric
            }
        }
        let taken = Set(objectives.map { canonical($0.metric) })
        return objectives + MetricName.distinct.filter { !taken.contains($0) }
            .map { ParetoObjective($0, $0 == .pearsonR ? .maximize : .minimize) }
    }

    /// Every pair of objectives, then all of them when there are more than two (one alone: itself).
    static func objectiveSets(_ objectives: [ParetoObjective]) -> [[ParetoObjective]] {
        guard objectives.count > 1 else { return objectives.isEmpty ? [] : [objectives] }
        let pairs = objectives.indices.flatMap { i in objectives.indices.dropFirst(i + 1).map { [objectives[i], objectives[$0]] } }
        return pairs + (objectives.count > 2 ? [objectives] : [])
    }

    private static func frontChange(system: SystemKind, objectives: [ParetoObjective], base: [SeedGroup], new: [SeedGroup],
                                    configuration: (SeedGroup) -> Configuration) -> FrontChange? {
        let placed = { (groups: [SeedGroup]) in
            groups.compactMap { group -> (SeedGroup, [Double])? in
                let values = objectives.compactMap { group.value(of: $0.metric) }
                return values.count == objectives.count && values.allSatisfy(\.isFinite) ? (group, values) : nil
            }
        }
        let (b, n) = (placed(base), placed(new))
        guard !b.isEmpty || !n.isEmpty else { return nil }
        let natural = hypervolumes(b.map(\.1), n.map(\.1), objectives: objectives, transform: { $0 })
        let allPositive = (b + n).allSatisfy { $0.1.allSatisfy { $0 > 0 } }
        let logarithmic = allPositive ? hypervolumes(b.map(\.1), n.map(\.1), objectives: objectives, transform: { log10($0) }) : nil
        func front(_ points: [(SeedGroup, [Double])]) -> [Configuration] {
            let ranks = NonDominatedSort.ranks(points.map { zip(objectives, $0.1).map { $0.oriented($1) } })
            return zip(points, ranks).filter { $0.1 == 0 }.map { configuration($0.0.0) }
        }
        let (baseFront, newFront) = (front(b), front(n))
        return FrontChange(system: system, objectives: objectives, hypervolume: natural, log10Hypervolume: logarithmic,
                           baseFront: baseFront, newFront: newFront,
                           entered: newFront.filter { !baseFront.contains($0) }, left: baseFront.filter { !newFront.contains($0) })
    }

    /// Both hypervolumes under the standard reference point of the union of both point sets, after `transform`.
    private static func hypervolumes(_ base: [[Double]], _ new: [[Double]], objectives: [ParetoObjective],
                                     transform: (Double) -> Double) -> Hypervolumes {
        let orient = { (values: [Double]) in zip(objectives, values).map { $0.oriented(transform($1)) } }
        let (b, n) = (base.map(orient), new.map(orient))
        let reference = ReferencePoint.standard(for: b + n)
        return Hypervolumes(referencePoint: zip(objectives, reference).map { $0.oriented($1) },
                            base: Hypervolume.of(b, reference: reference), new: Hypervolume.of(n, reference: reference))
    }

    /// The move of `objective` between the two sweeps' groups of one configuration, if it counts.
    private static func move(_ configuration: Configuration, _ objective: ParetoObjective, _ base: SeedGroup, _ new: SeedGroup,
                             tolerance: Double) -> MetricMove? {
        let (b, n) = (base.summary(of: objective.metric), new.summary(of: objective.metric))
        let threshold = max(b?.std ?? 0, n?.std ?? 0, tolerance * abs(b?.mean ?? 0))
        let make = { (regression: Bool, reason: String) in
            MetricMove(configuration: configuration, metric: objective.metric, direction: objective.direction, base: b, new: n,
                       threshold: threshold, isRegression: regression, reason: reason,
                       change: b.flatMap { b in n.map { $0.mean - b.mean } })
        }
        // A smaller share of seeds with a finite value (a diverged run) is a regression; a value
        // where the base had none at all, an improvement.
        let (baseSeeds, newSeeds) = (base.records.count, new.records.count)
        let (baseFinite, newFinite) = (b?.n ?? 0, n?.n ?? 0)
        if baseFinite == 0 && newFinite == 0 { return nil }
        if newFinite * baseSeeds < baseFinite * newSeeds {
            return make(true, "finite in \(newFinite) of \(newSeeds) seed(s), was \(baseFinite) of \(baseSeeds)")
        }
        if baseFinite == 0 { return make(false, "finite in \(newFinite) of \(newSeeds) seed(s), was none") }
        guard let b, let n, abs(n.mean - b.mean) > threshold else { return nil }
        return make(objective.oriented(n.mean - b.mean) > 0, "moved beyond the seed spread")
    }

    /// |change| relative to |base mean| (a non-finite or missing value ranks first).
    private static func severity(_ move: MetricMove) -> Double {
        guard let change = move.change, let base = move.base else { return .infinity }
        return base.mean != 0 ? abs(change / base.mean) : abs(change)
    }

    static func describe(_ objectives: [ParetoObjective]) -> String {
        objectives.map { "\($0.metric.rawValue) (\($0.direction.rawValue))" }.joined(separator: ", ")
    }
}
