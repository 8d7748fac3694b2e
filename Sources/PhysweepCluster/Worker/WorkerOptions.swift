import Foundation

/// How a worker connects, how much it takes on, and when it gives up.
public struct WorkerOptions: Sendable {
    /// The coordinator, e.g. `tcp://lab-server:5555`.
    public var endpoint: String
    /// Tasks run at once, each on its own thread.
    public var slots: Int
    /// Extra tasks requested beyond the free slots, so the next one is already here when a slot
    /// frees up. Hides the round trip for tiny tasks.
    public var prefetch: Prefetch
    /// The name the worker announces (default `host:pid`).
    public var workerID: String
    /// Used until the coordinator's WELCOME announces its own.
    public var heartbeat: HeartbeatSettings
    /// Delays between reconnection attempts.
    public var backoff: ReconnectBackoff
    /// Give up (exit) after this long without a coordinator; nil: keep trying forever.
    public var giveUpAfter: Double?
    /// Exit when this process is no longer our parent (a local worker whose `physweep run` died).
    public var parentPID: Int32?
    /// GPUs (device indices) dealt out to the slots (`--gpus 0,1`); empty: none.
    public var gpus: [Int] = []
    /// CURVE: the coordinator's public key and this worker's pair. nil: plain TCP.
    public var security: ClientSecurity?

    public init(endpoint: String, slots: Int = 1, prefetch: Prefetch = .automatic,
                workerID: String = "\(ProcessInfo.processInfo.hostName):\(getpid())",
                heartbeat: HeartbeatSettings = HeartbeatSettings(), backoff: ReconnectBackoff = ReconnectBackoff(),
                giveUpAfter: Double? = nil, parentPID: Int32? = nil, security: ClientSecurity? = nil) {
        self.security = security
        self.endpoint = endpoint
        self.slots = slots
        self.prefetch = prefetch
        self.workerID = workerID
        self.heartbeat = heartbeat
        self.backoff = backoff
        self.giveUpAfter = giveUpAfter
        self.parentPID = parentPID
    }
}
