/// How many tasks a worker asks for beyond its free slots, so that the next task is already there
/// when a slot frees up: for tiny tasks the round trip to the coordinator, not the task, is what
/// takes the time.
public enum Prefetch: Hashable, Sendable, LosslessStringConvertible {
    /// Always this many extra tasks (0: none).
    case fixed(Int)
    /// As many extra tasks as the worker's recent tasks would run in `budgetSeconds` (at most
    /// `maximum`): dozens for sub-millisecond tasks, none for tasks of `budgetSeconds` or longer,
    /// so a long task never holds others back while another worker idles at the end of a sweep.
    case automatic

    /// Work a worker holds beyond its slots under `.automatic` (seconds).
    public static let budgetSeconds = 0.02
    /// Cap of `.automatic`.
    public static let maximum = 64

    /// Extra tasks for a worker with `slots` slots whose recent tasks took `typicalTaskSeconds` each
    /// (nil: none has finished yet).
    public func extraTasks(slots: Int, typicalTaskSeconds: Double?) -> Int {
        switch self {
        case .fixed(let count):
            return count
        case .automatic:
            guard let typical = typicalTaskSeconds else { return 0 }
            let fitting = Self.budgetSeconds * Double(slots) / max(typical, 1e-9)
            return Int(min(Double(Self.maximum), fitting.rounded(.down)))
        }
    }

    /// `auto` or a count of at least 0.
    public init?(_ description: String) {
        if description == "auto" {
            self = .automatic
        } else if let count = Int(description), count >= 0 {
            self = .fixed(count)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .fixed(let count): return "\(count)"
        case .automatic: return "auto"
        }
    }
}
