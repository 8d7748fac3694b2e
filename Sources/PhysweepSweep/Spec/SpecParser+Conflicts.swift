import PhysweepTraining

extension SpecParser {
    /// Runs `TrainConfig.conflicts()` on every point (seeds aside: they cannot cause one) and reports
    /// each conflicting field once, at the spec entry that set it, naming the (system, model) pairs hit.
    func checkConflicts(of spec: SweepSpec) {
        struct Finding {
            var source: SpecSource
            var firstMessage: String
            var pairs: [String] = []
            var conflicting = 0
            var points = 0
        }
        var findings: [Finding] = []
        var findingIndex: [String: Int] = [:]  // "field@line:column" → index in `findings`
        for plan in spec.expansionPlans() {
            var counts: [String: (count: Int, firstMessage: String)] = [:]  // by conflicting field
            var fieldOrder: [String] = []
            var points = 0
            plan.forEachConfig { config in
                points += 1
                for conflict in config.conflicts() {
                    if counts[conflict.key] == nil { fieldOrder.append(conflict.key) }
                    counts[conflict.key, default: (0, conflict.message)].count += 1
                }
            }
            for field in fieldOrder {
                guard let (count, firstMessage) = counts[field] else { continue }
                let source = conflictSource(field: field, system: plan.system, model: plan.model)
                let id = "\(field)@\(source.line):\(source.column)"
                let index = findingIndex[id] ?? findings.count
                if index == findings.count {
                    findings.append(Finding(source: source, firstMessage: firstMessage))
                    findingIndex[id] = index
                }
                findings[index].pairs.append("\(plan.system.rawValue)/\(plan.model.rawValue)")
                findings[index].conflicting += count
                findings[index].points += points
            }
        }
        for finding in findings {
            let scope = finding.conflicting == finding.points ? "all" : "\(finding.conflicting) of"
            errors.append(SpecError(
                file: file, line: finding.source.line, column: finding.source.column, key: finding.source.path,
                message: "\(finding.firstMessage) (in \(scope) \(finding.points) configuration\(finding.points == 1 ? "" : "s")"
                    + " of " + finding.pairs.joined(separator: ", ") + ")"))
        }
    }

    /// The most specific entry that set `field` for this pair, else the entry that asked for the model.
    private func conflictSource(field: String, system: SystemKind, model: ModelKind) -> SpecSource {
        systemSources[system]?[field] ?? topSources[field] ?? modelSources[system]?[model]
            ?? SpecSource(path: "systems", line: 1, column: 1)
    }
}
