extension WireMessage {
    /// FAILED (worker → coordinator): a task ended with an error; the attempt counts.
    public struct TaskFailure: WireBody {
        public var taskID: Int64
        public var attempt: Int
        /// What went wrong, for people: stored as the task's last error.
        public var error: String
        /// The worker that ran it, as in RESULT (optional; asks for an ACK).
        public var workerID: String?

        public init(taskID: Int64, attempt: Int, error: String, workerID: String? = nil) {
            self.taskID = taskID
            self.attempt = attempt
            self.error = error
            self.workerID = workerID
        }

        func problem() -> (field: String, reason: String)? {
            TaskResult.problem(taskID: taskID, attempt: attempt, workerID: workerID)
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", attempt, error, workerID = "worker_id"
        }
    }
}
