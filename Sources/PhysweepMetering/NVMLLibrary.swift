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

    private typealias NameFunction = @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>, UInt32) -> Int32
    private typealias DriverFunction = @convention(c) (UnsafeMutablePointer<CChar>, UInt32) -> Int32

    private typealias PowerFunction = @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt32>) -> Int32

    private let devices: [OpaquePointer?]
    /// Nil when the GPUs have no total-energy counter (before Volta): power is sampled instead.
    private let totalEnergy: EnergyFunction?
    private let powerUsage: PowerFunction?
    private let deviceName: NameFunction?
    private let driver: DriverFunction?

    /// Opens and initialises NVML; nil if the library, a symbol, or a GPU is missing, or if the GPUs
    /// have neither a readable energy counter nor a readable power reading.
    init?(path: String) {
        guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<F>(_ name: String, as type: F.Type) -> F? {
            dlsym(library, name).map { unsafeBitCast($0, to: type) }
        }
        // NVML_SUCCESS is 0. The library is never closed nor shut down: it stays valid for the process.
        guard let initialise = symbol("nvmlInit_v2", as: InitFunction.self),
              let count = symbol("nvmlDeviceGetCount_v2", as: CountFunction.self),
              let handle = symbol("nvmlDeviceGetHandleByIndex_v2", as: HandleFunction.self),
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
        self.deviceName = symbol("nvmlDeviceGetName", as: NameFunction.self)
        self.driver = symbol("nvmlSystemGetDriverVersion", as: DriverFunction.self)
        self.powerUsage = symbol("nvmlDeviceGetPowerUsage", as: PowerFunction.self)
        let energy = symbol("nvmlDeviceGetTotalEnergyConsumption", as: EnergyFunction.self)
        self.totalEnergy = energy
        // A counter that exists but cannot be read (pre-Volta GPUs answer NOT_SUPPORTED) counts as absent.
        if energy != nil, Self.sum(devices.indices, { index in
            var millijoules: UInt64 = 0
            return energy!(devices[index], &millijoules) == 0 ? millijoules : nil
        }) != nil {
            hasEnergyCounter = true
        } else {
            hasEnergyCounter = false
            guard powerMilliwatts() != nil else { return nil }
        }
    }

    /// Whether every GPU has NVML's total-energy counter; if not, `PhaseMeter` integrates sampled power.
    let hasEnergyCounter: Bool

    /// Sum of the power drawn now by `chosen` GPUs (nil: every GPU), in milliwatts
    /// (`nvmlDeviceGetPowerUsage`), or nil if one cannot be read or does not exist.
    func powerMilliwatts(devices chosen: [Int]? = nil) -> UInt64? {
        guard let powerUsage else { return nil }
        return Self.sum(chosen ?? Array(devices.indices)) { index in
            guard devices.indices.contains(index) else { return nil }
            var milliwatts: UInt32 = 0
            return powerUsage(devices[index], &milliwatts) == 0 ? UInt64(milliwatts) : nil
        }
    }

    private static func sum(_ indices: some Sequence<Int>, _ read: (Int) -> UInt64?) -> UInt64? {
        var total: UInt64 = 0
        for index in indices {
            guard let value = read(index) else { return nil }
            total += value
        }
        return total
    }

    /// `nvml:2gpus(whole-device)` for every GPU, `nvml:gpu1+gpu3(whole-device)` for chosen ones:
    /// the counters include other processes using the GPUs.
    func label(devices chosen: [Int]? = nil) -> String {
        guard let chosen else { return "nvml:\(devices.count)gpus(whole-device)" }
        return "nvml:" + chosen.map { "gpu\($0)" }.joined(separator: "+") + "(whole-device)"
    }

    /// Sum of the energy counters of `chosen` GPUs (NVML indices; nil: every GPU) in millijoules,
    /// or nil if one cannot be read or does not exist.
    func totalMillijoules(devices chosen: [Int]? = nil) -> UInt64? {
        guard let totalEnergy, hasEnergyCounter else { return nil }
        return Self.sum(chosen ?? Array(devices.indices)) { index in
            guard devices.indices.contains(index) else { return nil }
            var millijoules: UInt64 = 0
            return totalEnergy(devices[index], &millijoules) == 0 ? millijoules : nil
        }
    }

    /// The model name of GPU `index` (`nvmlDeviceGetName`), nil if unknown.
    func name(ofDevice index: Int) -> String? {
        guard let deviceName, devices.indices.contains(index) else { return nil }
        var buffer = [CChar](repeating: 0, count: 96)
        guard deviceName(devices[index], &buffer, UInt32(buffer.count - 1)) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The driver's version (`nvmlSystemGetDriverVersion`), nil if unknown.
    func driverVersion() -> String? {
        guard let driver else { return nil }
        var buffer = [CChar](repeating: 0, count: 96)
        guard driver(&buffer, UInt32(buffer.count - 1)) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
