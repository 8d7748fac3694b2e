/// Paranoid-Pirate liveness: each side sends something at least every `intervalMilliseconds`
/// and presumes the peer dead after `liveness` intervals without hearing anything from it.
public struct HeartbeatSettings: Codable, Hashable, Sendable {
    /// Longest silence a side allows itself before sending a HEARTBEAT (ms).
    public var intervalMilliseconds: Int
    /// Missed intervals after which the peer is presumed dead.
    public var liveness: Int

    public init(intervalMilliseconds: Int = 1000, liveness: Int = 3) {
        self.intervalMilliseconds = intervalMilliseconds
        self.liveness = liveness
    }

    /// Silence after which the peer is presumed dead (ms).
    public var timeoutMilliseconds: Int { intervalMilliseconds * liveness }

    /// The first rule these settings break, if any.
    func problem() -> (field: String, reason: String)? {
        if intervalMilliseconds < 1 || intervalMilliseconds > 3_600_000 {
            return ("heartbeat.interval_ms", "must be in 1...3600000, got \(intervalMilliseconds)")
        }
        if liveness < 1 || liveness > 1000 { return ("heartbeat.liveness", "must be in 1...1000, got \(liveness)") }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case intervalMilliseconds = "interval_ms", liveness
    }
}
