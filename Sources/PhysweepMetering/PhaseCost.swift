/// What one phase of a run (training, or one inference pass) cost.
public struct PhaseCost: Codable, Hashable, Sendable {
    /// Wall-clock seconds.
    public var wallSeconds: Double
    /// CPU seconds (user + system) of the process, or of the task's own thread: `scope.cpu` says which.
    public var cpuSeconds: Double
    /// Floating-point operations counted by the tensor layer's rules (2mkn per GEMM, one per element
    /// of an elementwise op, per forward and backward pass executed; docs/measurement.md): a count
    /// by convention, not a measurement of the hardware.
    public var flops: Double
    /// Peak resident set size of the whole process, in bytes (memory held before the phase started
    /// counts): over this phase or over a longer span, as `scope.peakRSS` says.
    public var peakRSSBytes: Int
    /// Energy, labelled measured or estimated.
    public var energy: EnergyReading
    /// CO2-equivalent grams (energy × PUE × intensity).
    public var co2Grams: Double
    /// What `cpuSeconds` and `peakRSSBytes` cover; nil in results stored before it was recorded.
    public var scope: MeterScope?

    public init(wallSeconds: Double, cpuSeconds: Double, flops: Double, peakRSSBytes: Int,
                energy: EnergyReading, co2Grams: Double, scope: MeterScope? = nil) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.flops = flops
        self.peakRSSBytes = peakRSSBytes
        self.energy = energy
        self.co2Grams = co2Grams
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case wallSeconds = "wall_s", cpuSeconds = "cpu_s", flops, peakRSSBytes = "peak_rss_bytes"
        case energy, co2Grams = "co2_g", scope
    }
}
