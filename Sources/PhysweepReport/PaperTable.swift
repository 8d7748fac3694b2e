import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// The paper-table view of stored results: per system, one row per model (and activation, and any
/// other setting that varies within the model), each figure the mean ± std over seeds, split as
/// papers do into an efficacy table (test and extrapolation errors) and an efficiency table
/// (training and inference energy, CO₂, time, FLOPs, parameters). Every energy and CO₂ figure is
/// marked with how it was obtained (measured or estimated, and the method); where a reference
/// file holds the paper's number for a row and metric, it stands in a column beside ours.
///
/// ```swift
/// let table = PaperTable(records: try store.results(of: "paper-burgers"), reference: reference)
/// print(PaperTableRendering.markdown(table))
/// try PaperTableRendering.latex(table).write(to: url, atomically: true, encoding: .utf8)
/// ```
public struct PaperTable: Sendable {
    /// One row: the results of one configuration, over its seeds.
    public struct Row: Sendable {
        public var label: String
        public var group: SeedGroup
    }

    /// One system's rows and the metrics they have.
    public struct Section: Sendable {
        public var system: SystemKind
        public var rows: [Row]
        public var efficacy: [MetricName]
        public var efficiency: [MetricName]
    }

    /// Efficacy columns, when the system has them.
    static let efficacyMetrics: [MetricName] = [.testMSE, .testRelL2, .extrapolationMSE, .extrapolationRelL2,
                                                 .vrmse, .nmse, .rolloutVRMSE]
    /// Efficiency columns, when the system has them.
    static let efficiencyMetrics: [MetricName] = [
        .trainEnergyKWh, .trainCO2Grams, .inferenceEnergyKWh, .inferenceCO2Grams,
        .trainWallSeconds, .inferenceWallSeconds, .trainFLOPs, .inferenceFLOPs, .parameters,
    ]

    public var sections: [Section]
    public var reference: PaperReference?

    /// The table of `records` (the latest attempt of each task counts), systems and rows in order
    /// of first appearance; with `carbon`, every CO₂ figure is recomputed for that grid intensity and PUE.
    public init(records: [ResultRecord], reference: PaperReference?, carbon: CarbonSettings? = nil) {
        self.reference = reference
        let groups = SeedGroup.groups(Self.latest(records, carbon: carbon))
        var systems: [SystemKind] = []
        for group in groups where !systems.contains(group.system) { systems.append(group.system) }
        sections = systems.map { system in
            let members = groups.filter { $0.system == system }
            let present = { (metric: MetricName) in members.contains { $0.summary(of: metric) != nil } }
            return Section(system: system, rows: members.map { Row(label: Self.label($0, among: members), group: $0) },
                           efficacy: Self.efficacyMetrics.filter(present),
                           efficiency: Self.efficiencyMetrics.filter(present))
        }
    }

    /// The latest attempt of each task, its CO₂ recomputed for `carbon` when given (as `Report` does).
    static func latest(_ records: [ResultRecord], carbon: CarbonSettings?) -> [ResultRecord] {
        let latest = ReportInput.latestAttempts(records)
        guard let carbon else { return latest }
        return latest.map { ReportInput.rebase($0, to: carbon) }
    }

    /// "model activation", plus the settings that differ between this model's rows (e.g. width=64).
    static func label(_ group: SeedGroup, among groups: [SeedGroup]) -> String {
        let siblings = groups.filter { $0.config.model == group.config.model }.map { ConfigColumns($0.config) }
        let config = ConfigColumns(group.config)
        let varying = ConfigColumns.names.filter { name in
            !["system", "model", "seed", "activation"].contains(name) && Set(siblings.map { $0.text(name) }).count > 1
        }
        return ([group.config.model.rawValue, group.config.activation.rawValue]
                + varying.map { "\($0)=\(config.text($0))" }).joined(separator: " ")
    }

    /// How a row's energy figures of `metric`'s phase were obtained ("estimated: tdp-share:65W"),
    /// or nil for a metric that is not an energy or CO₂ figure. Seeds obtained differently list
    /// each way, joined by "; ".
    static func energyProvenance(_ group: SeedGroup, metric: MetricName) -> String? {
        guard let phase = metric.energyPhase else { return nil }
        var seen: [String] = []
        for record in group.records {
            let energy = phase(record.result.efficiency)
            let text = "\(energy.source.rawValue): \(energy.method)"
            if !seen.contains(text) { seen.append(text) }
        }
        return seen.joined(separator: "; ")
    }
}
