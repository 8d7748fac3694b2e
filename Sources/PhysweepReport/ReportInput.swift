import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// Everything a report is drawn from, computed once: the records to show, their Pareto analysis,
/// their seed groups and the seed-means' Pareto analysis.
struct ReportInput {
    var sweepName: String
    var objectives: [ParetoObjective]
    /// Carbon settings all CO₂ figures were rebased to, or nil when each result's own were kept.
    var carbon: CarbonSettings?
    /// One record per task (the latest attempt), in input order.
    var records: [ResultRecord]
    /// Per-result fronts and hypervolumes.
    var analysis: ParetoAnalysis
    var groups: [SeedGroup]
    /// Fronts of the seed means, with the per-result reference points so both hypervolumes compare.
    var groupAnalysis: ParetoAnalysis

    init(records: [ResultRecord], objectives: [ParetoObjective], sweepName: String, carbon: CarbonSettings?,
         referencePoints: [SystemKind: [MetricName: Double]]) {
        self.sweepName = sweepName
        self.objectives = objectives
        self.carbon = carbon
        let latest = Self.latestAttempts(records)
        self.records = carbon.map { settings in latest.map { Self.rebase($0, to: settings) } } ?? latest
        analysis = ParetoAnalysis(self.records, objectives: objectives, referencePoints: referencePoints)
        groups = SeedGroup.groups(self.records)
        var sharedReferences = referencePoints
        for fronts in analysis.systems { sharedReferences[fronts.system] = fronts.referencePointByMetric }
        groupAnalysis = ParetoAnalysis(groups, objectives: objectives, referencePoints: sharedReferences)
    }

    /// The systems present, in order of first appearance.
    var systems: [SystemKind] { analysis.systems.map(\.system) }

    /// A retried task can be stored more than once; only its latest attempt counts.
    static func latestAttempts(_ records: [ResultRecord]) -> [ResultRecord] {
        var latest: [String: Int] = [:]
        for (i, record) in records.enumerated() {
            let key = record.sweep + "\u{0}" + record.taskKey
            if let j = latest[key], records[j].attempt >= record.attempt { continue }
            latest[key] = i
        }
        let kept = Set(latest.values)
        return records.indices.filter(kept.contains).map { records[$0] }
    }

    /// `record` with its CO₂ figures recomputed for `carbon`, so numbers from different sites or
    /// nights can be compared under one grid intensity and PUE.
    static func rebase(_ record: ResultRecord, to carbon: CarbonSettings) -> ResultRecord {
        var record = record
        record.result.settings.carbon = carbon
        record.result.efficiency.train.co2Grams = carbon.grams(for: record.result.efficiency.train.energy)
        record.result.efficiency.inference.co2Grams = carbon.grams(for: record.result.efficiency.inference.energy)
        return record
    }
}
