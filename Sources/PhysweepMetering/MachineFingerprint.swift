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

    public init(cpuModel: String, logicalCores: Int, os: String, hostname: String) {
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.os = os
        self.hostname = hostname
    }

    enum CodingKeys: String, CodingKey {
        case cpuModel = "cpu_model", logicalCores = "logical_cores", os, hostname
    }
}
