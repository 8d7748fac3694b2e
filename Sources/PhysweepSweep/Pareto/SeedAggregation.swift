import PhysweepTraining

/// Mean, sample standard deviation and count of one metric over a group of results.
public struct MetricSummary: Codable, Hashable, Sendable {
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator); nil when n < 2.
    public var std: Double?
    /// How many values were averaged.
    public var n: Int

    /// The summary of `values`, or nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        n = values.count
        mean = values.reduce(0, +) / Double(n)
        // Two passes (mean first) rather than a running sum of squares, which cancels catastrophically.
        std = n < 2 ? nil : (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)).squareRoot()
    }
}

/// Results whose configurations are equal except for the seed, summarised metric by metric.
public struct SeedGroup: ParetoCandidate, Sendable {
    /// The shared configuration, with `seed` set to 0.
    public var config: TrainConfig
    /// The group's results, in input order.
    public var records: [ResultRecord]
    private var summaries: [MetricName: MetricSummary]

    /// The seeds of `records`, in input order.
    public var seeds: [UInt64] { records.map(\.result.config.seed) }

    /// The task key of the seed-less configuration: identifies the group across reports.
    public var key: String { config.key }

    public var system: SystemKind { config.system }

    /// Mean ± std of `metric` over the group's results that have a finite value for it.
    public func summary(of metric: MetricName) -> MetricSummary? { summaries[metric] }

    /// The mean, so that fronts can be computed on seed means (paper-style tables).
    public func value(of metric: MetricName) -> Double? { summaries[metric]?.mean }

    init(config: TrainConfig, records: [ResultRecord]) {
        self.config = config
        self.records = records
        var summaries: [MetricName: MetricSummary] = [:]
        for metric in MetricName.allCases {
            let values = records.compactMap { $0.result.metric(metric) }.filter(\.isFinite)
            summaries[metric] = MetricSummary(values)
        }
        self.summaries = summaries
    }

    /// Groups `records` by configuration-without-seed, in order of first appearance.
    public static func groups(_ records: [ResultRecord]) -> [SeedGroup] {
        var order: [TrainConfig] = []
        var members: [TrainConfig: [ResultRecord]] = [:]
        for record in records {
            var config = record.result.config
            config.seed = 0
            if members[config] == nil { order.append(config) }
            members[config, default: []].append(record)
        }
        return order.map { SeedGroup(config: $0, records: members[$0]!) }
    }
}
