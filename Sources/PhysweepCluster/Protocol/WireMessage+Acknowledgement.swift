import Foundation
import PhysweepJSON

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

        /// The body as `CompactJSON` writes it (keys sorted), written by hand: the coordinator sends
        /// an ACK after every commit, and Foundation's encoder cost ~35 000 instructions a message.
        func encodedBody() -> Data {
            var writer = JSONWriter(capacity: 16 + 40 * outcomes.count)
            writer.append(#"{"outcomes":["#)
            for (index, outcome) in outcomes.enumerated() {
                if index > 0 { writer.append(",") }
                writer.append(#"{"attempt":"#)
                writer.writeInteger(outcome.attempt)
                writer.append(#","task_id":"#)
                writer.writeInteger(outcome.taskID)
                writer.append("}")
            }
            writer.append("]}")
            return Data(writer.bytes)
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
