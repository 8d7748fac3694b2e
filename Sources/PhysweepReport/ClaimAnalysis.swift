import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// The claims of arXiv 2509.24517 ("Trading Carbon for Physics") tested on stored results, each a
/// row of docs/results.md: the claim, the metric that tests it, our result (mean ± std over seeds),
/// a significance statement and a verdict.
///
/// Every comparison is `ClaimComparison`: Welch's t-test on log10 of the per-seed values, two-sided,
/// α = 0.05; "within noise" when p ≥ α. A claim whose results are not in the store is `pending`.
///
/// ```swift
/// let rows = ClaimAnalysis.evaluate(try store.results(of: "paper-burgers") + …)
/// print(ClaimAnalysis.markdown(rows))
/// ```
public enum ClaimAnalysis {
    /// A claim's outcome.
    public enum Verdict: String, Sendable {
        case reproduced
        case partly
        case notReproduced = "not reproduced"
        /// Its results are not in the store (not run yet, or the system does not exist yet).
        case pending
    }

    /// One row of the claims table.
    public struct Row: Sendable {
        public var claim: String
        public var metric: String
        public var result: String
        public var significance: String
        public var verdict: Verdict
    }

    /// "Similar cost": the ratio of geometric-mean training CO₂ within [1/2, 2].
    static let similarCost = 0.5...2.0

    /// The claims evaluated on `records` (latest attempt of each task), in the paper's order; with
    /// `carbon`, every CO₂ figure is first recomputed for that grid intensity and PUE.
    public static func evaluate(_ records: [ResultRecord], carbon: CarbonSettings? = nil) -> [Row] {
        let groups = SeedGroup.groups(PaperTable.latest(records, carbon: carbon))
        return [SystemKind.noisyCosine, .oscillator].map { activations(groups, system: $0) }
            + [snakePINN(groups)]
            + burgersFront(groups)
            + [extreme("burgers: C-PINN reaches the lowest error", .burgers, .cPINN, .testRelL2, lowest: true, groups),
               extreme("shear flow: U-Net is the most accurate", .shearFlow, .unet, .vrmse, lowest: true, groups),
               extreme("shear flow: FNO is the cheapest to train", .shearFlow, .fno, .trainCO2Grams, lowest: true, groups),
               extreme("shear flow: FM is the most expensive at inference", .shearFlow, .fm, .inferenceCO2Grams,
                       lowest: false, groups)]
            + [thesis(groups)]
    }

    /// The configuration of (system, model[, activation]) that stands for it in a claim: when the
    /// store holds several (other widths, activations, …), the most accurate one (lowest mean of
    /// the system's `errorMetric`).
    static func group(_ groups: [SeedGroup], _ system: SystemKind, _ model: ModelKind,
                      _ activation: Activation? = nil) -> SeedGroup? {
        let error = errorMetric(system)
        return groups.filter { $0.system == system && $0.config.model == model && (activation == nil || $0.config.activation == activation) }
            .min { ($0.value(of: error) ?? .infinity) < ($1.value(of: error) ?? .infinity) }
    }

    /// The error a system's claims are judged on: extrapolation for the 1-D forecasts, test error
    /// for Burgers, next-frame VRMSE for shear flow (The Well's metric).
    static func errorMetric(_ system: SystemKind) -> MetricName {
        switch system {
        case .burgers: return .testRelL2
        case .shearFlow: return .vrmse
        default: return .extrapolationMSE
        }
    }

    static func pending(_ claim: String, _ metric: String, why: String) -> Row {
        Row(claim: claim, metric: metric, result: "pending: \(why)", significance: "—", verdict: .pending)
    }

    // MARK: the oscillator claims

    private static func activations(_ groups: [SeedGroup], system: SystemKind) -> Row {
        let claim = "\(system.rawValue): Snake extrapolates better than ReLU and Tanh at similar training cost"
        let metric = "extrap_mse (lower is better); train_co2_g ratio within [0.5, 2] for similar cost"
        guard let snake = group(groups, system, .mlp, .snake) else {
            return pending(claim, metric, why: "no mlp snake results for \(system.rawValue)")
        }
        let baselines = [Activation.relu, .tanh].compactMap { group(groups, system, .mlp, $0) }
        guard !baselines.isEmpty else { return pending(claim, metric, why: "no mlp relu/tanh results for \(system.rawValue)") }
        let errors = baselines.map { ClaimComparison(.extrapolationMSE, snake, $0) }
        let costs = baselines.map { ClaimComparison(.trainCO2Grams, snake, $0) }
        let similar = costs.map { $0.ratio.map(similarCost.contains) ?? false }
        let wins = zip(errors, similar).filter { $0.0.outcome == .lower && $0.1 }.count
        let anyLower = errors.contains { $0.outcome == .lower }
        let verdict: Verdict = wins == baselines.count && baselines.count == 2 ? .reproduced
            : (anyLower ? .partly : .notReproduced)
        let result = ([snake] + baselines).map { "\($0.label): \($0.meanStd(.extrapolationMSE))" }.joined(separator: "; ")
            + "; train CO₂ g " + ([snake] + baselines).map { "\($0.label) \($0.meanStd(.trainCO2Grams))" }.joined(separator: ", ")
        let significance = (errors + costs).map { "\($0.metric.rawValue) \($0.statement)" }.joined(separator: "; ")
        return Row(claim: claim, metric: metric, result: result, significance: significance, verdict: verdict)
    }

