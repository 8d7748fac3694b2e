import Foundation
import PhysweepSweep
import PhysweepTraining

/// One metric of two seed groups compared: Welch's t-test on the log10 of the per-seed values
/// (errors and costs span orders of magnitude and are positive), read as the ratio of geometric
/// means a / b with its 95% confidence interval.
struct ClaimComparison {
    /// How a's values stand against b's.
    enum Outcome: Equatable {
        /// Significantly lower (p < 0.05).
        case lower
        /// Significantly higher.
        case higher
        /// No significant difference: within seed-to-seed noise.
        case withinNoise
        /// Too few positive finite values on a side (fewer than 2) to test.
        case untestable
    }

    static let alpha = 0.05

    var metric: MetricName
    var a: SeedGroup
    var b: SeedGroup
    var test: WelchTest?

    init(_ metric: MetricName, _ a: SeedGroup, _ b: SeedGroup) {
        self.metric = metric
        self.a = a
        self.b = b
        test = WelchTest(Self.logValues(metric, a), Self.logValues(metric, b))
    }

    var outcome: Outcome {
        guard let test else { return .untestable }
        guard test.significant(alpha: Self.alpha) else { return .withinNoise }
        return test.difference < 0 ? .lower : .higher
    }

    /// The ratio of geometric means a / b (nil when untestable).
    var ratio: Double? { test.map { pow(10, $0.difference) } }

    /// "a/b = 0.012 (95% CI 0.0051–0.028), Welch t = −9.1, df = 14.2, p = 2.0e-7[: within noise]".
    var statement: String {
        guard let test else { return "\(a.label)/\(b.label): too few positive values to test" }
        let ci = test.interval(alpha: Self.alpha)
        var text = "\(a.label)/\(b.label) = \(NumberFormat.short(pow(10, test.difference)))"
            + " (95% CI \(NumberFormat.short(pow(10, ci.lowerBound)))–\(NumberFormat.short(pow(10, ci.upperBound))))"
            + ", Welch t = \(NumberFormat.short(test.t)), df = \(NumberFormat.short(test.df)), p = \(NumberFormat.short(test.p, digits: 2))"
        if outcome == .withinNoise { text += ": within noise" }
        return text
    }

    /// log10 of the group's positive finite values of `metric`.
    static func logValues(_ metric: MetricName, _ group: SeedGroup) -> [Double] {
        group.records.compactMap { $0.result.metric(metric) }.filter { $0.isFinite && $0 > 0 }.map(log10)
    }
}

extension SeedGroup {
    /// "model activation" (e.g. "mlp snake"), how claims name a group; shear flow's models, which
    /// differ by their physics loss alone, with " + physics" when they have one.
    var label: String {
        let name = "\(config.model.rawValue) \(config.activation.rawValue)"
        return config.system == .shearFlow && config.physicsWeight > 0 ? name + " + physics" : name
    }

    /// "1.2e-3 ± 4.0e-4" of `metric` over the seeds, or "—".
    func meanStd(_ metric: MetricName) -> String { summary(of: metric).map(NumberFormat.meanStd) ?? "—" }
}
