import Foundation

/// A powercap tree in a temporary directory, laid out like /sys/class/powercap, for RAPL tests.
final class FakePowercap {
    /// Pass as `sysfsRoot`.
    let root: String
    private var powercap: String { root + "/class/powercap" }

    init() throws {
        root = NSTemporaryDirectory() + "physweep-fake-sysfs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/class/powercap", withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Adds a domain directory such as `intel-rapl:0` (named `package-0`) or `intel-rapl:0:0` (`core`).
    func addDomain(_ directory: String, name: String, energyMicrojoules: UInt64, rangeMicrojoules: UInt64 = 262_143_328_850) throws {
        let path = powercap + "/" + directory
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try write(name + "\n", to: path + "/name")
        try write("\(rangeMicrojoules)\n", to: path + "/max_energy_range_uj")
        try setEnergy(directory, microjoules: energyMicrojoules)
    }

    /// Moves a domain's counter, as the hardware would between two readings.
    func setEnergy(_ directory: String, microjoules: UInt64) throws {
        try write("\(microjoules)\n", to: powercap + "/" + directory + "/energy_uj")
    }

    /// The path of a domain's counter file, for tests that break it.
    func energyPath(_ directory: String) -> String {
        powercap + "/" + directory + "/energy_uj"
    }

    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
}
