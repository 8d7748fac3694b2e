import Foundation
import PhysweepTraining

/// One stored result of one task of one sweep, with how it was obtained.
public struct ResultRecord: Codable, Hashable, Sendable {
    /// The sweep's name.
    public var sweep: String
    /// The task key (`TrainConfig.key`).
    public var taskKey: String
    /// Which attempt produced it (1 = first try).
    public var attempt: Int
    /// The worker that ran it (host:pid or a worker id).
    public var worker: String
    public var result: TrainResult
    /// When the coordinator stored it (the task's end, as the store saw it); nil before it is stored.
    /// Not part of the record's JSON.
    public var finishedAt: Date?

    public init(sweep: String, taskKey: String, attempt: Int, worker: String, result: TrainResult, finishedAt: Date? = nil) {
        self.sweep = sweep
        self.taskKey = taskKey
        self.attempt = attempt
        self.worker = worker
        self.result = result
        self.finishedAt = finishedAt
    }

    enum CodingKeys: String, CodingKey {
        case sweep, taskKey = "task_key", attempt, worker, result
    }
}
