/// The energy model used when no counter can be read: E = TDP × cpu_seconds / logical_cores.
///
/// TDP is what the whole CPU package draws when all of its logical cores are busy, so one metered
/// CPU-second (of the process, or of the task's thread in a shared process) is charged 1/cores of
/// the package's TDP for one second. A process that keeps every core busy for t seconds is charged
/// TDP × t, one that idles is charged nothing. This is CodeCarbon's "TDP × share" idea with the share
/// taken from the metered CPU time rather than from machine-wide load, so concurrent processes (and
/// tasks) are not charged for each other. See docs/measurement.md for caveats.
public struct TDPShareEstimate: Hashable, Sendable {
    /// CPU package TDP in watts (sum over sockets on multi-socket machines).
    public var tdpWatts: Double
    /// Logical cores (hardware threads) sharing that TDP.
    public var logicalCores: Int

    public init(tdpWatts: Double, logicalCores: Int) {
        self.tdpWatts = tdpWatts
        self.logicalCores = max(1, logicalCores)
    }

    /// `tdp-share:65W/2cores`: the inputs of the estimate, so it can be recomputed.
    public var method: String {
        let watts = tdpWatts.rounded() == tdpWatts ? String(Int(tdpWatts)) : String(tdpWatts)
        return "tdp-share:\(watts)W/\(logicalCores)cores"
    }

    /// The estimated energy of `cpuSeconds` of CPU time (the process's, or one thread's in a shared
    /// process: whatever the meter measured, see `MeterScope.CPU`).
    public func energy(cpuSeconds: Double) -> EnergyReading {
        EnergyReading(joules: tdpWatts * cpuSeconds / Double(logicalCores), source: .estimated, method: method)
    }
}
