import Foundation
import PhysweepSweep
import PhysweepTraining

/// A task the coordinator has not finished with: queued, or running on one or more workers.
struct PendingTask {
    let id: Int64
    let sweep: String
    let key: String
    /// Which workers can run it.
    let system: SystemKind
    /// GPUs it needs (its sweep's `resources: {gpus: N}`): only workers whose slots have as many get it.
    var gpus = 0
    /// The config's canonical JSON, as stored: sent in TASK, compared with RESULT's.
    let configJSON: [UInt8]
    /// Attempts started so far (the dispatch counts, whatever the outcome).
    var attempts: Int
    /// Attempts given back because the task was still waiting behind a dead worker's slots.
    var refunds = 0
    /// Identities of the workers running it. Normally at most one; a worker presumed dead may
    /// still be running it while a second one runs its new attempt.
    var runningOn: Set<Data> = []
    /// Whether it sits in the dispatch queue.
    var isQueued: Bool
}
