import Foundation

/// How a coordinator listens, judges liveness and decides it is done.
public struct CoordinatorOptions: Sendable {
    /// Where workers connect, e.g. `tcp://*:5555`, or `tcp://127.0.0.1:*` for any free port.
    public var bind: String
    /// Heartbeat interval and liveness, announced to every worker in WELCOME.
    public var heartbeat: HeartbeatSettings
    /// Stop (telling workers BYE) once every task is done or quarantined; otherwise serve forever,
    /// picking up sweeps submitted to the store.
    public var stopWhenIdle: Bool
    /// Serve only this sweep (`physweep run`); nil: every sweep in the store.
    public var sweep: String?
    /// How often to look in the store for newly submitted tasks (seconds).
    public var submissionPollInterval: Double
    /// Group commit: at most one store transaction per this many seconds while every worker has
    /// work in hand (prefetched tasks). Results wait that long to become durable, and nothing is
    /// sent that depends on them meanwhile; a worker with a free slot is served at once.
    public var commitInterval: Double
    /// CURVE keys: only peers with an allowed key get through. nil: plain TCP, which a coordinator
    /// bound beyond loopback refuses unless `insecure`.
    public var security: CoordinatorSecurity?
    /// Serve plain TCP on a non-loopback endpoint (anyone reaching the port can take tasks and send results).
    public var insecure: Bool

    public init(bind: String, heartbeat: HeartbeatSettings = HeartbeatSettings(), stopWhenIdle: Bool,
                sweep: String? = nil, submissionPollInterval: Double = 1, commitInterval: Double = 0.002,
                security: CoordinatorSecurity? = nil, insecure: Bool = false) {
        self.security = security
        self.insecure = insecure
        self.bind = bind
        self.heartbeat = heartbeat
        self.stopWhenIdle = stopWhenIdle
        self.sweep = sweep
        self.submissionPollInterval = submissionPollInterval
        self.commitInterval = commitInterval
    }
}
