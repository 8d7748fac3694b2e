#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a `PhaseMeter` measures: the estimate's inputs, carbon factors, and where the counters live.
public struct MeterSettings: Hashable, Sendable {
    /// CPU package TDP in watts for the estimate used when RAPL cannot be read. The default, 65 W, is
    /// the TDP class of most desktop CPUs (Intel Core non-K, AMD Ryzen non-X); see docs/measurement.md.
    public var tdpWatts: Double
    /// Logical cores that share `tdpWatts` (default: cores online on this machine).
    public var logicalCores: Int
    /// Grid intensity and PUE.
    public var carbon: CarbonSettings
    /// Root of sysfs; RAPL counters are read under `<sysfsRoot>/class/powercap`. Tests point it at a fake tree.
    public var sysfsRoot: String
    /// The NVML library to open, or nil to ignore GPUs.
    public var nvmlLibraryPath: String?
    /// Seconds between RAPL readings during a phase; must be shorter than the counters' wrap period
    /// (at least a few minutes on current CPUs).
    public var raplSampleInterval: Double

    public init(tdpWatts: Double = 65, logicalCores: Int = MeterSettings.onlineLogicalCores(),
                carbon: CarbonSettings = CarbonSettings(), sysfsRoot: String = "/sys",
                nvmlLibraryPath: String? = "libnvidia-ml.so.1", raplSampleInterval: Double = 30) {
        self.tdpWatts = tdpWatts
        self.logicalCores = logicalCores
        self.carbon = carbon
        self.sysfsRoot = sysfsRoot
        self.nvmlLibraryPath = nvmlLibraryPath
        self.raplSampleInterval = raplSampleInterval
    }

    /// Logical cores online on the machine (not limited by this process's affinity: the TDP is shared
    /// by all of them whichever this process may use).
    public static func onlineLogicalCores() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The estimate these settings describe.
    public var estimate: TDPShareEstimate {
        TDPShareEstimate(tdpWatts: tdpWatts, logicalCores: logicalCores)
    }
}
