import PhysweepTraining

extension WireMessage {
    /// TASK (coordinator → worker): run one configuration; answered by RESULT or FAILED.
    public struct TaskAssignment: WireBody {
        /// The coordinator's id of the task, echoed in PROGRESS, RESULT and FAILED.
        public var taskID: Int64
        /// The task key (`TrainConfig.key`), for logs; opaque to workers.
        public var taskKey: String
        /// The sweep the task belongs to.
        public var sweep: String
        /// 1 for the first try, +1 for each re-queue.
        public var attempt: Int
        public var config: TrainConfig
        public var settings: RunSettings

        public init(taskID: Int64, taskKey: String, sweep: String, attempt: Int, config: TrainConfig, settings: RunSettings) {
            self.taskID = taskID
            self.taskKey = taskKey
            self.sweep = sweep
            self.attempt = attempt
            self.config = config
            self.settings = settings
        }

        func problem() -> (field: String, reason: String)? {
            FieldRule.positive(taskID, "task_id") ?? FieldRule.identifier(taskKey, "task_key")
                ?? FieldRule.positive(attempt, "attempt")
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", taskKey = "task_key", sweep, attempt, config, settings
        }
    }
}
