import Foundation

/// `emissions.csv`: one row per training run, in CodeCarbon's `emissions.csv` layout (its 2.x
/// header, same names, order and units) so CodeCarbon-aware tools can read it, then physweep's own
/// columns.
///
/// Units as CodeCarbon: duration in s, emissions in kg CO₂eq, emissions_rate in kg/s, energies
/// in kWh, pue as a ratio; the timestamp is when the result was stored, ISO 8601 in UTC. Fields
/// physweep does not know are left empty: location and cloud fields, Python/CodeCarbon versions, and
/// the cpu/gpu/ram split of energy and power (physweep records one total per phase, which is
/// `energy_consumed`).
enum EmissionsTable {
    /// CodeCarbon's columns, in its order.
    static let codeCarbonColumns = [
        "timestamp", "project_name", "run_id", "duration", "emissions", "emissions_rate",
        "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
        "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os", "python_version",
        "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
        "ram_total_size", "tracking_mode", "on_cloud", "pue",
    ]

    /// physweep's additions, after CodeCarbon's.
    static let extraColumns = ["energy_source", "energy_method", "carbon_intensity_g_per_kwh", "system", "model"]

    static func make(_ input: ReportInput) -> ReportTable {
        let rows = input.records.map { record -> [ReportCell] in
            let result = record.result
            let train = result.efficiency.train
            let emissionsKg = train.co2Grams / 1000
            let values: [String: ReportCell] = [
                "timestamp": record.finishedAt.map { .text($0.formatted(.iso8601)) } ?? .empty,
                "project_name": .text(record.sweep),
                "run_id": .text(record.taskKey),
                "duration": .number(train.wallSeconds),
                "emissions": .number(emissionsKg),
                "emissions_rate": train.wallSeconds > 0 ? .number(emissionsKg / train.wallSeconds) : .empty,
                "energy_consumed": .number(train.energy.kilowattHours),
                "os": .text(result.machine.os),
                "cpu_count": .integer(result.machine.logicalCores),
                "cpu_model": .text(result.machine.cpuModel),
                // A hardware counter measures the whole package/device; the estimate is this
                // process's share of CPU time: CodeCarbon's "machine" and "process" modes.
                "tracking_mode": .text(train.energy.source == .measured ? "machine" : "process"),
                "pue": .number(result.settings.carbon.pue),
                "energy_source": .text(train.energy.source.rawValue),
                "energy_method": .text(train.energy.method),
                "carbon_intensity_g_per_kwh": .number(result.settings.carbon.intensityGramsPerKWh),
                "system": .text(result.config.system.rawValue),
                "model": .text(result.config.model.rawValue),
            ]
            return (codeCarbonColumns + extraColumns).map { values[$0] ?? .empty }
        }
        return ReportTable(columns: codeCarbonColumns + extraColumns, rows: rows)
    }
}
