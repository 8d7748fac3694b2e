import PhysweepTraining

/// Anything that can be placed in objective space: one result, or the seed-mean of a configuration.
public protocol ParetoCandidate {
    /// Fronts are computed per system: results of different systems are never compared.
    var system: SystemKind { get }
    /// The metric's value, or nil when the candidate has none.
    func value(of metric: MetricName) -> Double?
}

extension ResultRecord: ParetoCandidate {
    public var system: SystemKind { result.config.system }

    public func value(of metric: MetricName) -> Double? { result.metric(metric) }
}
