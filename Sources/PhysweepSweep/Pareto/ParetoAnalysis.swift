import PhysweepTraining

/// Pareto fronts, ranks and hypervolumes of a list of candidates, per system.
///
/// An objective that *no* candidate of a system has (extrapolation error of a system without an
/// extrapolation set) is dropped for that system and listed in `SystemFronts.droppedObjectives`.
/// A candidate lacking a value that others of its system have, or whose value is not finite (a
/// diverged run), cannot be placed: it is left out and listed in `SystemFronts.excluded`.
public struct ParetoAnalysis: Sendable {
    public var objectives: [ParetoObjective]
    /// One entry per system present, in order of first appearance.
    public var systems: [SystemFronts]
    /// Per candidate (same order as the input): its rank, or nil when excluded.
    public var ranks: [Int?]

    /// Ranks and hypervolumes of `candidates` on `objectives`.
    ///
    /// - Parameter referencePoints: per system, reference-point coordinates in natural units, by
    ///   metric, to use instead of `ReferencePoint.standard` (e.g. the ones stored by an earlier
    ///   report, so that hypervolumes are comparable); coordinates not given follow the standard rule.
    public init<C: ParetoCandidate>(_ candidates: [C], objectives: [ParetoObjective],
                                    referencePoints: [SystemKind: [MetricName: Double]] = [:]) {
        precondition(!objectives.isEmpty, "a Pareto analysis needs at least one objective")
        self.objectives = objectives
        ranks = Array(repeating: nil, count: candidates.count)
        var systemOrder: [SystemKind] = []
        var members: [SystemKind: [Int]] = [:]
        for (i, candidate) in candidates.enumerated() {
            if members[candidate.system] == nil { systemOrder.append(candidate.system) }
            members[candidate.system, default: []].append(i)
        }
        systems = systemOrder.map { system in
            SystemFronts(system: system, indices: members[system]!, candidates: candidates,
                         objectives: objectives, reference: referencePoints[system] ?? [:])
        }
        for fronts in systems {
            for (index, rank) in zip(fronts.ranked, fronts.ranks) { ranks[index] = rank }
        }
    }

    /// The analysis of one system, if it had candidates.
    public func fronts(of system: SystemKind) -> SystemFronts? {
        systems.first { $0.system == system }
    }
}

/// The Pareto analysis of one system's candidates.
public struct SystemFronts: Sendable {
    public var system: SystemKind
    /// The objectives this system was analysed on: the analysis's, less `droppedObjectives`.
    public var objectives: [ParetoObjective]
    /// Objectives none of this system's candidates has a value for.
    public var droppedObjectives: [ParetoObjective]
    /// Indices (into the analysed candidates) that could be placed, in input order.
    public var ranked: [Int]
    /// Their ranks, parallel to `ranked` (0 = on the Pareto front).
    public var ranks: [Int]
    /// Their values of `objectives` in natural units, parallel to `ranked`.
    public var values: [[Double]]
    /// Candidates left out, with the objectives they lacked.
    public var excluded: [Exclusion]
    /// The hypervolume reference point in natural units, one value per entry of `objectives`
    /// (nil: nothing ranked).
    public var referencePoint: [Double]?
    /// Hypervolume of the rank-0 front with respect to `referencePoint`, in the product of the
    /// objectives' units (0 when nothing was ranked).
    public var hypervolume: Double

    /// Indices (into the analysed candidates) of the front members.
    public var front: [Int] { zip(ranked, ranks).filter { $0.1 == 0 }.map(\.0) }

    init<C: ParetoCandidate>(system: SystemKind, indices: [Int], candidates: [C], objectives allObjectives: [ParetoObjective],
                             reference: [MetricName: Double]) {
        self.system = system
        let present = allObjectives.map { objective in indices.contains { candidates[$0].value(of: objective.metric) != nil } }
        let objectives = zip(allObjectives, present).filter(\.1).map(\.0)
        self.objectives = objectives
        droppedObjectives = zip(allObjectives, present).filter { !$0.1 }.map(\.0)
        ranked = []
        values = []
        excluded = []
        for i in indices {
            let raw = objectives.map { candidates[i].value(of: $0.metric) }
            let missing = zip(objectives, raw).filter { $0.1.map { !$0.isFinite } ?? true }.map(\.0.metric)
            if missing.isEmpty {
                ranked.append(i)
                values.append(raw.map { $0! })
            } else {
                excluded.append(Exclusion(index: i, missing: missing))
            }
        }
        let oriented = values.map { zip(objectives, $0).map { $0.oriented($1) } }
        ranks = NonDominatedSort.ranks(oriented)
        guard !oriented.isEmpty, !objectives.isEmpty else {
            referencePoint = nil
            hypervolume = 0
            return
        }
        let standard = ReferencePoint.standard(for: oriented)
        let orientedReference = objectives.indices.map { j in
            reference[objectives[j].metric].map { objectives[j].oriented($0) } ?? standard[j]
        }
        referencePoint = zip(objectives, orientedReference).map { $0.oriented($1) }
        let frontPoints = zip(oriented, ranks).filter { $0.1 == 0 }.map(\.0)
        hypervolume = Hypervolume.of(frontPoints, reference: orientedReference)
    }

    /// The reference point keyed by metric, the form `ParetoAnalysis` accepts back.
    public var referencePointByMetric: [MetricName: Double] {
        guard let referencePoint else { return [:] }
        return Dictionary(zip(objectives.map(\.metric), referencePoint), uniquingKeysWith: { first, _ in first })
    }
}

/// A candidate left out of a Pareto analysis.
public struct Exclusion: Hashable, Sendable {
    /// Index into the analysed candidates.
    public var index: Int
    /// The objectives whose values were missing or not finite.
    public var missing: [MetricName]
}
