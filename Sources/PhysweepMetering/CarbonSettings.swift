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
