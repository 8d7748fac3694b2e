import Foundation

/// Why the RAPL counters cannot be used; the meter then falls back to the TDP estimate.
public enum RAPLUnavailable: Error, Equatable, Sendable, CustomStringConvertible {
    /// No powercap directory (not Linux, no RAPL driver, or a VM that hides it).
    case noPowercap(path: String)
    /// Powercap exists but has no `intel-rapl:N` domain named `package-N`.
    case noPackageDomains(path: String)
    /// A counter file is missing, not readable (energy_uj is often root-only) or not a number.
    case unreadable(path: String)

    public var description: String {
        switch self {
        case .noPowercap(let path): return "RAPL unavailable: no powercap directory at \(path)"
        case .noPackageDomains(let path): return "RAPL unavailable: no package-N domain under \(path)"
        case .unreadable(let path): return "RAPL unavailable: cannot read a number from \(path)"
        }
    }
}

/// Energy of every CPU package, from the Linux powercap RAPL counters, accumulated across readings.
///
/// Only top-level domains `intel-rapl:N` whose `name` is `package-N` are read (AMD exposes the same
/// names on recent kernels). Sub-domains (`intel-rapl:N:M`: core, uncore, dram) are parts of, or
/// siblings measured alongside, the package and would double count; `psys` covers the whole platform
/// including the packages; `intel-rapl-mmio:N` duplicates `intel-rapl:N`.
///
/// Each `energy_uj` counter wraps at `max_energy_range_uj` (minutes to an hour at full load), so the
/// meter must be `sample()`d more often than one wrap period: `PhaseMeter` does that on a timer.
final class RAPLPackageMeter: @unchecked Sendable {  // mutable state is guarded by `lock`
    /// One package counter.
    struct Domain: Equatable {
        /// The domain's `name` file, e.g. `package-0`.
        let name: String
        /// Path of its `energy_uj` file.
        let energyPath: String
        /// `max_energy_range_uj`: the counter wraps to 0 after this value.
        let rangeMicrojoules: UInt64
    }

    let domains: [Domain]
    private let lock = NSLock()
    private var last: [UInt64]
    private var totalMicrojoules: UInt64 = 0
    private var failure: RAPLUnavailable?

    private init(domains: [Domain], baseline: [UInt64]) {
        self.domains = domains
        self.last = baseline
    }

    /// Finds the package domains under `sysfsRoot` and takes a baseline reading of every one.
    /// All package domains must be readable: a partial sum would silently under-count.
    static func open(sysfsRoot: String) -> Result<RAPLPackageMeter, RAPLUnavailable> {
        let powercap = sysfsRoot + "/class/powercap"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: powercap) else {
            return .failure(.noPowercap(path: powercap))
        }
        var found: [(index: Int, domain: Domain)] = []
        for entry in entries {
            guard let index = topLevelIndex(entry) else { continue }
            let directory = powercap + "/" + entry
            guard let name = readText(directory + "/name"), name.hasPrefix("package-") else { continue }
            let rangePath = directory + "/max_energy_range_uj"
            guard let range = readCounter(rangePath) else { return .failure(.unreadable(path: rangePath)) }
            found.append((index, Domain(name: name, energyPath: directory + "/energy_uj", rangeMicrojoules: range)))
        }
        guard !found.isEmpty else { return .failure(.noPackageDomains(path: powercap)) }
        let domains = found.sorted { $0.index < $1.index }.map(\.domain)
        switch read(domains) {
        case .success(let baseline): return .success(RAPLPackageMeter(domains: domains, baseline: baseline))
        case .failure(let reason): return .failure(reason)
        }
    }

    /// `rapl:package-0+package-1(whole-package)`: the counters cover the whole package, so the figure
    /// includes every other process running on it.
    var label: String { "rapl:" + domains.map(\.name).joined(separator: "+") + "(whole-package)" }

    /// Reads every counter and adds what was consumed since the previous reading (one wrap allowed).
    func sample() {
        let reading = Self.read(domains)
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        switch reading {
        case .failure(let reason):
            failure = reason
        case .success(let now):
            for (i, domain) in domains.enumerated() {
                totalMicrojoules += Self.consumed(from: last[i], to: now[i], range: domain.rangeMicrojoules)
            }
            last = now
        }
    }

    /// Joules accumulated over all samples so far, or why a counter stopped being readable.
    var joules: Result<Double, RAPLUnavailable> {
        lock.lock()
        defer { lock.unlock() }
        if let failure { return .failure(failure) }
        return .success(Double(totalMicrojoules) * 1e-6)
    }

    /// Microjoules between two readings of a counter that wraps to 0 after `range`. A decrease means
    /// exactly one wrap (exact to one counter unit, ~15 µJ); more than one wrap between readings cannot
    /// be seen, which is why readings are taken on a timer.
    static func consumed(from start: UInt64, to stop: UInt64, range: UInt64) -> UInt64 {
        if stop >= start { return stop - start }
        return range >= start ? (range - start) + stop : stop
    }

    /// `N` for a directory named `intel-rapl:N`; nil for sub-domains `intel-rapl:N:M` and anything else.
    static func topLevelIndex(_ entry: String) -> Int? {
        let prefix = "intel-rapl:"
        guard entry.hasPrefix(prefix) else { return nil }
        return Int(entry.dropFirst(prefix.count))
    }

    private static func read(_ domains: [Domain]) -> Result<[UInt64], RAPLUnavailable> {
        var values: [UInt64] = []
        for domain in domains {
            guard let value = readCounter(domain.energyPath) else { return .failure(.unreadable(path: domain.energyPath)) }
            values.append(value)
        }
        return .success(values)
    }

    private static func readCounter(_ path: String) -> UInt64? {
        readText(path).flatMap { UInt64($0) }
    }

    private static func readText(_ path: String) -> String? {
        KernelFile.text(at: path)?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
