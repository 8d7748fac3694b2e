extension WireMessage {
    /// BYE (both ways): clean goodbye. From a worker: it is shutting down (its running tasks are
    /// lost). From the coordinator: there is no more work (or it is stopping); the worker exits.
    public struct Bye: WireBody {
        /// Why, for the other side's log.
        public var reason: String

        public init(reason: String) {
            self.reason = reason
        }

        func problem() -> (field: String, reason: String)? { nil }
    }
}
