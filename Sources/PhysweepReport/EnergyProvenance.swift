import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// Which of a set of energy figures (and the CO₂ computed from them) were measured and which
/// estimated, and by which methods: what every plot, front and summary of a report says about the
/// energy and CO₂ it shows, so that the two kinds never blur (docs/reports.md).
struct EnergyProvenance: Equatable {
    /// How many figures were measured (RAPL, NVML) and how many estimated.
    var measured = 0, estimated = 0
    /// Distinct methods of each kind, in order of first appearance.
    var measuredMethods: [String] = [], estimatedMethods: [String] = []

    init<Readings: Sequence>(_ readings: Readings) where Readings.Element == EnergyReading {
        for reading in readings {
            switch reading.source {
            case .measured:
                measured += 1
                if !measuredMethods.contains(reading.method) { measuredMethods.append(reading.method) }
            case .estimated:
                estimated += 1
                if !estimatedMethods.contains(reading.method) { estimatedMethods.append(reading.method) }
            }
        }
    }

    /// The energy behind `metric` in each of `records` (nil when the metric is not an energy or CO₂ figure).
    init?(_ metric: MetricName, of records: [ResultRecord]) {
        guard let phase = metric.energyPhase else { return nil }
        self.init(records.map { phase($0.result.efficiency) })
    }

    /// Both kinds present.
    var isMixed: Bool { measured > 0 && estimated > 0 }

    /// `measured`, `estimated` or `mixed` (nil for no figures), as fronts.json says it.
    var kind: String? {
        isMixed ? "mixed" : measured > 0 ? EnergySource.measured.rawValue : estimated > 0 ? EnergySource.estimated.rawValue : nil
    }

    /// E.g. "3 measured, 5 estimated" (short enough for a plot's subtitle).
    var counts: String {
        [measured > 0 ? "\(measured) measured" : nil, estimated > 0 ? "\(estimated) estimated" : nil]
            .compactMap { $0 }.joined(separator: ", ")
    }

    /// E.g. "3 measured (rapl:package-0(whole-package)), 5 estimated (tdp-share:65W/2cores)".
    var description: String {
        var parts: [String] = []
        if measured > 0 { parts.append("\(measured) measured (\(measuredMethods.joined(separator: "; ")))") }
        if estimated > 0 { parts.append("\(estimated) estimated (\(estimatedMethods.joined(separator: "; ")))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

extension MetricName {
    /// For energy and CO₂ metrics, the phase whose energy reading they come from.
    var energyPhase: ((Efficiency) -> EnergyReading)? {
        switch self {
        case .trainEnergyKWh, .trainCO2Grams: return { $0.train.energy }
        case .inferenceEnergyKWh, .inferenceCO2Grams: return { $0.inference.energy }
        default: return nil
        }
    }
}
