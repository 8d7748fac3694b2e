import PhysweepMetering
import PhysweepTraining
import Yams

/// Where a spec entry is, for messages: its path (e.g. `grid.width`) and its position in the file.
struct SpecSource {
    var path: String
    var line: Int
    var column: Int
}

/// Turns spec text into a `SweepSpec`, collecting every problem (with its position) rather than stopping at the first.
///
/// Works on Yams' composed node tree, not on decoded dictionaries, so each value keeps its mark.
final class SpecParser {
    let file: String
    let yaml: String
    var errors: [SpecError] = []
    /// Every settable field by name, for lookups by name.
    var fields: [String: ConfigField]
    /// The command system's settings, once its block is read (its user fields are then in `fields`).
    var command: CommandSettings?
    /// Field names a spec may set (the seed is swept by `seeds:` instead).
    let settableFieldNames: [String]

    /// Where each top-level setting came from, to place cross-field conflicts.
    var topSources: [String: SpecSource] = [:]
    /// Where each per-system setting came from.
    var systemSources: [SystemKind: [String: SpecSource]] = [:]
    /// Where each (system, model) pair was asked for.
    var modelSources: [SystemKind: [ModelKind: SpecSource]] = [:]

    static let topLevelKeys = ["name", "systems", "fixed", "grid", "zip", "random", "seeds", "objectives",
                               "carbon", "resources", "measurement", "max_attempts"]

    init(file: String, yaml: String) {
        self.file = file
        self.yaml = yaml
        let all = ConfigField.all
        fields = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
        settableFieldNames = all.map(\.name).filter { $0 != "seed" }
    }

    func parse() throws(SpecErrors) -> SweepSpec {
        if yaml.utf8.count > SpecLimits.maxBytes {
            throw SpecErrors([SpecError(file: file, line: 1, column: 1, key: "",
                                        message: "the spec is \(yaml.utf8.count) bytes long",
                                        expected: "at most \(SpecLimits.maxBytes) bytes (see docs/spec.md, Limits)")])
        }
        if let error = aliasExpansionError() { throw SpecErrors([error]) }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw SpecErrors([SpecError(file: file, line: 1, column: 1, key: "", message: "the spec is empty")])
            }
            root = composed
        } catch let error as SpecErrors {
            throw error
        } catch {
            throw SpecErrors([syntaxError(error, in: yaml)])
        }
        let spec = build(from: root)
        if errors.isEmpty, let spec { checkSize(of: spec, root: root) }
        if errors.isEmpty, let spec { checkConflicts(of: spec) }
        guard errors.isEmpty, let spec else {
            throw SpecErrors(errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return spec
    }

    /// Reads every top-level entry; nil when something required is missing or broken.
    private func build(from root: Node) -> SweepSpec? {
        guard let entries = mapping(root, at: "", allowed: Self.topLevelKeys) else { return nil }
        let top = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for required in ["name", "systems", "objectives"] where top[required] == nil {
            report(root, key: required, "missing required entry '\(required)'")
        }

        let name = top["name"].flatMap { sweepName($0.value) }
        let systems = top["systems"].flatMap { systemPlans($0.value) }
        let fixed = top["fixed"].map { settings($0.value, at: "fixed", owners: &topSources) } ?? []
        var axes = top["grid"].map { gridAxes($0.value, at: "grid", owners: &topSources) } ?? []
        if let zip = top["zip"], let axis = zipAxis(zip.value) { axes.append(axis) }
        if let random = top["random"], let axis = randomAxis(random.value) { axes.append(axis) }
        let seeds = top["seeds"].map { seedList($0.value) } ?? [0]
        let objectives = top["objectives"].flatMap { objectiveList($0.value) }
        let carbon = top["carbon"].map { carbonSettings($0.value) } ?? CarbonSettings()
        let threads = top["resources"].map { resourceThreads($0.value) } ?? 1
        if var settings = command {
            settings.gpus = top["resources"].map { resourceGPUs($0.value) } ?? 0
            command = settings
        }
        let maxAttempts = top["max_attempts"].flatMap { integer($0.value, at: "max_attempts", atLeast: 1) } ?? 3
        let measurement = top["measurement"].map { measurementSettings($0.value) } ?? RunSettings()

        guard let name, let systems, let objectives else { return nil }
        return SweepSpec(name: name, file: file, yaml: yaml, systems: systems, fixed: fixed, axes: axes,
                         seeds: seeds, objectives: objectives, carbon: carbon, threads: threads,
                         maxAttempts: maxAttempts, inferenceRepeats: measurement.inferenceRepeats,
                         cpuTDPWatts: measurement.cpuTDPWatts, command: command)
    }

    private func sweepName(_ node: Node) -> String? {
        guard let name = string(node, at: "name") else { return nil }
        let allowed = name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "._-".contains($0) }
        guard !name.isEmpty, allowed else {
            report(node, key: "name", "invalid sweep name '\(name)'", expected: "letters, digits, '.', '_' or '-'")
            return nil
        }
        return name
    }

    // MARK: Reporting

    func report(_ node: Node, key: String, _ message: String, expected: String? = nil, suggestion: String? = nil) {
        let mark = node.mark
        errors.append(SpecError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, key: key,
                                message: message, expected: expected, suggestion: suggestion))
    }

    func source(_ node: Node, path: String) -> SpecSource {
        SpecSource(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// An unknown name: suggest the closest valid one, or list them all when none is close.
    func reportUnknown(_ node: Node, key: String, what: String, name: String, valid: [String]) {
        let suggestion = ClosestName.find(name, in: valid)
        report(node, key: key, "unknown \(what) '\(name)'",
               expected: suggestion == nil ? "one of " + valid.joined(separator: ", ") : nil, suggestion: suggestion)
    }
}
