import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// What summary.md and index.html both show, as text, so the two renderings cannot drift apart:
/// per system, the hypervolumes and one paper-style table per model (mean ± std over seeds).
struct SummaryContent {
    struct Table {
        var model: ModelKind
        var columns: [String]
        var rows: [[String]]
        /// Rows whose configuration is on the Pareto front of the seed means.
        var frontRows: Set<Int>
    }

    struct Section {
        var system: SystemKind
        var facts: [String]
        var tables: [Table]
    }

    var title: String
    var facts: [String]
    var sections: [Section]

    /// Metrics every table shows besides the objectives, when the system has them.
    static let keyMetrics: [MetricName] = [.testMSE, .testRelL2, .extrapolationRelL2, .pearsonR, .rolloutVRMSE,
                                           .parameters, .trainFLOPs,
                                           .trainWallSeconds, .trainEnergyKWh, .trainCO2Grams,
                                           .inferenceWallSeconds, .inferenceFLOPs]

    init(_ input: ReportInput) {
        title = "physweep report: \(input.sweepName)"
        let objectiveText = input.objectives.map { "\($0.metric.rawValue) (\($0.direction.rawValue))" }
        facts = [
            "\(input.records.count) results (latest attempt of each task) in \(input.groups.count) "
                + (input.groups.count == 1 ? "configuration." : "configurations."),
            "Objectives: " + objectiveText.joined(separator: ", ") + ".",
            Self.carbonFact(input),
            Self.energyFact(input.records),
        ] + Self.flopsFact(input.records) + [
            "Hypervolume reference point, unless given: " + ReferencePoint.rule + ".",
        ]
        sections = input.systems.map { Self.section(input, system: $0) }
    }

    private static func carbonFact(_ input: ReportInput) -> String {
        if let carbon = input.carbon {
            return "CO₂ recomputed for every result at \(NumberFormat.short(carbon.intensityGramsPerKWh)) g CO₂eq/kWh, "
                + "PUE \(NumberFormat.short(carbon.pue))."
        }
        var seen: [CarbonSettings] = []
        for record in input.records where !seen.contains(record.result.settings.carbon) {
            seen.append(record.result.settings.carbon)
        }
        let text = seen.map { "\(NumberFormat.short($0.intensityGramsPerKWh)) g CO₂eq/kWh at PUE \(NumberFormat.short($0.pue))" }
        return "CO₂ as recorded with each result: " + (text.isEmpty ? "none" : text.joined(separator: "; ")) + "."
    }

    /// How the energy (and so CO₂) figures of `records` were obtained, per phase.
    private static func energyFact(_ records: [ResultRecord]) -> String {
        "Energy and CO₂ figures: training " + EnergyProvenance(records.map(\.result.efficiency.train.energy)).description
            + "; inference " + EnergyProvenance(records.map(\.result.efficiency.inference.energy)).description
            + ". Measured = RAPL/NVML counters of the whole package or device; estimated = TDP share of CPU time."
    }

    /// Says which results' FLOPs were not counted (command tasks whose program reported none): their
    /// FLOP columns are empty (—, `nan` in the CSV), never 0.
    private static func flopsFact(_ records: [ResultRecord]) -> [String] {
        let uncounted = records.filter { $0.result.efficiency.train.flops.isNaN }.count
        guard uncounted > 0 else { return [] }
        return ["Training FLOPs not counted for \(uncounted) of \(records.count) results (programs run as command tasks "
                + "that reported no `flops`): shown as —, never 0."]
    }

    /// Says so when a front ranks measured and estimated energy or CO₂ figures together.
    private static func mixedFrontFacts(_ input: ReportInput, system: SystemKind) -> [String] {
        let energyObjectives = input.objectives.map(\.metric).filter { $0.energyPhase != nil }
        guard !energyObjectives.isEmpty else { return [] }
        let results = input.analysis.fronts(of: system)!.front.map { input.records[$0] }
        let means = input.groupAnalysis.fronts(of: system)!.front.flatMap { input.groups[$0].records }
        return [("results'", results), ("seed means'", means)].compactMap { level, records in
            let provenance = EnergyProvenance(energyObjectives.flatMap { metric in records.map { metric.energyPhase!($0.result.efficiency) } })
            guard provenance.isMixed else { return nil }
            return "The \(level) front mixes measured and estimated energy/CO₂ figures: \(provenance.description)."
        }
    }

    private static func section(_ input: ReportInput, system: SystemKind) -> Section {
        let results = input.analysis.fronts(of: system)!, means = input.groupAnalysis.fronts(of: system)!
        var facts = [
            "Hypervolume of the results' front: \(hypervolumeText(results)) "
                + "(\(results.front.count) of \(results.ranked.count) ranked results on the front).",
            "Hypervolume of the seed means' front: \(hypervolumeText(means)) "
                + "(\(means.front.count) of \(means.ranked.count) configurations on the front, marked ★).",
        ]
        let records = input.records.filter { $0.system == system }
        facts.append(energyFact(records))
        facts += mixedFrontFacts(input, system: system)
        if !results.droppedObjectives.isEmpty {
            facts.append("Not analysed on " + results.droppedObjectives.map(\.metric.rawValue).joined(separator: ", ")
                         + ": no result of this system has it.")
        }
        if !results.excluded.isEmpty {
            let listed = results.excluded.prefix(12).map { exclusion in
                "\(input.records[exclusion.index].taskKey) (\(exclusion.missing.map(\.rawValue).joined(separator: ", ")))"
            }
            facts.append("Left out of the Pareto analysis for missing or non-finite objective values: "
                         + "\(results.excluded.count) results: " + listed.joined(separator: "; ")
                         + (results.excluded.count > 12 ? "; …" : "") + ".")
        }
        let groupIndices = input.groups.indices.filter { input.groups[$0].system == system }
        var models: [ModelKind] = []
        for i in groupIndices where !models.contains(input.groups[i].config.model) { models.append(input.groups[i].config.model) }
        let metrics = tableMetrics(input, groups: groupIndices)
        let tables = models.map { model in
            table(input, model: model, groups: groupIndices.filter { input.groups[$0].config.model == model }, metrics: metrics)
        }
        return Section(system: system, facts: facts, tables: tables)
    }

