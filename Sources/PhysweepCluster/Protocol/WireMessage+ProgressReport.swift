import PhysweepTraining

extension WireMessage {
    /// PROGRESS (worker → coordinator, optional): how far a running task is.
    public struct ProgressReport: WireBody {
        public var taskID: Int64
        public var attempt: Int
        public var progress: TrainProgress

        public init(taskID: Int64, attempt: Int, progress: TrainProgress) {
            self.taskID = taskID
            self.attempt = attempt
            self.progress = progress
        }

        func problem() -> (field: String, reason: String)? {
            FieldRule.positive(taskID, "task_id") ?? FieldRule.positive(attempt, "attempt")
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", attempt, progress
        }
    }
}
