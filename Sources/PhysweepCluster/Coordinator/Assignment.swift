import Foundation
import PhysweepTraining

/// A task to send to a worker, decided by the scheduler.
struct Assignment: Hashable {
    /// The worker's routing id.
    let worker: Data
    let taskID: Int64
    let sweep: String
    let key: String
    /// 1 for the first try.
    let attempt: Int
    let config: TrainConfig
    let settings: RunSettings
    /// `settings` as JSON, encoded once per sweep.
    let settingsJSON: [UInt8]
}
