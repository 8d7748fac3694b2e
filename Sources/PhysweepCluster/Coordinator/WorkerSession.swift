import Foundation
import PhysweepSweep

/// What the coordinator knows of one connected worker.
struct WorkerSession {
    /// The ROUTER routing id of the worker's socket: how replies reach it.
    let identity: Data
    var record: WorkerRecord
    /// Tasks it asked for and has not been sent yet.
    var credit: Int
    /// Tasks sent to it whose outcome has not arrived.
    var running: Set<Int64> = []
    /// Monotonic seconds when it was last heard from (any message counts).
    var lastHeard: Double
    /// Monotonic seconds when it was last sent anything (heartbeats fill the silences).
    var lastSent: Double
}
