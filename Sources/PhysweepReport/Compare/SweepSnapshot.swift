import PhysweepSweep
import PhysweepTraining

/// One side of a `SweepComparison`: a stored sweep's results (latest attempt of each task) and how
/// much of it finished.
///
/// ```swift
/// let store = try SweepStore(path: "2026-12-06.sqlite", access: .readOnly)
/// let base = try SweepSnapshot.load(from: store, sweep: "nightly", label: "2026-12-06.sqlite")
/// ```
public struct SweepSnapshot: Sendable {
    /// How the sweep was named on the command line, e.g. `2026-12-06.sqlite:nightly`.
    public var label: String
    /// The sweep's name in its store.
    public var sweep: String
    /// The sweep's objectives (its spec's).
    public var objectives: [ParetoObjective]
    /// One record per task: its latest attempt.
    public var records: [ResultRecord]
    public var completeness: Completeness

    public init(label: String, sweep: String, objectives: [ParetoObjective], records: [ResultRecord],
                completeness: Completeness) {
        self.label = label
        self.sweep = sweep
        self.objectives = objectives
        self.records = ReportInput.latestAttempts(records)
        self.completeness = completeness
    }

    /// Sweep `name` of `store`, its tasks' states included.
    public static func load(from store: SweepStore, sweep name: String, label: String) throws -> SweepSnapshot {
        let record = try store.sweep(named: name)
        return SweepSnapshot(label: label, sweep: name, objectives: record.objectives, records: try store.results(of: name),
                             completeness: Completeness(tasks: try store.tasks(of: name)))
    }
}

/// How much of a sweep finished. A sweep is complete when it has tasks and every one is done;
/// anything else (quarantined, still queued or running, cancelled) makes it partial, and a partial
/// sweep is never compared as if it were complete.
public struct Completeness: Codable, Hashable, Sendable {
    /// A task that is not done.
    public struct Unfinished: Codable, Hashable, Sendable {
        public var key: String
        public var system: SystemKind
        public var seed: UInt64
        /// Its state (`failed` = quarantined, `queued`, `running`, …).
        public var state: String
        /// Why its latest attempt failed, if one did.
        public var lastError: String?
    }

    /// Tasks the sweep has.
    public var tasks: Int
    /// Tasks with a stored result.
    public var done: Int
    /// The other tasks, in submission order.
    public var unfinished: [Unfinished]

    public var isComplete: Bool { tasks > 0 && done == tasks }

    public init(tasks: [StoredTask]) {
        self.tasks = tasks.count
        done = tasks.filter { $0.state == .done }.count
        unfinished = tasks.filter { $0.state != .done }.map {
            Unfinished(key: $0.key, system: $0.config.system, seed: $0.config.seed, state: $0.state.rawValue,
                       lastError: $0.lastError)
        }
    }

    /// "12 of 12 tasks done", or with the unfinished ones counted by state ("10 of 12 tasks done; 1 failed (quarantined), 1 queued").
    public var description: String {
        var text = "\(done) of \(tasks) task\(tasks == 1 ? "" : "s") done"
        var states: [String: Int] = [:]
        for task in unfinished { states[task.state, default: 0] += 1 }
        if !states.isEmpty {
            text += "; " + states.sorted { $0.key < $1.key }
                .map { "\($0.value) \($0.key)\($0.key == TaskState.failed.rawValue ? " (quarantined)" : "")" }
                .joined(separator: ", ")
        }
        return text
    }
}
