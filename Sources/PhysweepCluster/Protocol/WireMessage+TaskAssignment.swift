import Foundation
import PhysweepJSON
import PhysweepSweep
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

        /// Reads a TASK body (frame 2) by hand (`TaskBodyReader`): the value and the errors of
        /// decoding it through `Codable`, at a fraction of the cost.
        init(body: Data) throws(ProtocolError) {
            // Carried out of the closure rather than thrown through it (see `CompactJSON.parse`).
            var read: Result<TaskAssignment, ProtocolError>?
            body.withUnsafeBytes { raw in
                read = Result { () throws(ProtocolError) in try TaskBodyReader.read(raw.bindMemory(to: UInt8.self)) }
            }
            self = try read!.get()
            if let problem = problem() {
                throw .invalidField(command: .task, field: problem.field, reason: problem.reason)
            }
        }

        func problem() -> (field: String, reason: String)? {
            FieldRule.positive(taskID, "task_id") ?? FieldRule.identifier(taskKey, "task_key")
                ?? FieldRule.positive(attempt, "attempt")
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", taskKey = "task_key", sweep, attempt, config, settings
        }

        /// The JSON body, assembled by `encodedBody(taskID:...)` around the config's canonical JSON.
        /// The same bytes as the generic encoding (a test holds the two together). `settingsJSON`:
        /// `settings` encoded already (once per sweep).
        func encodedBody(settingsJSON: [UInt8]? = nil) -> Data {
            Self.encodedBody(taskID: taskID, taskKey: taskKey, sweep: sweep, attempt: attempt, configJSON: config.canonicalJSON(),
                             settingsJSON: settingsJSON ?? Array(WireJSON.encode(settings)))
        }

        /// A TASK body from its parts, the config and settings as JSON already: `configJSON` must be
        /// the config's canonical JSON (`TrainConfig.canonicalJSON`, as the store keeps it), written
        /// as it is. The coordinator sends one per task without decoding the config: its hot path.
        static func encodedBody(taskID: Int64, taskKey: String, sweep: String, attempt: Int,
                                configJSON: some Sequence<UInt8>, settingsJSON: [UInt8]) -> Data {
            var writer = JSONWriter(capacity: 1024)
            writer.append(#"{"attempt":"#)
            writer.writeInteger(attempt)
            writer.append(#","config":"#)
            writer.appendEncoded(configJSON)
            writer.append(#","settings":"#)
            writer.appendEncoded(settingsJSON)
            writer.append(#","sweep":"#)
            writer.writeString(sweep)
            writer.append(#","task_id":"#)
            writer.writeInteger(taskID)
            writer.append(#","task_key":"#)
            writer.writeString(taskKey)
            writer.append("}")
            return Data(writer.bytes)
        }
    }
}
