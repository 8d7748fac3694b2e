/// A scalar a sweep can optimise or tabulate. Raw values are the public names used in specs' objectives.
public enum MetricName: String, Codable, CaseIterable, Hashable, Sendable {
    case finalLoss = "final_loss"
    case testMSE = "test_mse"
    case testRelL2 = "test_rel_l2"
    case extrapolationMSE = "extrap_mse"
    case extrapolationRelL2 = "extrap_rel_l2"
    /// Gridded systems: one-step VRMSE averaged over fields.
    case vrmse
    /// Gridded systems: one-step NMSE averaged over fields.
    case nmse
    /// Gridded systems: VRMSE after the last rollout step.
    case rolloutVRMSE = "rollout_vrmse"
    /// Gridded systems: one-step Pearson r averaged over fields (higher is better: objectives say `maximize`).
    case pearsonR = "pearson_r"
    case parameters = "params"
    case trainWallSeconds = "train_wall_s"
    case trainCPUSeconds = "train_cpu_s"
    case trainFLOPs = "train_flops"
    case trainEnergyKWh = "train_energy_kwh"
    case trainCO2Grams = "train_co2_g"
    case inferenceWallSeconds = "infer_wall_s"
    case inferenceFLOPs = "infer_flops"
    case inferenceEnergyKWh = "infer_energy_kwh"
    case inferenceCO2Grams = "infer_co2_g"
    case peakRSSBytes = "peak_rss_bytes"
    /// Alias of `train_flops`.
    case flops
    /// Alias of `train_wall_s`.
    case wallSeconds = "wall_s"

    /// Whether the metric measures efficacy (error) rather than efficiency (cost).
    public var isEfficacy: Bool {
        switch self {
        case .finalLoss, .testMSE, .testRelL2, .extrapolationMSE, .extrapolationRelL2, .vrmse, .nmse, .rolloutVRMSE, .pearsonR: return true
        default: return false
        }
    }
}

extension TrainResult {
    /// The value of a metric, or nil when this result has none (e.g. no extrapolation set). Tasks
    /// that train nothing (`noop`, `sleep`) have no efficacy metrics, even if a result stored by an
    /// older physweep carries placeholder zeros for them.
    public func metric(_ name: MetricName) -> Double? {
        name.value(efficacy: config.system.trainsModel ? efficacy : nil, efficiency: efficiency)
    }
}

extension MetricName {
    /// The metric's value in a result's efficacy and efficiency (every metric lives in one of them),
    /// or nil when the result has none: for readers that have those parts but no whole `TrainResult`.
    public func value(efficacy e: Efficacy?, efficiency: Efficiency) -> Double? {
        let train = efficiency.train, infer = efficiency.inference
        switch self {
        case .finalLoss: return e?.finalLoss
        case .testMSE: return e?.testMSE
        case .testRelL2: return e?.testRelL2
        case .extrapolationMSE: return e?.extrapolationMSE
        case .extrapolationRelL2: return e?.extrapolationRelL2
        case .vrmse: return e?.grid?.vrmse
        case .nmse: return e?.grid?.nmse
        case .rolloutVRMSE: return e?.grid?.rolloutVRMSE.last
        case .pearsonR: return e?.grid?.pearsonR
        case .parameters: return Double(efficiency.parameterCount)
        case .trainWallSeconds, .wallSeconds: return train.wallSeconds
        case .trainCPUSeconds: return train.cpuSeconds
        case .trainFLOPs, .flops: return train.flops
        case .trainEnergyKWh: return train.energy.kilowattHours
        case .trainCO2Grams: return train.co2Grams
        case .inferenceWallSeconds: return infer.wallSeconds
        case .inferenceFLOPs: return infer.flops
        case .inferenceEnergyKWh: return infer.energy.kilowattHours
        case .inferenceCO2Grams: return infer.co2Grams
        case .peakRSSBytes: return Double(max(train.peakRSSBytes, infer.peakRSSBytes))
        }
    }
}
