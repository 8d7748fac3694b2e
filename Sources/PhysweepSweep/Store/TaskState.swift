/// Where a task is in its life. Stored as its raw value in the `tasks.state` column.
public enum TaskState: String, Codable, CaseIterable, Hashable, Sendable {
    /// Waiting for a worker.
    case queued
    /// Handed to a worker; its attempt is counted.
    case running
    /// A result is stored.
    case done
    /// Quarantined: it failed `maxAttempts` times (error, crash or dead worker); see `lastError`.
    case failed
}
