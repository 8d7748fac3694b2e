extension WireMessage {
    /// WELCOME (coordinator → worker): the reply to HELLO; the worker adopts these heartbeat settings.
    public struct Welcome: WireBody {
        /// The coordinator's name (`host:pid`), for the worker's log.
        public var coordinator: String
        /// Heartbeat interval and liveness both sides use from now on.
        public var heartbeat: HeartbeatSettings
        /// Optional protocol features the coordinator uses on this session (`WireProtocol.features`);
        /// absent from older coordinators, which use none.
        public var features: [String]?

        public init(coordinator: String, heartbeat: HeartbeatSettings, features: [String]? = nil) {
            self.coordinator = coordinator
            self.heartbeat = heartbeat
            self.features = features
        }

        func problem() -> (field: String, reason: String)? { heartbeat.problem() }
    }
}
