import Yams

extension SpecParser {
    /// Reports a sweep of more than `SpecLimits.maxTasks` points, from the count alone (nothing is
    /// expanded, so the conflict check after it never walks a huge grid), at the entry that
    /// multiplies the count the most.
    func checkSize(of spec: SweepSpec, root: Node) {
        let count = spec.taskCount
        guard count > SpecLimits.maxTasks else { return }
        var factors: [(count: Int, source: SpecSource)] = []
        if let seeds = root.mapping?.first(where: { $0.key.string == "seeds" }) {
            factors.append((spec.seeds.count, source(seeds.key, path: "seeds")))
        }
        for plan in spec.systems {
            for axis in spec.effectiveAxes(for: plan) {
                guard let field = axis.fields.first,
                      let origin = systemSources[plan.system]?[field] ?? topSources[field] else { continue }
                factors.append((axis.rows.count, origin))
            }
        }
        let largest = factors.max { $0.count < $1.count }
        let origin = largest?.source ?? SpecSource(path: "", line: 1, column: 1)
        let total = count == .max ? "more than \(Int.max)" : String(count)
        let factor = largest.map { " (this entry multiplies them by \($0.count))" } ?? ""
        errors.append(SpecError(file: file, line: origin.line, column: origin.column, key: origin.path,
                                message: "the sweep has \(total) points\(factor)",
                                expected: "at most \(SpecLimits.maxTasks) points per sweep (see docs/spec.md, Limits)"))
    }
}
