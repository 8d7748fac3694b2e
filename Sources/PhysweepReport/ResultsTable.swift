import PhysweepTraining

/// `results.csv` / `results.json`: one flat row per result, with its Pareto standing, how each
/// energy figure was obtained and what its CPU time and peak memory cover (empty when not recorded).
enum ResultsTable {
    static func make(_ input: ReportInput) -> ReportTable {
        let metrics = MetricName.distinct
        var columns = ["sweep", "task_key", "attempt", "worker", "config_group"] + ConfigColumns.names
        columns += metrics.map(\.rawValue)
        columns += ["train_energy_source", "train_energy_method", "infer_energy_source", "infer_energy_method",
                    "train_cpu_scope", "train_peak_rss_scope", "infer_cpu_scope", "infer_peak_rss_scope",
                    "carbon_intensity_g_per_kwh", "pue", "threads",
                    "cpu_model", "logical_cores", "os", "hostname", "git_commit",
                    "pareto_rank", "on_front", "excluded_missing"]
        let groupKeys = Dictionary(input.groups.flatMap { group in group.records.map { ($0.taskKey, group.key) } },
                                   uniquingKeysWith: { first, _ in first })
        var missing: [Int: [MetricName]] = [:]
        for fronts in input.analysis.systems {
            for exclusion in fronts.excluded { missing[exclusion.index] = exclusion.missing }
        }
        let rows = input.records.enumerated().map { i, record -> [ReportCell] in
            let result = record.result
            let config = ConfigColumns(result.config, command: result.settings.command)
            let train = result.efficiency.train.energy, infer = result.efficiency.inference.energy
            let rank = input.analysis.ranks[i]
            var row: [ReportCell] = [.text(record.sweep), .text(record.taskKey), .integer(record.attempt),
                                     .text(record.worker), .text(groupKeys[record.taskKey] ?? "")]
            row += ConfigColumns.names.map(config.cell)
            row += metrics.map { .optional(result.metric($0)) }
            let trainScope = result.efficiency.train.scope, inferScope = result.efficiency.inference.scope
            row += [.text(train.source.rawValue), .text(train.method), .text(infer.source.rawValue), .text(infer.method),
                    .text(trainScope?.cpu.rawValue ?? ""), .text(trainScope?.peakRSS.rawValue ?? ""),
                    .text(inferScope?.cpu.rawValue ?? ""), .text(inferScope?.peakRSS.rawValue ?? ""),
                    .number(result.settings.carbon.intensityGramsPerKWh), .number(result.settings.carbon.pue),
                    .integer(result.settings.threads),
                    .text(result.machine.cpuModel), .integer(result.machine.logicalCores), .text(result.machine.os),
                    .text(result.machine.hostname), .text(result.gitCommit ?? ""),
                    rank.map(ReportCell.integer) ?? .empty, .bool(rank == 0),
                    .text((missing[i] ?? []).map(\.rawValue).joined(separator: " "))]
            return row
        }
        return ReportTable(columns: columns, rows: rows)
    }
}
