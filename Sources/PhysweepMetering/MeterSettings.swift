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
    /// True when other phases may run at the same time on other threads of this process (a worker
    /// running its slots as threads). CPU time is then the calling thread's own (start and stop must be
    /// called on the same thread, and BLAS threads are not counted), and the peak-RSS mark is not reset,
    /// since a reset would cut the other phases' figures: peak RSS is then the process's peak so far.
    public var sharedProcess: Bool
    /// The GPUs (NVML indices) whose energy counters this phase reads: a task's own GPUs on a worker
    /// with `--gpus`. Nil: every GPU (whole-machine figure).
    public var gpuDevices: [Int]?

    public init(tdpWatts: Double = 65, logicalCores: Int = MeterSettings.onlineLogicalCores(),
                carbon: CarbonSettings = CarbonSettings(), sysfsRoot: String = "/sys",
                nvmlLibraryPath: String? = "libnvidia-ml.so.1", raplSampleInterval: Double = 30,
                sharedProcess: Bool = false, gpuDevices: [Int]? = nil) {
        self.gpuDevices = gpuDevices
        self.tdpWatts = tdpWatts
        self.logicalCores = logicalCores
        self.carbon = carbon
        self.sysfsRoot = sysfsRoot
        self.nvmlLibraryPath = nvmlLibraryPath
        self.raplSampleInterval = raplSampleInterval
        self.sharedProcess = sharedProcess
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
