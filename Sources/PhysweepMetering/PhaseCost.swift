/// What one phase of a run (training, or one inference pass) cost.
public struct PhaseCost: Codable, Hashable, Sendable {
    /// Wall-clock seconds.
    public var wallSeconds: Double
    /// CPU seconds used by this process (user + system).
    public var cpuSeconds: Double
    /// Floating-point operations actually executed (2mnk per GEMM plus elementwise ops).
    public var flops: Double
    /// Peak resident set size of the process during the phase, in bytes (Linux; elsewhere the process's
    /// lifetime peak). Process-wide: memory held before the phase started counts. See docs/measurement.md.
    public var peakRSSBytes: Int
    /// Energy, labelled measured or estimated.
    public var energy: EnergyReading
    /// CO2-equivalent grams (energy × PUE × intensity).
    public var co2Grams: Double

    public init(wallSeconds: Double, cpuSeconds: Double, flops: Double, peakRSSBytes: Int,
                energy: EnergyReading, co2Grams: Double) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.flops = flops
        self.peakRSSBytes = peakRSSBytes
        self.energy = energy
        self.co2Grams = co2Grams
    }

    enum CodingKeys: String, CodingKey {
        case wallSeconds = "wall_s", cpuSeconds = "cpu_s", flops, peakRSSBytes = "peak_rss_bytes"
        case energy, co2Grams = "co2_g"
    }
}
