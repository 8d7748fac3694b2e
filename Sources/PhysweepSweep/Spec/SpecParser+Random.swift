import PhysweepSystems
import PhysweepTraining
import Yams

extension SpecParser {
    /// The `random:` block: `samples` draws of every parameter from a generator seeded by `seed`, as one axis.
    func randomAxis(_ node: Node) -> SweepAxis? {
        guard let entries = mapping(node, at: "random", allowed: ["samples", "seed", "params"]) else { return nil }
        let block = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let samples = block["samples"].flatMap { integer($0, at: "random.samples", atLeast: 1, atMost: SpecLimits.maxCount) }
        let seed = block["seed"].map { integer($0, at: "random.seed", atLeast: 0) } ?? 0
        if block["samples"] == nil { report(node, key: "random", "missing 'samples'", expected: "samples: N (≥ 1)") }
        if block["params"] == nil { report(node, key: "random", "missing 'params'", expected: "params: {field: {distribution}}") }
        guard let params = block["params"].flatMap({ randomParams($0) }), let samples, let seed else { return nil }

        var rng = SeededGenerator(seed: UInt64(seed))
        let rows = (0..<samples).map { _ in params.map { $0.distribution.draw(using: &rng) } }
        // A draw can still be invalid for its field (e.g. uniform [0.5, 3.5] for an integer width): report it once.
        for (column, param) in params.enumerated() {
            if let bad = rows.lazy.map({ $0[column] }).first(where: { !self.accepts($0, param.field) }) {
                validate(bad, for: param.field, node: param.node, at: param.path)
                return nil
            }
        }
        return SweepAxis(origin: "random", fields: params.map(\.field.name), rows: rows)
    }

    /// One `random.params` entry.
    private struct RandomParam {
        var field: ConfigField
        var distribution: SpecDistribution
        var node: Node
        var path: String
    }

    private func randomParams(_ node: Node) -> [RandomParam]? {
        guard let entries = mapping(node, at: "random.params") else { return nil }
        if entries.isEmpty { report(node, key: "random.params", "no parameters", expected: "field: {distribution}") }
        var params: [RandomParam] = []
        for entry in entries {
            let path = "random.params.\(entry.key)"
            guard let field = claim(entry, at: path, owners: &topSources),
                  let distribution = distribution(entry.value, for: field, at: path) else { continue }
            params.append(RandomParam(field: field, distribution: distribution, node: entry.value, path: path))
        }
        return params.count == entries.count && !entries.isEmpty ? params : nil
    }

    /// `{uniform: [a, b]}`, `{log_uniform: [a, b]}` or `{choice: [values]}`.
    private func distribution(_ node: Node, for field: ConfigField, at path: String) -> SpecDistribution? {
        let expected = "one of {uniform: [low, high]}, {log_uniform: [low, high]}, {choice: [values]}"
        guard let entries = mapping(node, at: path, allowed: SpecDistribution.keywords) else { return nil }
        guard entries.count == 1, let entry = entries.first else {
            if entries.count > 1 || (node.mapping?.count ?? 0) == 0 {
                report(node, key: path, "a parameter needs exactly one distribution", expected: expected)
            }
            return nil
        }
        let key = join(path, entry.key)
        guard let items = list(entry.value, at: key) else { return nil }
        if entry.key == "choice" {
            var values: [ConfigValue] = []
            for (i, item) in items.enumerated() {
                let itemKey = "\(key)[\(i)]"
                guard let value = configValue(item, at: itemKey), validate(value, for: field, node: item, at: itemKey)
                else { return nil }
                values.append(value)
            }
            return .choice(values)
        }
        guard items.count == 2, let low = numericValue(items[0]), let high = numericValue(items[1]),
              low.isFinite, high.isFinite else {
            report(entry.value, key: key, "got \(items.count == 2 ? "non-numeric bounds" : "\(items.count) values")",
                   expected: "[low, high]: two numbers")
            return nil
        }
        guard low < high else {
            report(entry.value, key: key, "low bound \(low) is not below high bound \(high)", expected: "low < high")
            return nil
        }
        let integer = items.allSatisfy { $0.tagName == .int }
        if entry.key == "log_uniform" {
            guard low > 0 else {
                report(entry.value, key: key, "log-uniform low bound \(low) is not positive", expected: "0 < low < high")
                return nil
            }
            return .logUniform(low: low, high: high, integer: integer)
        }
        guard integer, let lowInt = items[0].int, let highInt = items[1].int else { return .uniform(low: low, high: high) }
        let (span, overflow) = highInt.subtractingReportingOverflow(lowInt)
        guard !overflow, span < Int.max else {
            report(entry.value, key: key, "the integer range [\(lowInt), \(highInt)] is too wide to draw from",
                   expected: "high − low < \(Int.max)")
            return nil
        }
        return .uniformInteger(low: lowInt, high: highInt)
    }

    private func accepts(_ value: ConfigValue, _ field: ConfigField) -> Bool {
        var scratch = TrainConfig.defaults(system: .noop)
        return (try? field.set(value, in: &scratch)) != nil
    }
}
