/// How long a worker waits before reconnecting after losing the coordinator: the delay doubles
/// after each failed try, from `initialMilliseconds` up to `maximumMilliseconds`, and resets on WELCOME.
public struct ReconnectBackoff: Codable, Hashable, Sendable {
    /// Delay before the first reconnect (ms).
    public var initialMilliseconds: Int
    /// Cap of the doubling delay (ms).
    public var maximumMilliseconds: Int

    public init(initialMilliseconds: Int = 250, maximumMilliseconds: Int = 8000) {
        self.initialMilliseconds = initialMilliseconds
        self.maximumMilliseconds = maximumMilliseconds
    }

    /// The delay before reconnect number `failures + 1`, after `failures` consecutive failed tries (ms).
    public func delayMilliseconds(afterFailures failures: Int) -> Int {
        let cap = max(1, maximumMilliseconds)
        var delay = max(1, initialMilliseconds)
        var doublings = 0
        while doublings < failures && delay < cap {
            delay *= 2
            doublings += 1
        }
        return min(delay, cap)
    }

    enum CodingKeys: String, CodingKey {
        case initialMilliseconds = "initial_ms", maximumMilliseconds = "max_ms"
    }
}