    private static func snakePINN(_ groups: [SeedGroup]) -> Row {
        let claim = "oscillator (damped): the Snake PINN beats the plain Snake MLP"
        let metric = "extrap_mse (lower is better)"
        guard let pinn = group(groups, .oscillator, .pinn, .snake), let mlp = group(groups, .oscillator, .mlp, .snake) else {
            return pending(claim, metric, why: "needs oscillator pinn snake and mlp snake results")
        }
        let comparison = ClaimComparison(.extrapolationMSE, pinn, mlp)
        let verdict: Verdict
        switch comparison.outcome {
        case .lower: verdict = .reproduced
        case .withinNoise: verdict = (comparison.ratio ?? 1) < 1 ? .partly : .notReproduced
        case .higher, .untestable: verdict = .notReproduced
        }
        return Row(claim: claim, metric: metric,
                   result: "\(pinn.label): \(pinn.meanStd(.extrapolationMSE)); \(mlp.label): \(mlp.meanStd(.extrapolationMSE))",
                   significance: comparison.statement, verdict: verdict)
    }

    // MARK: the Burgers claims

    private static func burgersFront(_ groups: [SeedGroup]) -> [Row] {
        let claim = "burgers: the physics-informed rungs (C-PINN, D-PINN) sit on the error-versus-CO₂ front"
        let metric = "front of seed means over test_rel_l2 and train_co2_g (both minimised)"
        let rungs = ModelKind.allCases.compactMap { group(groups, .burgers, $0) }.filter { $0.config.model != .none }
        let physics = rungs.filter { $0.config.model == .cPINN || $0.config.model == .dPINN }
        guard physics.count == 2, rungs.contains(where: { $0.config.model == .nn }) else {
            return [pending(claim, metric, why: "needs burgers nn, d-pinn and c-pinn results")]
        }
        let means = { (g: SeedGroup) in (g.value(of: .testRelL2) ?? .infinity, g.value(of: .trainCO2Grams) ?? .infinity) }
        func dominators(of g: SeedGroup) -> [SeedGroup] {
            let (e, c) = means(g)
            return rungs.filter { other in
                let (oe, oc) = means(other)
                return oe <= e && oc <= c && (oe < e || oc < c)
            }
        }
        var onFront = 0, notes: [String] = []
        for rung in physics {
            let by = dominators(of: rung)
            if by.isEmpty {
                onFront += 1
                notes.append("\(rung.config.model.rawValue) on the front")
            } else {
                notes += by.map { other in
                    "\(rung.config.model.rawValue) dominated by \(other.config.model.rawValue): "
                        + "test_rel_l2 \(ClaimComparison(.testRelL2, rung, other).statement); "
                        + "train_co2_g \(ClaimComparison(.trainCO2Grams, rung, other).statement)"
                }
            }
        }
        let result = rungs.map { "\($0.config.model.rawValue): error \($0.meanStd(.testRelL2)), train CO₂ \($0.meanStd(.trainCO2Grams)) g" }
            .joined(separator: "; ")
        let verdict: Verdict = onFront == 2 ? .reproduced : (onFront == 1 ? .partly : .notReproduced)
        return [Row(claim: claim, metric: metric, result: result, significance: notes.joined(separator: "; "), verdict: verdict)]
    }

