/// The machine a result was measured on.
public struct MachineFingerprint: Codable, Hashable, Sendable {
    /// CPU model name (from /proc/cpuinfo).
    public var cpuModel: String
    /// Logical cores available to the process.
    public var logicalCores: Int
    /// Operating system and kernel, e.g. `Linux 6.1.0 x86_64`.
    public var os: String
    /// Host name.
    public var hostname: String
    /// The GPUs the task was given (a worker's `--gpus`), with model and driver when NVML names them;
    /// nil when it was given none (absent from the JSON then).
    public var gpus: [GPUFingerprint]?

    public init(cpuModel: String, logicalCores: Int, os: String, hostname: String, gpus: [GPUFingerprint]? = nil) {
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.os = os
        self.hostname = hostname
        self.gpus = gpus
    }

    enum CodingKeys: String, CodingKey {
        case cpuModel = "cpu_model", logicalCores = "logical_cores", os, hostname, gpus
    }
}

/// One GPU a task ran on.
public struct GPUFingerprint: Codable, Hashable, Sendable {
    /// Device index (as in CUDA_VISIBLE_DEVICES and NVML).
    public var index: Int
    /// Model name from NVML (`nvmlDeviceGetName`), nil when NVML is absent.
    public var model: String?
    /// Driver version from NVML (`nvmlSystemGetDriverVersion`), nil when NVML is absent.
    public var driver: String?

    public init(index: Int, model: String?, driver: String?) {
        self.index = index
        self.model = model
        self.driver = driver
    }
}
