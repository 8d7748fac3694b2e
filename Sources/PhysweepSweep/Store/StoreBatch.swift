import Foundation

/// One change of one task's state, as the coordinator decided it.
public enum TaskTransition: Hashable, Sendable {
    /// Dispatched to `worker` as attempt number `attempt` (1 = first).
    case started(taskID: Int64, attempt: Int, worker: String)
    /// Finished with a result. A second result for the same task key is ignored by the store.
    /// `resultJSON` is the result as a worker sent it (JSON that decodes as `record.result`), stored
    /// as it is; nil: the store encodes `record.result` itself.
    case finished(taskID: Int64, record: ResultRecord, resultJSON: String? = nil)
    /// Finished with a result kept as received (`result.json`), as the coordinator stores them.
    case finishedAsReceived(taskID: Int64, result: ResultAsReceived)
    /// Failed (error, crash, dead worker) with attempts left: back in the queue.
    case requeued(taskID: Int64, error: String)
    /// Back in the queue without having run (it waited behind a dead worker's slots): its attempt
    /// is not counted, so `attempts` is set back.
    case returned(taskID: Int64, attempts: Int)
    /// Failed its last allowed attempt: quarantined as `failed`.
    case quarantined(taskID: Int64, error: String)
}

/// Changes the coordinator commits together, as one transaction: results collected over a few
/// milliseconds become durable at once, before the coordinator forgets or acknowledges them.
public struct StoreBatch: Hashable, Sendable {
    /// Task state changes, applied in order.
    public var transitions: [TaskTransition] = []
    /// Workers to insert or refresh.
    public var workers: [WorkerRecord] = []
    /// Amounts to add to counters (e.g. dropped messages), by name: stored totals accumulate.
    public var counters: [String: Int] = [:]

    public init() {}

    /// True if committing it would change nothing.
    public var isEmpty: Bool { transitions.isEmpty && workers.isEmpty && counters.isEmpty }
}
