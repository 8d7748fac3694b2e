import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MachineFingerprint {
    /// This machine: CPU model, logical cores available to the process, `uname` and host name.
    public static func current() -> MachineFingerprint {
        let cpuinfo = KernelFile.text(at: "/proc/cpuinfo") ?? ""
        return MachineFingerprint(cpuModel: cpuModel(fromCPUInfo: cpuinfo) ?? "unknown",
                                  logicalCores: ProcessInfo.processInfo.activeProcessorCount,
                                  os: operatingSystem(), hostname: hostName())
    }

    /// This machine with the GPUs a task was given, named through the NVML library at `nvmlPath` when it opens.
    public static func current(gpus: [Int]?, nvmlPath: String? = "libnvidia-ml.so.1") -> MachineFingerprint {
        var machine = current()
        if let gpus {
            let library = nvmlPath.flatMap { NVMLLibrary.shared(path: $0) }
            let driver = library?.driverVersion()
            machine.gpus = gpus.map { GPUFingerprint(index: $0, model: library?.name(ofDevice: $0), driver: driver) }
        }
        return machine
    }

    /// The first `model name` of a /proc/cpuinfo text (x86); ARM kernels may only give `Hardware`.
    static func cpuModel(fromCPUInfo cpuinfo: String) -> String? {
        for key in ["model name", "Hardware"] {
            for line in cpuinfo.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// `uname` sysname, release and machine, e.g. `Linux 6.1.0-18-amd64 x86_64`.
    static func operatingSystem() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        let fields = [
            withUnsafeBytes(of: &name.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) },
            withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) },
            withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) },
        ]
        return fields.joined(separator: " ")
    }

    /// `gethostname`, which unlike `ProcessInfo.hostName` never waits on DNS.
    static func hostName() -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }
}
