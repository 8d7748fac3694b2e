/// What the coordinator counts besides tasks: messages it refused (logged and counted, never
/// fatal) and reports it ignored. Stored in the `counters` table, shown by `physweep status`; each
/// commit adds what this coordinator counted since the last one, so totals accumulate across
/// coordinator restarts on the same file.
struct CoordinatorCounters {
    enum Counter: String, CaseIterable {
        /// Not a valid physweep message: garbage, truncated, bad JSON, bad fields.
        case droppedMalformed = "dropped_malformed"
        /// A physweep peer speaking another protocol version.
        case droppedWrongVersion = "dropped_wrong_version"
        /// Valid, but not something a worker sends (e.g. TASK, ACK).
        case droppedUnexpected = "dropped_unexpected"
        /// A result or failure for a task that already has its outcome.
        case duplicateReports = "duplicate_reports"
        /// A result or failure for a task this coordinator does not know.
        case unknownTaskReports = "unknown_task_reports"
        /// A worker's CREDIT, PROGRESS, HEARTBEAT or BYE over a connection without a session: sent
        /// in a session this coordinator no longer has (it restarted, or presumed the worker dead).
        /// Expected, not a fault: ignored quietly.
        case staleMessages = "stale_messages"
        /// A message over a CURVE connection whose key was revoked after it was let in.
        case droppedRevokedKey = "dropped_revoked_key"

        var isDrop: Bool {
            self == .droppedMalformed || self == .droppedWrongVersion || self == .droppedUnexpected || self == .droppedRevokedKey
        }
    }

    /// Counts of this coordinator's lifetime.
    private(set) var values: [Counter: Int] = [:]
    /// Counts since the last `takeChanges`.
    private var unstored: [Counter: Int] = [:]

    /// Adds one; returns the new count (this coordinator's).
    @discardableResult
    mutating func increment(_ counter: Counter) -> Int {
        values[counter, default: 0] += 1
        unstored[counter, default: 0] += 1
        return values[counter]!
    }

    /// Messages dropped by this coordinator, all reasons together.
    var dropped: Int { Self.dropped(in: values) }

    /// What was counted since the last call, plus `dropped_messages` (the drops together), by stored
    /// name: amounts to add to the stored totals (`StoreBatch.counters`).
    mutating func takeChanges() -> [String: Int] {
        guard !unstored.isEmpty else { return [:] }
        var added = Dictionary(uniqueKeysWithValues: unstored.map { ($0.key.rawValue, $0.value) })
        if case let drops = Self.dropped(in: unstored), drops > 0 { added["dropped_messages"] = drops }
        unstored.removeAll()
        return added
    }

    private static func dropped(in counts: [Counter: Int]) -> Int {
        counts.filter { $0.key.isDrop }.values.reduce(0, +)
    }
}
