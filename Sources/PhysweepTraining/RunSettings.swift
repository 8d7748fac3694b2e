import PhysweepMetering

/// How a task is run and measured on this machine. Not part of the task key: these change the cost
/// figures' conditions, not what is learnt.
public struct RunSettings: Codable, Hashable, Sendable {
    /// Threads for BLAS (and anything else parallel) in this task.
    public var threads: Int
    /// Grid intensity and PUE for carbon figures.
    public var carbon: CarbonSettings
    /// CPU thermal design power used by the energy estimate when no counter can be read (watts).
    public var cpuTDPWatts: Double
    /// Inference passes over the test set; the median is reported.
    public var inferenceRepeats: Int
    /// The command system's program and user fields (nil for sweeps without it; absent from the JSON then).
    public var command: CommandSettings?

    public init(threads: Int = 1, carbon: CarbonSettings = CarbonSettings(), cpuTDPWatts: Double = 65,
                inferenceRepeats: Int = 5, command: CommandSettings? = nil) {
        self.threads = threads
        self.carbon = carbon
        self.cpuTDPWatts = cpuTDPWatts
        self.inferenceRepeats = inferenceRepeats
        self.command = command
    }

    enum CodingKeys: String, CodingKey {
        case threads, carbon, cpuTDPWatts = "cpu_tdp_watts", inferenceRepeats = "inference_repeats", command
    }
}
