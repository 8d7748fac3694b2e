import Foundation
import PhysweepMetering
import PhysweepTraining

/// A validated sweep: which configurations to train, how to run them and what to optimise.
///
/// Built from YAML by `load(from:)` / `parse(yaml:file:)` (the format is documented in docs/spec.md);
/// `tasks()` expands it into the deduplicated task list.
public struct SweepSpec: Codable, Hashable, Sendable {
    /// The sweep's name (letters, digits, `.`, `_`, `-`).
    public var name: String
    /// The file the spec was read from, as the user named it (used in messages).
    public var file: String
    /// The spec's original YAML text, kept so a store can record exactly what was asked for.
    public var yaml: String
    /// The systems in spec order, each with its models and per-system overrides.
    public var systems: [SystemPlan]
    /// Top-level `fixed:` settings, applied to every task before anything else.
    public var fixed: [SpecSetting]
    /// Top-level axes (`grid:` lists in spec order, then `zip:`, then `random:`), shared by all systems.
    public var axes: [SweepAxis]
    /// Training seeds; every configuration is repeated once per seed.
    public var seeds: [UInt64]
    /// The 2–4 metrics of the Pareto analysis.
    public var objectives: [ParetoObjective]
    /// Grid intensity and PUE for carbon figures.
    public var carbon: CarbonSettings
    /// Threads per task.
    public var threads: Int
    /// How often a failing task is tried before it is marked failed.
    public var maxAttempts: Int
    /// Inference passes per task (the median is reported).
    public var inferenceRepeats: Int
    /// CPU TDP for the energy estimate when no counter can be read (watts).
    public var cpuTDPWatts: Double
    /// The command system's program and user fields, when the sweep has that system.
    public var command: CommandSettings?

    public init(name: String, file: String, yaml: String, systems: [SystemPlan], fixed: [SpecSetting] = [],
                axes: [SweepAxis] = [], seeds: [UInt64] = [0], objectives: [ParetoObjective],
                carbon: CarbonSettings = CarbonSettings(), threads: Int = 1, maxAttempts: Int = 3,
                inferenceRepeats: Int = RunSettings().inferenceRepeats, cpuTDPWatts: Double = RunSettings().cpuTDPWatts,
                command: CommandSettings? = nil) {
        self.command = command
        self.name = name
        self.file = file
        self.yaml = yaml
        self.systems = systems
        self.fixed = fixed
        self.axes = axes
        self.seeds = seeds
        self.objectives = objectives
        self.carbon = carbon
        self.threads = threads
        self.maxAttempts = maxAttempts
        self.inferenceRepeats = inferenceRepeats
        self.cpuTDPWatts = cpuTDPWatts
    }

    /// Reads and validates a spec file; throws `SpecErrors` listing every problem found.
    public static func load(from url: URL) throws -> SweepSpec {
        let file = url.isFileURL ? url.relativePath : url.absoluteString
        let bytes: Data
        do {
            // At most one byte past the limit is read, so a huge file (or /dev/zero) is refused unread.
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            bytes = try handle.read(upToCount: SpecLimits.maxBytes + 1) ?? Data()
        } catch {
            throw SpecErrors([SpecError(file: file, line: 1, column: 1, key: "",
                                        message: "cannot read the spec: \(error.localizedDescription)")])
        }
        guard bytes.count <= SpecLimits.maxBytes else {
            throw SpecErrors([SpecError(file: file, line: 1, column: 1, key: "", message: "the spec is larger than \(SpecLimits.maxBytes) bytes",
                                        expected: "at most \(SpecLimits.maxBytes) bytes (see docs/spec.md, Limits)")])
        }
        guard let yaml = String(data: bytes, encoding: .utf8) else {
            throw SpecErrors([SpecError(file: file, line: 1, column: 1, key: "", message: "cannot read the spec: it is not UTF-8 text")])
        }
        return try parse(yaml: yaml, file: file)
    }

    /// Parses and validates spec text; `file` names it in error messages. Throws `SpecErrors`.
    public static func parse(yaml: String, file: String) throws -> SweepSpec {
        try SpecParser(file: file, yaml: yaml).parse()
    }

    /// How every task of this sweep is run and measured.
    public var runSettings: RunSettings {
        RunSettings(threads: threads, carbon: carbon, cpuTDPWatts: cpuTDPWatts, inferenceRepeats: inferenceRepeats, command: command)
    }

    /// Points in the sweep before deduplication (so `tasks().count <= taskCount`), computed without expanding.
    public var taskCount: Int {
        var total = 0
        for plan in systems {
            var perModel = plan.models.count.multipliedReportingOverflow(by: seeds.count).partialValue
            for axis in effectiveAxes(for: plan) {
                let (product, overflow) = perModel.multipliedReportingOverflow(by: axis.rows.count)
                perModel = overflow ? Int.max : product
            }
            let (sum, overflow) = total.addingReportingOverflow(perModel)
            total = overflow ? Int.max : sum
        }
        return total
    }

    /// The axes a system's tasks vary along: the top-level axes minus the fields the system
    /// overrides, then the system's own grid (the more specific setting wins).
    func effectiveAxes(for plan: SystemPlan) -> [SweepAxis] {
        let overridden = Set(plan.fixed.map(\.field) + plan.axes.flatMap(\.fields))
        return axes.compactMap { $0.dropping(overridden) } + plan.axes
    }
}

/// One system of a sweep: its models and the settings that apply to it alone.
public struct SystemPlan: Codable, Hashable, Sendable {
    public var system: SystemKind
    /// Models in spec order (part of the grid: each gets every point).
    public var models: [ModelKind]
    /// Per-system `fixed:` settings; they override top-level settings of the same fields.
    public var fixed: [SpecSetting]
    /// Per-system `grid:` axes; they replace top-level axes of the same fields.
    public var axes: [SweepAxis]

    public init(system: SystemKind, models: [ModelKind], fixed: [SpecSetting] = [], axes: [SweepAxis] = []) {
        self.system = system
        self.models = models
        self.fixed = fixed
        self.axes = axes
    }
}
