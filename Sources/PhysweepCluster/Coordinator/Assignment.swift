import Foundation

/// A task to send to a worker, decided by the scheduler.
struct Assignment: Hashable {
    /// The worker's routing id.
    let worker: Data
    let taskID: Int64
    let sweep: String
    let key: String
    /// 1 for the first try.
    let attempt: Int
    /// The config's canonical JSON, as stored.
    let configJSON: [UInt8]
    /// The sweep's run settings as JSON, encoded once per sweep.
    let settingsJSON: [UInt8]
    /// The worker has a free slot for it: it starts on arrival, so sending it must not wait for
    /// a group commit. False for a task that will wait in the worker's prefetch queue.
    let startsAtOnce: Bool
    /// The scheduler's dispatch number: tells this dispatch from a later one of the same task.
    let dispatch: UInt64
}
