import PhysweepTraining

/// Pareto fronts, ranks and hypervolumes of a list of candidates, per system.
///
/// A candidate whose value for some objective is missing or not finite (a system without an
/// extrapolation set, a diverged run) cannot be placed, so it is left out of its system's analysis
/// and listed in `SystemFronts.excluded` instead.
public struct ParetoAnalysis: Sendable {
    public var objectives: [Objective]
    /// One entry per system present, in order of first appearance.
    public var systems: [SystemFronts]
    /// Per candidate (same order as the input): its rank, or nil when excluded.
    public var ranks: [Int?]

    /// Ranks and hypervolumes of `candidates` on `objectives`.
    ///
    /// - Parameter referencePoints: per system, a reference point in natural units (one value per
    ///   objective) to use instead of `ReferencePoint.standard`, e.g. the one stored by an earlier
    ///   report, so that hypervolumes are comparable.
    public init<C: ParetoCandidate>(_ candidates: [C], objectives: [Objective],
                                    referencePoints: [SystemKind: [Double]] = [:]) {
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
                         objectives: objectives, reference: referencePoints[system])
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
    /// Indices (into the analysed candidates) that could be placed, in input order.
    public var ranked: [Int]
    /// Their ranks, parallel to `ranked` (0 = on the Pareto front).
    public var ranks: [Int]
    /// Their objective values in natural units, parallel to `ranked`.
    public var values: [[Double]]
    /// Candidates left out, with the objectives they lacked.
    public var excluded: [Exclusion]
    /// The hypervolume reference point in natural units, one value per objective (nil: nothing ranked).
    public var referencePoint: [Double]?
    /// Hypervolume of the rank-0 front with respect to `referencePoint`, in the product of the
    /// objectives' units (0 when nothing was ranked).
    public var hypervolume: Double

    /// Indices (into the analysed candidates) of the front members.
    public var front: [Int] { zip(ranked, ranks).filter { $0.1 == 0 }.map(\.0) }

    init<C: ParetoCandidate>(system: SystemKind, indices: [Int], candidates: [C], objectives: [Objective],
                             reference: [Double]?) {
        self.system = system
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
        guard !oriented.isEmpty else {
            referencePoint = nil
            hypervolume = 0
            return
        }
        let orientedReference = reference.map { zip(objectives, $0).map { $0.oriented($1) } }
            ?? ReferencePoint.standard(for: oriented)
        referencePoint = zip(objectives, orientedReference).map { $0.oriented($1) }
        let frontPoints = zip(oriented, ranks).filter { $0.1 == 0 }.map(\.0)
        hypervolume = Hypervolume.of(frontPoints, reference: orientedReference)
    }
}

/// A candidate left out of a Pareto analysis.
public struct Exclusion: Hashable, Sendable {
    /// Index into the analysed candidates.
    public var index: Int
    /// The objectives whose values were missing or not finite.
    public var missing: [MetricName]
}
