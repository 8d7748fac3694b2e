import PhysweepMetering
import PhysweepTraining
import Yams

extension SpecParser {
    /// `seeds: N` (seeds 0..<N) or `seeds: [s, ...]`.
    func seedList(_ node: Node) -> [UInt64] {
        if case .sequence = node {
            guard let items = list(node, at: "seeds") else { return [0] }
            return items.enumerated().compactMap { i, item in
                integer(item, at: "seeds[\(i)]", atLeast: 0).map { UInt64($0) }
            }
        }
        let expected = "a count from 1 to \(SpecLimits.maxCount) or a list of seeds"
        guard node.tagName == .int, let count = node.int else {
            report(node, key: "seeds", "got \(describe(node))", expected: expected)
            return [0]
        }
        guard count >= 1 else {
            report(node, key: "seeds", "got \(count) seeds: nothing would run", expected: expected)
            return [0]
        }
        guard count <= SpecLimits.maxCount else {
            report(node, key: "seeds", "got \(count) seeds", expected: expected)
            return [0]
        }
        return (0..<UInt64(count)).map { $0 }
    }

    /// 2–4 entries, each `metric: minimize|maximize` or a bare metric name (minimised).
    func objectiveList(_ node: Node) -> [ParetoObjective]? {
        guard let items = list(node, at: "objectives", nonEmpty: false) else { return nil }
        var objectives: [ParetoObjective] = []
        for (i, item) in items.enumerated() {
            let path = "objectives[\(i)]"
            guard let objective = objective(item, at: path) else { continue }
            if objectives.contains(where: { $0.metric == objective.metric }) {
                report(item, key: path, "objective '\(objective.metric.rawValue)' is listed twice")
                continue
            }
            objectives.append(objective)
        }
        guard (2...4).contains(items.count) else {
            report(node, key: "objectives", "got \(items.count) objectives",
                   expected: "2 to 4 objectives (a Pareto front needs at least two)")
            return nil
        }
        return objectives.count == items.count ? objectives : nil
    }

    private func objective(_ node: Node, at path: String) -> ParetoObjective? {
        let metricNode: Node, directionNode: Node?
        switch node {
        case .scalar:
            (metricNode, directionNode) = (node, nil)
        case .mapping(let pairs) where pairs.count == 1:
            (metricNode, directionNode) = (pairs[pairs.startIndex].key, pairs[pairs.startIndex].value)
        default:
            report(node, key: path, "got \(describe(node))", expected: "metric: minimize|maximize")
            return nil
        }
        guard let name = string(metricNode, at: path) else { return nil }
        guard let metric = MetricName(rawValue: name) else {
            reportUnknown(metricNode, key: path, what: "metric", name: name, valid: MetricName.allCases.map(\.rawValue))
            return nil
        }
        guard let directionNode else { return ParetoObjective(metric, .minimize) }
        let directionPath = join(path, name)
        guard let directionName = string(directionNode, at: directionPath) else { return nil }
        guard let direction = Direction(rawValue: directionName) else {
            reportUnknown(directionNode, key: directionPath, what: "direction", name: directionName,
                          valid: Direction.allCases.map(\.rawValue))
            return nil
        }
        return ParetoObjective(metric, direction)
    }

    /// `carbon: {intensity_g_per_kwh: 475, pue: 1.2}`; missing entries keep CodeCarbon's defaults.
    func carbonSettings(_ node: Node) -> CarbonSettings {
        var carbon = CarbonSettings()
        for entry in mapping(node, at: "carbon", allowed: ["intensity_g_per_kwh", "pue"]) ?? [] {
            let path = "carbon.\(entry.key)"
            if entry.key == "pue" {
                carbon.pue = number(entry.value, at: path, atLeast: 1) ?? carbon.pue
            } else {
                carbon.intensityGramsPerKWh = number(entry.value, at: path, atLeast: 0) ?? carbon.intensityGramsPerKWh
            }
        }
        return carbon
    }

    /// `resources: {threads: N}`: what one task may use.
    func resourceThreads(_ node: Node) -> Int {
        var threads = 1
        for entry in mapping(node, at: "resources", allowed: ["threads", "gpus"]) ?? [] where entry.key == "threads" {
            threads = integer(entry.value, at: "resources.\(entry.key)", atLeast: 1, atMost: SpecLimits.maxThreads) ?? threads
        }
        return threads
    }

    /// `resources: {gpus: N}`: GPUs each command task needs (0: none).
    func resourceGPUs(_ node: Node) -> Int {
        guard case .mapping(let map) = node, let value = map["gpus"] else { return 0 }
        return integer(value, at: "resources.gpus", atLeast: 0, atMost: 64) ?? 0
    }

    /// `measurement: {inference_repeats: N, cpu_tdp_watts: W}`.
    func measurementSettings(_ node: Node) -> RunSettings {
        var settings = RunSettings()
        for entry in mapping(node, at: "measurement", allowed: ["inference_repeats", "cpu_tdp_watts"]) ?? [] {
            let path = "measurement.\(entry.key)"
            if entry.key == "inference_repeats" {
                settings.inferenceRepeats = integer(entry.value, at: path, atLeast: 1) ?? settings.inferenceRepeats
            } else {
                settings.cpuTDPWatts = number(entry.value, at: path, atLeast: 0, exclusive: true) ?? settings.cpuTDPWatts
            }
        }
        return settings
    }
}
