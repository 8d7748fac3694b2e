extension WireMessage {
    /// ACK (coordinator → worker): the outcomes listed are durable (or were decided to be
    /// duplicates): the worker may forget them. Sent only for RESULT/FAILED that carried `worker_id`,
    /// so a worker that never sends it never sees an ACK (docs/protocol.md §3, §8).
    ///
    /// ```swift
    /// let ack = WireMessage.ack(.init(outcomes: [.init(taskID: 17, attempt: 2)]))
    /// ```
    public struct Acknowledgement: WireBody {
        /// One acknowledged outcome: the `task_id` and `attempt` its RESULT or FAILED carried.
        public struct Outcome: Codable, Hashable, Sendable {
            public var taskID: Int64
            public var attempt: Int

            public init(taskID: Int64, attempt: Int) {
                self.taskID = taskID
                self.attempt = attempt
            }

            enum CodingKeys: String, CodingKey {
                case taskID = "task_id", attempt
            }
        }

        public var outcomes: [Outcome]

        public init(outcomes: [Outcome]) {
            self.outcomes = outcomes
        }

        func problem() -> (field: String, reason: String)? {
            for (index, outcome) in outcomes.enumerated() {
                if let problem = FieldRule.positive(outcome.taskID, "outcomes[\(index)].task_id")
                    ?? FieldRule.positive(outcome.attempt, "outcomes[\(index)].attempt") {
                    return problem
                }
            }
            return nil
        }
    }
}
