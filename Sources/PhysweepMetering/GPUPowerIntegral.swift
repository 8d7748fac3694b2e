import Dispatch
import Foundation

/// GPU energy where NVML has no total-energy counter (GPUs before Volta): the power reading
/// (`nvmlDeviceGetPowerUsage`, milliwatts) sampled on a timer and integrated by the trapezoid rule.
/// Labelled `nvml-power:…(sampled-0.1s,whole-device)` so it is never mistaken for the counter.
final class GPUPowerIntegral: @unchecked Sendable {  // mutable state is guarded by `lock`
    private let library: NVMLLibrary
    private let devices: [Int]?
    private let interval: Double
    private let lock = NSLock()
    private var last: (time: Double, milliwatts: UInt64)
    private var millijoules = 0.0
    private var failed = false
    private let timer: DispatchSourceTimer

    /// Starts sampling `devices` (nil: every GPU) every `interval` seconds; nil if power cannot be read.
    init?(library: NVMLLibrary, devices: [Int]?, interval: Double) {
        guard let first = library.powerMilliwatts(devices: devices) else { return nil }
        self.library = library
        self.devices = devices
        self.interval = interval
        last = (ProcessClocks.wallSeconds(), first)
        timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.sample() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Adds the trapezoid from the previous reading to one taken now.
    func sample() {
        let reading = library.powerMilliwatts(devices: devices)
        let now = ProcessClocks.wallSeconds()
        lock.lock()
        defer { lock.unlock() }
        guard let reading, !failed else {
            failed = true
            return
        }
        millijoules += Double(last.milliwatts + reading) / 2 * (now - last.time)
        last = (now, reading)
    }

    /// Stops sampling after a last reading; the joules integrated, or nil if a reading failed.
    func stop() -> Double? {
        timer.cancel()
        sample()
        lock.lock()
        defer { lock.unlock() }
        return failed ? nil : millijoules * 1e-3
    }

    /// `nvml-power:gpu0(sampled-0.1s,whole-device)`.
    var label: String {
        let seconds = String(format: "%g", interval)
        let which = devices.map { $0.map { "gpu\($0)" }.joined(separator: "+") } ?? "allgpus"
        return "nvml-power:\(which)(sampled-\(seconds)s,whole-device)"
    }
}
