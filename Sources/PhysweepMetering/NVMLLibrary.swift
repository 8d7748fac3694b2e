import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// NVIDIA's management library, opened at run time so physweep neither links against nor requires it.
///
/// Only what the meter needs: the number of GPUs and each one's total energy counter
/// (`nvmlDeviceGetTotalEnergyConsumption`, millijoules since the driver loaded, 64-bit so it does not
/// wrap; Volta and newer). The counter is device-wide: it includes other processes using the GPU.
/// Untested on this project's CI machines, which have no GPU: only "library absent → nil" is tested.
final class NVMLLibrary: @unchecked Sendable {  // immutable after init; NVML itself is thread-safe
    private typealias InitFunction = @convention(c) () -> Int32
    private typealias CountFunction = @convention(c) (UnsafeMutablePointer<UInt32>) -> Int32
    private typealias HandleFunction = @convention(c) (UInt32, UnsafeMutablePointer<OpaquePointer?>) -> Int32
    private typealias EnergyFunction = @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt64>) -> Int32

    /// The conventional soname, found through the dynamic loader's search path.
    static let defaultPath = "libnvidia-ml.so.1"

    private let devices: [OpaquePointer?]
    private let totalEnergy: EnergyFunction

    /// Opens and initialises NVML; nil if the library, a symbol, or any GPU's energy counter is missing.
    init?(path: String) {
        guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<F>(_ name: String, as type: F.Type) -> F? {
            dlsym(library, name).map { unsafeBitCast($0, to: type) }
        }
        // NVML_SUCCESS is 0. The library is never closed nor shut down: it stays valid for the process.
        guard let initialise = symbol("nvmlInit_v2", as: InitFunction.self),
              let count = symbol("nvmlDeviceGetCount_v2", as: CountFunction.self),
              let handle = symbol("nvmlDeviceGetHandleByIndex_v2", as: HandleFunction.self),
              let energy = symbol("nvmlDeviceGetTotalEnergyConsumption", as: EnergyFunction.self),
              initialise() == 0 else { return nil }
        var deviceCount: UInt32 = 0
        guard count(&deviceCount) == 0, deviceCount > 0 else { return nil }
        var devices: [OpaquePointer?] = []
        for index in 0..<deviceCount {
            var device: OpaquePointer?
            guard handle(index, &device) == 0 else { return nil }
            devices.append(device)
        }
        self.devices = devices
        self.totalEnergy = energy
        guard totalMillijoules() != nil else { return nil }
    }

    /// `nvml:2gpus(whole-device)`: the counters include other processes using the GPUs.
    var label: String { "nvml:\(devices.count)gpus(whole-device)" }

    /// Sum of every GPU's energy counter in millijoules, or nil if one cannot be read.
    func totalMillijoules() -> UInt64? {
        var sum: UInt64 = 0
        for device in devices {
            var millijoules: UInt64 = 0
            guard totalEnergy(device, &millijoules) == 0 else { return nil }
            sum += millijoules
        }
        return sum
    }

    /// One library per path for the whole process: `nvmlInit` can take a noticeable time, and a
    /// median-of-N inference measurement starts a meter per pass.
    static func shared(path: String) -> NVMLLibrary? {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[path] { return cached }
        let library = NVMLLibrary(path: path)
        cache[path] = .some(library)
        return library
    }

    nonisolated(unsafe) private static var cache: [String: NVMLLibrary?] = [:]  // guarded by cacheLock
    private static let cacheLock = NSLock()
}
