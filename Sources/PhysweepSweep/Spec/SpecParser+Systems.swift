import PhysweepTraining
import Yams

extension SpecParser {
    static let systemBlockKeys = ["models", "fixed", "grid", "command"]

    /// `systems:` as a list of names (every model of each) or a mapping of name → {models, fixed, grid}
    /// (or name → [models], or name → nothing for every model).
    func systemPlans(_ node: Node) -> [SystemPlan]? {
        var plans: [SystemPlan] = []
        switch node {
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                let path = "systems[\(i)]"
                guard let system = systemKind(item, at: path) else { continue }
                guard !plans.contains(where: { $0.system == system }) else {
                    report(item, key: path, "system '\(system.rawValue)' is listed twice")
                    continue
                }
                for model in system.models { modelSources[system, default: [:]][model] = source(item, path: path) }
                plans.append(SystemPlan(system: system, models: system.models))
            }
        case .mapping:
            for entry in mapping(node, at: "systems") ?? [] {
                let path = "systems.\(entry.key)"
                guard let system = systemKind(entry.keyNode, at: path),
                      let plan = systemPlan(system, entry: entry, at: path) else { continue }
                plans.append(plan)
            }
        default:
            report(node, key: "systems", "got \(describe(node))",
                   expected: "a list of systems or a mapping of system: {models: [...]}")
            return nil
        }
        if plans.isEmpty && errors.isEmpty {
            report(node, key: "systems", "no systems", expected: "at least one system")
        }
        return plans.isEmpty ? nil : plans
    }

    private func systemPlan(_ system: SystemKind, entry: SpecEntry, at path: String) -> SystemPlan? {
        if entry.value.tagName == .null {
            for model in system.models { modelSources[system, default: [:]][model] = source(entry.keyNode, path: path) }
            return SystemPlan(system: system, models: system.models)
        }
        if case .sequence = entry.value {  // shorthand: `oscillator: [mlp, pinn]`
            return SystemPlan(system: system, models: models(of: system, entry.value, at: path) ?? [])
        }
        guard let block = mapping(entry.value, at: path, allowed: Self.systemBlockKeys) else { return nil }
        var plan = SystemPlan(system: system, models: system.models)
        var owners: [String: SpecSource] = [:]
        var modelsGiven = false
        // User fields are the command block's own: physweep's table comes back after it.
        let physweepFields = system == .command ? commandSystem(block, at: path) : nil
        defer { if let physweepFields { fields = physweepFields } }
        for item in block {
            let itemPath = "\(path).\(item.key)"
            switch item.key {
            case "command":
                if system != .command {
                    report(item.keyNode, key: itemPath, "only the command system runs a program", expected: "models, fixed or grid")
                }
            case "models":
                modelsGiven = true
                plan.models = models(of: system, item.value, at: itemPath) ?? []
            case "fixed":
                plan.fixed = settings(item.value, at: itemPath, owners: &owners)
            default:
                plan.axes = gridAxes(item.value, at: itemPath, owners: &owners)
            }
        }
        if !modelsGiven {
            for model in system.models { modelSources[system, default: [:]][model] = source(entry.keyNode, path: path) }
        }
        systemSources[system] = owners
        return plan
    }

    private func models(of system: SystemKind, _ node: Node, at path: String) -> [ModelKind]? {
        guard let items = list(node, at: path) else { return nil }
        var models: [ModelKind] = []
        let valid = system.models.map(\.rawValue)
        for (i, item) in items.enumerated() {
            let itemPath = "\(path)[\(i)]"
            guard let name = string(item, at: itemPath) else { continue }
            guard let model = ModelKind(rawValue: name) else {
                reportUnknown(item, key: itemPath, what: "model", name: name, valid: valid)
                continue
            }
            guard system.models.contains(model) else {
                report(item, key: itemPath, "model '\(name)' is not a model of system '\(system.rawValue)'",
                       expected: "one of " + valid.joined(separator: ", "))
                continue
            }
            guard !models.contains(model) else {
                report(item, key: itemPath, "model '\(name)' is listed twice")
                continue
            }
            modelSources[system, default: [:]][model] = source(item, path: itemPath)
            models.append(model)
        }
        return models.count == items.count ? models : nil
    }

    private func systemKind(_ node: Node, at path: String) -> SystemKind? {
        guard let name = string(node, at: path) else { return nil }
        guard let system = SystemKind(rawValue: name) else {
            reportUnknown(node, key: path, what: "system", name: name, valid: SystemKind.allCases.map(\.rawValue))
            return nil
        }
        return system
    }
}
