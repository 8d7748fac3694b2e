import PhysweepTraining

extension MetricName {
    /// Aliases name the same figure as another metric; tables list each figure once.
    var isAlias: Bool { self == .flops || self == .wallSeconds }

    /// Every distinct metric, in declaration order.
    static var distinct: [MetricName] { allCases.filter { !$0.isAlias } }

    /// A short human name for tables and axis titles.
    var label: String {
        switch self {
        case .finalLoss: return "final loss"
        case .testMSE: return "test MSE"
        case .testRelL2: return "test rel. L2"
        case .extrapolationMSE: return "extrap. MSE"
        case .extrapolationRelL2: return "extrap. rel. L2"
        case .vrmse: return "VRMSE"
        case .nmse: return "NMSE"
        case .rolloutVRMSE: return "rollout VRMSE"
        case .pearsonR: return "Pearson r"
        case .parameters: return "parameters"
        case .trainWallSeconds, .wallSeconds: return "train wall time"
        case .trainCPUSeconds: return "train CPU time"
        case .trainFLOPs, .flops: return "train FLOPs"
        case .trainEnergyKWh: return "train energy"
        case .trainCO2Grams: return "train CO₂"
        case .inferenceWallSeconds: return "inference wall time"
        case .inferenceFLOPs: return "inference FLOPs"
        case .inferenceEnergyKWh: return "inference energy"
        case .inferenceCO2Grams: return "inference CO₂"
        case .peakRSSBytes: return "peak memory"
        }
    }

    /// The unit, or nil for dimensionless figures (errors are in the data's own units).
    var unit: String? {
        switch self {
        case .finalLoss, .testMSE, .testRelL2, .extrapolationMSE, .extrapolationRelL2, .vrmse, .nmse, .rolloutVRMSE, .pearsonR: return nil
        case .parameters: return "count"
        case .trainWallSeconds, .wallSeconds, .trainCPUSeconds, .inferenceWallSeconds: return "s"
        case .trainFLOPs, .flops, .inferenceFLOPs: return "FLOP"
        case .trainEnergyKWh, .inferenceEnergyKWh: return "kWh"
        case .trainCO2Grams, .inferenceCO2Grams: return "g CO₂eq"
        case .peakRSSBytes: return "bytes"
        }
    }

    /// The label with its unit, e.g. "train energy [kWh]".
    var labelWithUnit: String { unit.map { "\(label) [\($0)]" } ?? label }
}
