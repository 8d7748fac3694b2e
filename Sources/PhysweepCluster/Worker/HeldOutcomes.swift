/// A worker's finished outcomes (RESULT, FAILED) that a coordinator promised to acknowledge and has
/// not yet: kept across reconnects and sent again on the next session, so that an outcome sent just
/// before the coordinator died (or on a socket the worker then abandoned) is not lost.
///
/// Bounded: beyond `limit` the oldest is forgotten (a coordinator that never acknowledges although
/// it said it would cannot make a worker grow without end).
///
/// ```swift
/// var held = HeldOutcomes()
/// held.hold(outcome)                        // after sending it to a coordinator that acknowledges
/// held.acknowledge(ack.outcomes)            // on ACK
/// outbox = held.takeAll() + outbox          // on the next WELCOME: send them again
/// ```
struct HeldOutcomes {
    /// Most outcomes held at once.
    static let limit = 10_000

    private var outcomes: [(key: WireMessage.Acknowledgement.Outcome, outcome: TaskRunner.Outcome)] = []

    /// Outcomes held.
    var count: Int { outcomes.count }

    /// Keeps a RESULT or FAILED until acknowledged (progress is never held). Returns false if the
    /// oldest outcome had to be forgotten to stay within `limit`.
    @discardableResult
    mutating func hold(_ outcome: TaskRunner.Outcome) -> Bool {
        switch outcome {
        case .result(let taskID, let attempt, _), .failure(let taskID, let attempt, _):
            outcomes.append((.init(taskID: taskID, attempt: attempt), outcome))
        case .progress:
            return true
        }
        guard outcomes.count > Self.limit else { return true }
        outcomes.removeFirst(outcomes.count - Self.limit)
        return false
    }

    /// Forgets the outcomes an ACK lists (unknown ones are ignored).
    mutating func acknowledge(_ acknowledged: [WireMessage.Acknowledgement.Outcome]) {
        let done = Set(acknowledged)
        outcomes.removeAll { done.contains($0.key) }
    }

    /// Hands back every held outcome, oldest first, and holds none.
    mutating func takeAll() -> [TaskRunner.Outcome] {
        defer { outcomes.removeAll() }
        return outcomes.map(\.outcome)
    }
}
