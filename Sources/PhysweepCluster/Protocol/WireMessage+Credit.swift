extension WireMessage {
    /// CREDIT (worker → coordinator): the worker can take `slots` more tasks (credit-based flow control).
    public struct Credit: WireBody {
        /// Additional tasks the coordinator may send; added to what it already owes.
        public var slots: Int

        public init(slots: Int) {
            self.slots = slots
        }

        func problem() -> (field: String, reason: String)? {
            FieldRule.positive(slots, "slots") ?? (slots > 1_000_000 ? ("slots", "must be at most 1000000, got \(slots)") : nil)
        }
    }
}
