import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// `fronts.json`: per system, the Pareto front of the results and of the seed means, with the
/// reference point and hypervolume of each, so a later report can reuse the reference point.
public struct FrontsDocument: Codable, Hashable, Sendable {
    public var sweep: String
    public var objectives: [ParetoObjective]
    /// How default reference points are chosen (`ReferencePoint.rule`).
    public var referencePointRule: String
    /// Carbon settings CO₂ figures were rebased to, or nil when each result's own were used.
    public var carbon: CarbonSettings?
    public var systems: [SystemDocument]

    /// One system's fronts.
    public struct SystemDocument: Codable, Hashable, Sendable {
        public var system: SystemKind
        /// The objectives this system was analysed on (those it has values for).
        public var objectives: [ParetoObjective]
        /// Objectives none of this system's results has (e.g. extrapolation error without an extrapolation set).
        public var droppedObjectives: [ParetoObjective]
        /// Fronts of the individual results (every seed on its own).
        public var results: LevelDocument
        /// Fronts of the per-configuration means over seeds.
        public var seedMeans: LevelDocument

        enum CodingKeys: String, CodingKey {
            case system, objectives, droppedObjectives = "dropped_objectives", results, seedMeans = "seed_means"
        }
    }

    /// The front at one level of aggregation.
    public struct LevelDocument: Codable, Hashable, Sendable {
        /// How many candidates were ranked.
        public var ranked: Int
        /// Candidates left out, with the objectives they lacked.
        public var excluded: [ExcludedDocument]
        /// In natural units, by metric name; nil when nothing was ranked.
        public var referencePoint: [String: Double]?
        public var hypervolume: Double
        /// The rank-0 members.
        public var front: [MemberDocument]
        /// Whether the front's energy and CO₂ objective values are `measured`, `estimated` or
        /// `mixed`; nil when no objective is an energy or CO₂ figure (or the front is empty).
        public var energy: String?

        enum CodingKeys: String, CodingKey {
            case ranked, excluded, referencePoint = "reference_point", hypervolume, front, energy
        }
    }

    /// A candidate left out of the analysis.
    public struct ExcludedDocument: Codable, Hashable, Sendable {
        /// A task key (results) or a configuration-group key (seed means).
        public var key: String
        public var missing: [MetricName]
    }

    /// One front member.
    public struct MemberDocument: Codable, Hashable, Sendable {
        /// A task key (results) or a configuration-group key (seed means).
        public var key: String
        public var model: ModelKind
        public var activation: Activation
        public var width: Int
        public var depth: Int
        /// The seeds behind the values (one for a result).
        public var seeds: [UInt64]
        /// Values of the system's objectives in natural units (means for seed means), in their order.
        public var values: [Double]
        /// For each energy or CO₂ objective, how its figures behind the values were obtained, e.g.
        /// `train_co2_g: measured (rapl:package-0(whole-package))` (one entry per distinct method);
        /// nil when no objective is an energy or CO₂ figure.
        public var energy: [String]?
    }

    enum CodingKeys: String, CodingKey {
        case sweep, objectives, referencePointRule = "reference_point_rule", carbon, systems
    }

    /// The reference points by system, in the form `Report.write` and `ParetoAnalysis` accept, so a
    /// later report can reuse them and compare hypervolumes.
    public var referencePoints: [SystemKind: [MetricName: Double]] {
        var points: [SystemKind: [MetricName: Double]] = [:]
        for system in systems {
            guard let point = system.results.referencePoint else { continue }
            points[system.system] = Dictionary(uniqueKeysWithValues: point.compactMap { key, value in
                MetricName(rawValue: key).map { ($0, value) }
            })
        }
        return points
    }

    init(_ input: ReportInput) {
        sweep = input.sweepName
        objectives = input.objectives
        referencePointRule = ReferencePoint.rule
        carbon = input.carbon
        systems = input.systems.map { system in
            let fronts = input.analysis.fronts(of: system)!
            return SystemDocument(
                system: system, objectives: fronts.objectives, droppedObjectives: fronts.droppedObjectives,
                results: LevelDocument(input.analysis.fronts(of: system)!, keys: input.records.map(\.taskKey),
                                       configs: input.records.map(\.result.config),
                                       seeds: input.records.map { [$0.result.config.seed] }, records: input.records.map { [$0] }),
                seedMeans: LevelDocument(input.groupAnalysis.fronts(of: system)!, keys: input.groups.map(\.key),
                                         configs: input.groups.map(\.config), seeds: input.groups.map(\.seeds),
                                         records: input.groups.map(\.records)))
        }
    }
}

extension FrontsDocument.LevelDocument {
    /// `records`: per candidate, the results behind it (one, or a seed group's).
    init(_ fronts: SystemFronts, keys: [String], configs: [TrainConfig], seeds: [[UInt64]], records: [[ResultRecord]]) {
        ranked = fronts.ranked.count
        excluded = fronts.excluded.map { .init(key: keys[$0.index], missing: $0.missing) }
        referencePoint = fronts.referencePoint.map { _ in
            Dictionary(uniqueKeysWithValues: fronts.referencePointByMetric.map { ($0.key.rawValue, $0.value) })
        }
        hypervolume = fronts.hypervolume
        let energyObjectives = fronts.objectives.map(\.metric).filter { $0.energyPhase != nil }
        let members = zip(fronts.ranked, fronts.ranks).filter { $0.1 == 0 }.map(\.0)
        front = zip(fronts.ranked, zip(fronts.ranks, fronts.values)).filter { $0.1.0 == 0 }.map { index, rankAndValues in
            let config = configs[index]
            let energy = energyObjectives.flatMap { metric in
                let provenance = EnergyProvenance(metric, of: records[index])!
                return (provenance.measuredMethods.map { "measured (\($0))" } + provenance.estimatedMethods.map { "estimated (\($0))" })
                    .map { "\(metric.rawValue): \($0)" }
            }
            return .init(key: keys[index], model: config.model, activation: config.activation, width: config.width,
                         depth: config.depth, seeds: seeds[index], values: rankAndValues.1,
                         energy: energyObjectives.isEmpty ? nil : energy)
        }
        energy = EnergyProvenance(energyObjectives.flatMap { metric in
            members.flatMap { records[$0] }.map { metric.energyPhase!($0.result.efficiency) }
        }).kind
    }
}
