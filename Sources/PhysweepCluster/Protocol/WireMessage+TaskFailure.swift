extension WireMessage {
    /// FAILED (worker → coordinator): a task ended with an error; the attempt counts.
    public struct TaskFailure: WireBody {
        public var taskID: Int64
        public var attempt: Int
        /// What went wrong, for people: stored as the task's last error.
        public var error: String

        public init(taskID: Int64, attempt: Int, error: String) {
            self.taskID = taskID
            self.attempt = attempt
            self.error = error
        }

        func problem() -> (field: String, reason: String)? {
            FieldRule.positive(taskID, "task_id") ?? FieldRule.positive(attempt, "attempt")
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", attempt, error
        }
    }
}
