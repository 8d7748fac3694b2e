import ArgumentParser
import PhysweepCluster

/// The heartbeat flags shared by every command that runs a coordinator (`run`, `coordinator`).
struct HeartbeatOptions: ParsableArguments {
    @Option(help: "Heartbeat interval in milliseconds.")
    var heartbeatMs = 1000

    @Option(help: "Missed heartbeats after which a worker is presumed dead.")
    var liveness = 3

    func validate() throws {
        guard heartbeatMs >= 1, liveness >= 1 else { throw ValidationError("--heartbeat-ms and --liveness must be at least 1") }
    }

    /// The settings the coordinator announces to its workers.
    var settings: HeartbeatSettings { HeartbeatSettings(intervalMilliseconds: heartbeatMs, liveness: liveness) }
}
