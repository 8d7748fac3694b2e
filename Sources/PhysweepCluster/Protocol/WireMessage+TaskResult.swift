import Foundation
import PhysweepJSON
import PhysweepSweep
import PhysweepTraining

extension WireMessage {
    /// RESULT (worker → coordinator): a task finished.
    public struct TaskResult: WireBody {
        public var taskID: Int64
        public var attempt: Int
        public var result: TrainResult
        /// The worker that ran it (HELLO's `worker_id`); optional on the wire, always sent by this
        /// build. Carrying it asks the coordinator for an ACK (docs/protocol.md §3, §8).
        public var workerID: String?

        public init(taskID: Int64, attempt: Int, result: TrainResult, workerID: String? = nil) {
            self.taskID = taskID
            self.attempt = attempt
            self.result = result
            self.workerID = workerID
        }

        func problem() -> (field: String, reason: String)? {
            Self.problem(taskID: taskID, attempt: attempt, workerID: workerID)
        }

        /// RESULT's field rules (also those of the coordinator's `ResultReceipt`), shared with FAILED.
        static func problem(taskID: Int64, attempt: Int, workerID: String?) -> (field: String, reason: String)? {
            FieldRule.positive(taskID, "task_id") ?? FieldRule.positive(attempt, "attempt")
                ?? workerID.flatMap { FieldRule.identifier($0, "worker_id") }
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", attempt, result, workerID = "worker_id"
        }

        /// The JSON body, written by hand around the result (`JSONWriter.write(_: TrainResult)`): the
        /// bytes of the generic encoding (a test holds the two together) at a sixth of the cost. A
        /// worker writes one per task: its hot path.
        func encodedBody() -> Data {
            var writer = JSONWriter(capacity: 1536)
            writer.append(#"{"attempt":"#)
            writer.writeInteger(attempt)
            writer.append(#","result":"#)
            writer.write(result)
            writer.append(#","task_id":"#)
            writer.writeInteger(taskID)
            if let workerID {
                writer.append(#","worker_id":"#)
                writer.writeString(workerID)
            }
            writer.append("}")
            return Data(writer.bytes)
        }
    }
}
