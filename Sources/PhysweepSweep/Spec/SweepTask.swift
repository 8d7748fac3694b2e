import PhysweepTraining

/// One fully resolved unit of work: a configuration and its identity.
public struct SweepTask: Codable, Hashable, Sendable {
    /// `config.key`: equal configurations are the same task, in this sweep and across re-runs.
    public var key: String
    public var config: TrainConfig

    public init(config: TrainConfig) {
        self.key = config.key
        self.config = config
    }

    public init(key: String, config: TrainConfig) {
        self.key = key
        self.config = config
    }
}
