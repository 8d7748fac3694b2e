/// What the coordinator counts besides tasks: messages it refused (logged and counted, never
/// fatal) and reports it ignored. Stored in the `counters` table, shown by `physweep status`.
struct CoordinatorCounters {
    enum Counter: String, CaseIterable {
        /// Not a valid physweep message: garbage, truncated, bad JSON, bad fields.
        case droppedMalformed = "dropped_malformed"
        /// A physweep peer speaking another protocol version.
        case droppedWrongVersion = "dropped_wrong_version"
        /// Valid, but not something a worker sends (e.g. TASK), or not before HELLO.
        case droppedUnexpected = "dropped_unexpected"
        /// A result or failure for a task that already has its outcome.
        case duplicateReports = "duplicate_reports"
        /// A result or failure for a task this coordinator does not know.
        case unknownTaskReports = "unknown_task_reports"

        var isDrop: Bool { self == .droppedMalformed || self == .droppedWrongVersion || self == .droppedUnexpected }
    }

    private(set) var values: [Counter: Int] = [:]
    private var changed = false

    /// Adds one; returns the new count.
    @discardableResult
    mutating func increment(_ counter: Counter) -> Int {
        values[counter, default: 0] += 1
        changed = true
        return values[counter]!
    }

    /// Messages dropped, all reasons together.
    var dropped: Int { values.filter { $0.key.isDrop }.values.reduce(0, +) }

    /// Every counter plus `dropped_messages` (the total), by stored name, if any changed since the last call.
    mutating func takeChanges() -> [String: Int] {
        guard changed else { return [:] }
        changed = false
        var all = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
        all["dropped_messages"] = dropped
        return all
    }
}
