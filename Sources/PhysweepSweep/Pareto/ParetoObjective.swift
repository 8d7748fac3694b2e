import PhysweepTraining

/// Whether smaller or larger values of a metric are better.
public enum Direction: String, Codable, CaseIterable, Hashable, Sendable {
    case minimize, maximize
}

/// One axis of a sweep's Pareto analysis (an entry of a spec's `objectives`): a metric and which
/// way is better. Not the training loss graph, PhysweepModels' `Objective<T>`.
public struct ParetoObjective: Codable, Hashable, Sendable {
    public var metric: MetricName
    public var direction: Direction

    public init(_ metric: MetricName, _ direction: Direction = .minimize) {
        self.metric = metric
        self.direction = direction
    }
}
