import PhysweepTraining

/// A queued task as a coordinator serves it: its config stays the canonical JSON stored at
/// submission, never decoded, since the coordinator only passes it on (TASK) and compares it (RESULT).
public struct QueuedTask: Hashable, Sendable {
    /// Row id (see `StoredTask.id`).
    public var id: Int64
    public var sweep: String
    /// The task key (`TrainConfig.key`), unique within its sweep.
    public var key: String
    /// `config.system`, read by SQLite from the stored JSON: which workers can run it.
    public var system: SystemKind
    /// `TrainConfig.canonicalJSON()` of its config, as stored.
    public var configJSON: [UInt8]
    /// Attempts started so far.
    public var attempts: Int

    public init(id: Int64, sweep: String, key: String, system: SystemKind, configJSON: [UInt8], attempts: Int) {
        self.id = id
        self.sweep = sweep
        self.key = key
        self.system = system
        self.configJSON = configJSON
        self.attempts = attempts
    }
}