    /// "`model` has the lowest (or highest) mean `metric` of `system`'s models": reproduced when it
    /// does and differs significantly from the runner-up, partly when it does within noise or is
    /// within noise of the one that does, not reproduced otherwise. Each model is represented by
    /// its most accurate configuration.
    private static func extreme(_ claim: String, _ system: SystemKind, _ model: ModelKind, _ metric: MetricName,
                                lowest: Bool, _ groups: [SeedGroup]) -> Row {
        let metricText = "\(metric.rawValue) (\(lowest ? "lowest" : "highest") of the \(system.rawValue) models)"
        let rungs = system.models.compactMap { group(groups, system, $0) }.filter { $0.value(of: metric) != nil }
        guard let claimed = rungs.first(where: { $0.config.model == model }), rungs.count >= 2 else {
            return pending(claim, metricText, why: "needs \(system.rawValue) \(model.rawValue) results and another model's")
        }
        let ranked = rungs.sorted { lowest ? $0.value(of: metric)! < $1.value(of: metric)! : $0.value(of: metric)! > $1.value(of: metric)! }
        let result = ranked.map { "\($0.config.model.rawValue): \($0.meanStd(metric))" }.joined(separator: "; ")
        let wanted: ClaimComparison.Outcome = lowest ? .lower : .higher
        if ranked[0].config.model == model {
            let comparison = ClaimComparison(metric, claimed, ranked[1])
            return Row(claim: claim, metric: metricText, result: result, significance: comparison.statement,
                       verdict: comparison.outcome == wanted ? .reproduced : .partly)
        }
        let comparison = ClaimComparison(metric, claimed, ranked[0])
        return Row(claim: claim, metric: metricText, result: result, significance: comparison.statement,
                   verdict: comparison.outcome == .withinNoise ? .partly : .notReproduced)
    }

    // MARK: the thesis

    /// Physics priors improve efficiency while keeping efficacy: per system, the most accurate
    /// physics-prior configuration against the most accurate data-only one.
    private static func thesis(_ groups: [SeedGroup]) -> Row {
        let claim = "overall: physics priors improve efficiency while keeping efficacy"
        let metric = "per system, most accurate physics-prior vs most accurate data-only configuration: "
            + "error (extrap_mse; burgers test_rel_l2; shear flow vrmse) and train_co2_g; holds when neither is significantly "
            + "worse and at least one significantly better"
        var holds = 0, tested = 0, results: [String] = [], statements: [String] = []
        for system in [SystemKind.noisyCosine, .oscillator, .burgers, .shearFlow] {
            let error = errorMetric(system)
            let members = groups.filter { $0.system == system && $0.value(of: error) != nil }
            let physics = members.filter(hasPhysicsPrior), data = members.filter { !hasPhysicsPrior($0) }
            let best = { (list: [SeedGroup]) in list.min { $0.value(of: error)! < $1.value(of: error)! } }
            guard let p = best(physics), let d = best(data) else { continue }
            tested += 1
            let e = ClaimComparison(error, p, d), c = ClaimComparison(.trainCO2Grams, p, d)
            let worse = e.outcome == .higher || c.outcome == .higher
            let better = e.outcome == .lower || c.outcome == .lower
            let outcome = worse ? (better ? "trade-off" : "fails") : (better ? "holds" : "within noise")
            if outcome == "holds" { holds += 1 }
            results.append("\(system.rawValue): \(outcome) (\(p.label) vs \(d.label))")
            statements.append("\(system.rawValue): \(error.rawValue) \(e.statement); train_co2_g \(c.statement)")
        }
        guard tested > 0 else { return pending(claim, metric, why: "no system has both physics-prior and data-only results") }
        let verdict: Verdict = holds == tested ? .reproduced : (holds > 0 ? .partly : .notReproduced)
        return Row(claim: claim, metric: metric, result: results.joined(separator: "; "),
                   significance: statements.joined(separator: "; "), verdict: verdict)
    }

    /// Sine and Snake activations, physics losses and built-in conditions are physics priors;
    /// ReLU/Tanh/GELU MLPs, Burgers' nn and shear-flow models without a physics loss are data-only.
    static func hasPhysicsPrior(_ group: SeedGroup) -> Bool {
        switch group.config.model {
        case .pinn, .bPINN, .dPINN, .cPINN: return true
        case .mlp: return group.config.activation == .sine || group.config.activation == .snake
        // Shear flow's models are physics-informed when trained with a physics loss.
        case .unet, .fno, .fm: return group.config.physicsWeight > 0
        default: return false
        }
    }

    /// The rows as a Markdown table, preceded by how significance is judged.
    public static func markdown(_ rows: [Row]) -> String {
        var out = "Significance: Welch's t-test on log10 of the per-seed values, two-sided, α = 0.05 "
            + "(\"within noise\" when p ≥ 0.05); ratios are of geometric means, with 95% confidence intervals.\n\n"
        out += "| claim | metric | our result (mean ± std over seeds) | significance | verdict |\n|---|---|---|---|---|\n"
        for row in rows {
            let cells = [row.claim, row.metric, row.result, row.significance, "**\(row.verdict.rawValue)**"]
            out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
