import Foundation
import PhysweepSweep
import PhysweepTraining

/// What the coordinator knows of one connected worker.
struct WorkerSession {
    /// The ROUTER routing id of the worker's socket: how replies reach it.
    let identity: Data
    var record: WorkerRecord
    /// The systems it can run (HELLO's `systems`): it is sent no task of another.
    let systems: Set<SystemKind>
    /// GPUs each of its slots has (HELLO's `gpus_per_slot`, 0 when absent): it is sent no task needing more.
    var gpusPerSlot = 0
    /// Tasks it asked for and has not been sent yet.
    var credit: Int
    /// Tasks sent to it whose outcome has not arrived, with the order they were sent in (a worker
    /// starts its tasks in that order, so the oldest ones are the ones that may have started).
    var running: [Int64: UInt64] = [:]
    /// Monotonic seconds when it was last heard from (any message counts).
    var lastHeard: Double
    /// Monotonic seconds when it was last sent anything (heartbeats fill the silences).
    var lastSent: Double
    /// When the coordinator last found it had sent this worker nothing for longer than the liveness
    /// timeout (it was busy or stalled): the worker may rightly have given up on the connection then.
    var neglectedAt: Double?
}
