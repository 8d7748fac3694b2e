import PhysweepTraining

/// A result to store as a worker sent it, with the parts the store copies into its metric columns:
/// what a coordinator that does not decode whole `TrainResult`s has of one.
public struct ResultAsReceived: Hashable, Sendable {
    /// The sweep's name.
    public var sweep: String
    /// The task key (`TrainConfig.key`).
    public var taskKey: String
    /// Which attempt produced it (1 = first try).
    public var attempt: Int
    /// The worker that ran it.
    public var worker: String
    public var efficacy: Efficacy?
    public var efficiency: Efficiency
    /// The `TrainResult` JSON as received; the sender checked that it decodes as one.
    public var json: String

    public init(sweep: String, taskKey: String, attempt: Int, worker: String, efficacy: Efficacy?,
                efficiency: Efficiency, json: String) {
        self.sweep = sweep
        self.taskKey = taskKey
        self.attempt = attempt
        self.worker = worker
        self.efficacy = efficacy
        self.efficiency = efficiency
        self.json = json
    }
}
