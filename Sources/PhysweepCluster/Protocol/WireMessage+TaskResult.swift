import PhysweepTraining

extension WireMessage {
    /// RESULT (worker → coordinator): a task finished.
    public struct TaskResult: WireBody {
        public var taskID: Int64
        public var attempt: Int
        public var result: TrainResult

        public init(taskID: Int64, attempt: Int, result: TrainResult) {
            self.taskID = taskID
            self.attempt = attempt
            self.result = result
        }

        func problem() -> (field: String, reason: String)? {
            Self.problem(taskID: taskID, attempt: attempt)
        }

        /// RESULT's field rules (also those of the coordinator's `ResultReceipt`).
        static func problem(taskID: Int64, attempt: Int) -> (field: String, reason: String)? {
            FieldRule.positive(taskID, "task_id") ?? FieldRule.positive(attempt, "attempt")
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", attempt, result
        }
    }
}
