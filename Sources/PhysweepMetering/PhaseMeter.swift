import Dispatch

/// Measures one phase (a training run, one inference pass): wall and CPU time, peak RSS, energy, CO2.
///
///     let meter = PhaseMeter.start(settings: MeterSettings(tdpWatts: 65))
///     ... work ...
///     let cost = meter.stop(flops: countedFLOPs)
///
/// The CPU energy comes from the RAPL package counters when every one of them is readable, else from
/// the TDP-share estimate; GPU energy from NVML is added when the library and a GPU are present.
/// CPU time and peak RSS are process-wide unless `MeterSettings.sharedProcess` is set (see there).
public final class PhaseMeter: @unchecked Sendable {  // immutable after start; RAPL state has its own lock
    /// The settings this meter was started with.
    public let settings: MeterSettings
    /// Why the CPU energy will be estimated rather than measured (nil when RAPL is in use).
    public var raplUnavailable: RAPLUnavailable? {
        switch rapl.flatMap(\.joules) {
        case .success: return nil
        case .failure(let reason): return reason
        }
    }

    private let rapl: Result<RAPLPackageMeter, RAPLUnavailable>
    private let nvml: (library: NVMLLibrary, startMillijoules: UInt64)?
    /// GPUs without an energy counter: their sampled power, integrated.
    private let gpuPower: GPUPowerIntegral?
    private let raplTimer: DispatchSourceTimer?
    private let peakWasReset: Bool
    private let startWall: Double
    private let startCPU: Double

    private init(settings: MeterSettings) {
        self.settings = settings
        peakWasReset = settings.sharedProcess ? false : PeakMemory.resetHighWaterMark()
        rapl = RAPLPackageMeter.open(sysfsRoot: settings.sysfsRoot)
        let library = settings.nvmlLibraryPath.flatMap { NVMLLibrary.shared(path: $0) }
        if let library, let start = library.totalMillijoules(devices: settings.gpuDevices) {
            nvml = (library, start)
            gpuPower = nil
        } else {
            nvml = nil
            gpuPower = library.flatMap { $0.hasEnergyCounter ? nil : GPUPowerIntegral(library: $0, devices: settings.gpuDevices,
                                                                                        interval: Self.gpuPowerInterval) }
        }
        if case .success(let counters) = rapl {
            let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
            let interval = max(1, settings.raplSampleInterval)
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { counters.sample() }
            timer.resume()
            raplTimer = timer
        } else {
            raplTimer = nil
        }
        // Clocks last, so opening the counters is not charged to the phase.
        startWall = ProcessClocks.wallSeconds()
        startCPU = Self.cpuSeconds(settings)
    }

    deinit {
        raplTimer?.cancel()
    }

    /// Starts measuring now.
    public static func start(settings: MeterSettings = MeterSettings()) -> PhaseMeter {
        PhaseMeter(settings: settings)
    }

    /// Ends the phase and returns its cost. `flops` is counted by the caller (see docs/measurement.md).
    public func stop(flops: Double) -> PhaseCost {
        let wall = ProcessClocks.wallSeconds() - startWall
        let cpu = Self.cpuSeconds(settings) - startCPU
        raplTimer?.cancel()
        let energy = energy(cpuSeconds: cpu)
        let peak = PeakMemory.peak(sinceReset: peakWasReset)
        return PhaseCost(wallSeconds: wall, cpuSeconds: cpu, flops: flops, peakRSSBytes: peak.bytes,
                         energy: energy, co2Grams: settings.carbon.grams(for: energy),
                         scope: MeterScope(cpu: settings.sharedProcess ? .thread : .process, peakRSS: peak.scope))
    }

    /// Ends a phase whose work ran in a child process (a command task): CPU time and peak RSS are the
    /// child's, measured from outside (`cpuSeconds`, `peakRSSBytes`: its `wait4` rusage), and the
    /// energy estimate charges that CPU time. `flops` is what the program reported, or NaN: not counted.
    public func stop(flops: Double, childCPUSeconds cpu: Double, childPeakRSSBytes peak: Int) -> PhaseCost {
        let wall = ProcessClocks.wallSeconds() - startWall
        raplTimer?.cancel()
        let energy = energy(cpuSeconds: cpu, estimateMarker: Self.childrenMarker)
        return PhaseCost(wallSeconds: wall, cpuSeconds: cpu, flops: flops, peakRSSBytes: peak, energy: energy,
                         co2Grams: settings.carbon.grams(for: energy), scope: MeterScope(cpu: .children, peakRSS: .children))
    }

    private static func cpuSeconds(_ settings: MeterSettings) -> Double {
        settings.sharedProcess ? ProcessClocks.threadCPUSeconds() : ProcessClocks.cpuSeconds()
    }

    /// The phase's energy. In a shared process every part says what it covers beyond this task: the
    /// estimate charged this thread's CPU time only (`/thread-cpu`); a counter (RAPL, NVML) covers the
    /// whole package or device, and so the tasks that ran at the same time in this worker too
    /// (`/concurrent-tasks`, docs/measurement.md).
    private func energy(cpuSeconds: Double, estimateMarker: String? = nil) -> EnergyReading {
        let shared = settings.sharedProcess
        var cpuEnergy = settings.estimate.energy(cpuSeconds: cpuSeconds)
        cpuEnergy.method += estimateMarker ?? (shared ? Self.threadCPUMarker : "")
        if case .success(let counters) = rapl {
            counters.sample()
            if case .success(let joules) = counters.joules {
                cpuEnergy = EnergyReading(joules: joules, source: .measured,
                                          method: counters.label + (shared ? Self.concurrentTasksMarker : ""))
            }
        }
        let marker = shared && settings.gpuDevices == nil ? Self.concurrentTasksMarker : ""
        if let gpuPower, let joules = gpuPower.stop() {
            return cpuEnergy + EnergyReading(joules: joules, source: .measured, method: gpuPower.label + marker)
        }
        guard let nvml, let stop = nvml.library.totalMillijoules(devices: settings.gpuDevices) else { return cpuEnergy }
        // The NVML counter is 64-bit and monotonic; a decrease would mean a driver reload: count nothing.
        let gpuJoules = stop >= nvml.startMillijoules ? Double(stop - nvml.startMillijoules) * 1e-3 : 0
        return cpuEnergy + EnergyReading(joules: gpuJoules, source: .measured,
                                         method: nvml.library.label(devices: settings.gpuDevices) + marker)
    }

    /// Seconds between power readings of GPUs without an energy counter.
    static let gpuPowerInterval = 0.1

    /// Appended to the estimate's method of a command task: it charged the program's CPU time (rusage).
    public static let childrenMarker = "/children-rusage"
    /// Appended to the estimate's method in a shared process: it charged this thread's CPU time.
    public static let threadCPUMarker = "/thread-cpu"
    /// Appended to a counter's method in a shared process: its whole-package (or whole-device) figure
    /// includes the tasks that ran at the same time on other threads of this worker.
    public static let concurrentTasksMarker = "/concurrent-tasks"
}
