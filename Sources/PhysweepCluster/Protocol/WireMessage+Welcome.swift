extension WireMessage {
    /// WELCOME (coordinator → worker): the reply to HELLO; the worker adopts these heartbeat settings.
    public struct Welcome: WireBody {
        /// The coordinator's name (`host:pid`), for the worker's log.
        public var coordinator: String
        /// Heartbeat interval and liveness both sides use from now on.
        public var heartbeat: HeartbeatSettings

        public init(coordinator: String, heartbeat: HeartbeatSettings) {
            self.coordinator = coordinator
            self.heartbeat = heartbeat
        }

        func problem() -> (field: String, reason: String)? { heartbeat.problem() }
    }
}
