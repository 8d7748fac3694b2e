/// Whether an energy figure came from a hardware counter or from a model.
public enum EnergySource: String, Codable, Hashable, Sendable {
    /// Read from a hardware counter (Linux powercap RAPL, NVIDIA NVML).
    case measured
    /// Computed from a model (e.g. CPU TDP × this process's share of CPU time).
    case estimated
}

/// One energy figure, always labelled with how it was obtained.
public struct EnergyReading: Codable, Hashable, Sendable {
    /// Energy in joules.
    public var joules: Double
    /// `measured` or `estimated`.
    public var source: EnergySource
    /// The method, precise enough to reproduce: e.g. `rapl:intel-rapl:0`, `tdp-share:65W`.
    public var method: String

    /// Energy in kilowatt-hours (1 kWh = 3.6e6 J).
    public var kilowattHours: Double { joules / 3.6e6 }

    public init(joules: Double, source: EnergySource, method: String) {
        self.joules = joules
        self.source = source
        self.method = method
    }
}

/// How energy becomes carbon: CO2 grams = kWh × PUE × grid intensity.
public struct CarbonSettings: Codable, Hashable, Sendable {
    /// Grid carbon intensity in grams of CO2-equivalent per kWh (CodeCarbon's world average: 475).
    public var intensityGramsPerKWh: Double
    /// Data-centre power usage effectiveness (1.0 = no overhead, CodeCarbon's default).
    public var pue: Double

    public init(intensityGramsPerKWh: Double = 475, pue: Double = 1.0) {
        self.intensityGramsPerKWh = intensityGramsPerKWh
        self.pue = pue
    }

    /// Grams of CO2-equivalent for an energy reading.
    public func grams(for energy: EnergyReading) -> Double {
        energy.kilowattHours * pue * intensityGramsPerKWh
    }

    enum CodingKeys: String, CodingKey {
        case intensityGramsPerKWh = "intensity_g_per_kwh"
        case pue
    }
}
