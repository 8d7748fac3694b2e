/// Whether an energy figure came from a hardware counter or from a model.
public enum EnergySource: String, Codable, Hashable, Sendable {
    /// Read from a hardware counter (Linux powercap RAPL, NVIDIA NVML).
    case measured
    /// Computed from a model (e.g. CPU TDP × the share of CPU time the meter measured: the process's,
    /// or the task's own thread's in a shared process).
    case estimated
}

/// One energy figure, always labelled with how it was obtained.
public struct EnergyReading: Codable, Hashable, Sendable {
    /// Energy in joules.
    public var joules: Double
    /// `measured` or `estimated`.
    public var source: EnergySource
    /// The method, precise enough to reproduce: e.g. `rapl:package-0+package-1(whole-package)`,
    /// `tdp-share:65W/2cores`, `tdp-share:65W/2cores; nvml:1gpus(whole-device)` (docs/measurement.md).
    public var method: String

    /// Energy in kilowatt-hours (1 kWh = 3.6e6 J).
    public var kilowattHours: Double { joules / 3.6e6 }

    public init(joules: Double, source: EnergySource, method: String) {
        self.joules = joules
        self.source = source
        self.method = method
    }
}

extension EnergyReading {
    /// The sum of two readings of different devices (CPU and GPU). The sum is `measured` only when both
    /// parts are; the method lists both, separated by `"; "`.
    public static func + (lhs: EnergyReading, rhs: EnergyReading) -> EnergyReading {
        let source: EnergySource = lhs.source == .measured && rhs.source == .measured ? .measured : .estimated
        return EnergyReading(joules: lhs.joules + rhs.joules, source: source, method: lhs.method + "; " + rhs.method)
    }
}