    private static func hypervolumeText(_ fronts: SystemFronts) -> String {
        guard let reference = fronts.referencePoint else { return "none (nothing ranked)" }
        let point = zip(fronts.objectives, reference).map { "\($0.metric.rawValue) = \(NumberFormat.short($1))" }
        return "\(NumberFormat.short(fronts.hypervolume, digits: 4)) with reference point (" + point.joined(separator: ", ") + ")"
    }

    /// Objectives first, then the key metrics not already shown, leaving out any the system lacks.
    private static func tableMetrics(_ input: ReportInput, groups: [Int]) -> [MetricName] {
        var metrics: [MetricName] = []
        for metric in input.objectives.map(\.metric) + keyMetrics where !metrics.contains(metric.canonical) {
            metrics.append(metric.canonical)
        }
        return metrics.filter { metric in groups.contains { input.groups[$0].summary(of: metric) != nil } }
    }

    private static func table(_ input: ReportInput, model: ModelKind, groups: [Int], metrics: [MetricName]) -> Table {
        let objectiveDirections = Dictionary(input.objectives.map { ($0.metric.canonical, $0.direction) },
                                             uniquingKeysWith: { first, _ in first })
        // Each phase's energy source follows the last of its energy and CO₂ columns.
        let sourceAfter = Dictionary(uniqueKeysWithValues: [
            ("train", [MetricName.trainEnergyKWh, .trainCO2Grams]), ("inference", [.inferenceEnergyKWh, .inferenceCO2Grams]),
        ].compactMap { phase, phaseMetrics in metrics.last(where: phaseMetrics.contains).map { ($0, phase) } })
        var columns = ["configuration", "seeds"]
        for metric in metrics {
            let arrow = objectiveDirections[metric].map { $0 == .minimize ? " ↓" : " ↑" } ?? ""
            columns.append(metric.labelWithUnit + arrow)
            if let phase = sourceAfter[metric] { columns.append("\(phase) energy source") }
        }
        columns += ["front (means)", "results on front"]
        let resultRank = Dictionary(zip(input.records.map(\.taskKey), input.analysis.ranks), uniquingKeysWith: { first, _ in first })
        let configColumns = { (group: SeedGroup) in ConfigColumns(group.config, command: group.records.first?.result.settings.command) }
        let varying = varyingFields(groups.map { configColumns(input.groups[$0]) })
        var rows: [[String]] = [], frontRows: Set<Int> = []
        for (row, g) in groups.enumerated() {
            let group = input.groups[g]
            let config = configColumns(group)
            let label = varying.map { $0 == ConfigColumns.commandPointName ? config.text($0) : "\($0)=\(config.text($0))" }
            var cells = [varying.isEmpty ? "defaults" : label.joined(separator: ", "),
                         String(group.records.count)]
            for metric in metrics {
                cells.append(group.summary(of: metric).map(NumberFormat.meanStd) ?? "—")
                if sourceAfter[metric] != nil { cells.append(energySource(group, metric.energyPhase!)) }
            }
            let onFront = input.groupAnalysis.ranks[g] == 0
            if onFront { frontRows.insert(row) }
            let seedsOnFront = group.records.filter { resultRank[$0.taskKey] == 0 }.count
            cells += [onFront ? "★" : "", "\(seedsOnFront)/\(group.records.count)"]
            rows.append(cells)
        }
        return Table(model: model, columns: columns, rows: rows, frontRows: frontRows)
    }

    /// The configuration fields (besides system, model and seed) whose values differ between rows.
    static func varyingFields(_ configs: [ConfigColumns]) -> [String] {
        ConfigColumns.names.filter { name in
            !["system", "model", "seed"].contains(name) && Set(configs.map { $0.text(name) }).count > 1
        }
    }

    /// "measured (method)" / "estimated (method)", or the distinct ones when seeds differ.
    private static func energySource(_ group: SeedGroup, _ phase: (Efficiency) -> EnergyReading) -> String {
        var seen: [String] = []
        for record in group.records {
            let energy = phase(record.result.efficiency)
            let text = "\(energy.source.rawValue) (\(energy.method))"
            if !seen.contains(text) { seen.append(text) }
        }
        return seen.joined(separator: "; ")
    }
}

extension MetricName {
    /// The metric an alias stands for (itself otherwise).
    var canonical: MetricName {
        switch self {
        case .flops: return .trainFLOPs
        case .wallSeconds: return .trainWallSeconds
        default: return self
        }
    }
}
