import PhysweepTraining

/// One task row: a configuration of a sweep and how far it got.
public struct StoredTask: Hashable, Sendable {
    /// Row id: stable for the task's life in the store, increasing with submission order.
    public var id: Int64
    public var sweep: String
    /// The task key (`TrainConfig.key`), unique within its sweep.
    public var key: String
    public var config: TrainConfig
    public var state: TaskState
    /// Attempts started so far (each dispatch counts, whatever its outcome).
    public var attempts: Int
    /// The worker of the latest attempt.
    public var worker: String?
    /// Why the latest failed attempt failed.
    public var lastError: String?

    public init(id: Int64, sweep: String, key: String, config: TrainConfig, state: TaskState,
                attempts: Int, worker: String?, lastError: String?) {
        self.id = id
        self.sweep = sweep
        self.key = key
        self.config = config
        self.state = state
        self.attempts = attempts
        self.worker = worker
        self.lastError = lastError
    }
}
