import Foundation
import GRDB
import PhysweepJSON
import PhysweepTraining

extension SweepStore {
    /// What a submission changed.
    public struct Submission: Hashable, Sendable {
        /// Tasks in the sweep after the submission.
        public var total: Int
        /// Tasks whose stored result is reused (not run again).
        public var reused: Int
        /// Tasks waiting for a worker (new ones, earlier quarantined ones given a fresh start, unfinished ones).
        public var queued: Int
    }

    /// Tasks inserted per transaction by `submit`: a coordinator writing to the same file (in this
    /// process or another) waits for at most one slice, never for a whole big sweep.
    public static let submitSliceSize = 2000

    /// Adds a sweep and its tasks, reusing results already stored for the same keys.
    ///
    /// Tasks with a result are kept as they are; quarantined tasks get a fresh start (new row, zero
    /// attempts), because re-submitting says "try again"; queued or running tasks are left to the
    /// coordinator. With `rerun`, every stored result and task of the sweep is discarded first —
    /// refused while any of its tasks is unfinished, since a live coordinator may hold them.
    ///
    /// The sweep's row (and the `rerun` discard) is one transaction, then the tasks go in slices of
    /// `submitSliceSize`, each its own short transaction, their JSON encoded outside it. A submission
    /// interrupted between slices (killed process, full disk) leaves a valid prefix of the sweep's
    /// tasks, served as they are; submitting the same spec again adds the rest (keys already stored
    /// are skipped). See docs/orchestration.md.
    @discardableResult
    public func submit(_ sweep: SweepRecord, tasks: [SweepTask], rerun: Bool = false) throws -> Submission {
        let objectives = String(decoding: try CompactJSON.encodeBytes(sweep.objectives), as: UTF8.self)
        let settings = String(decoding: try CompactJSON.encodeBytes(sweep.settings), as: UTF8.self)
        let reused = try queue.write { db in
            if rerun {
                let unfinished = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM tasks WHERE sweep = ? AND state IN ('queued', 'running')
                    """, arguments: [sweep.name]) ?? 0
                guard unfinished == 0 else { throw StoreError.sweepInProgress(name: sweep.name, unfinished: unfinished) }
                try Self.deleteTasksAndResults(of: sweep.name, in: db)
            }
            try db.execute(sql: """
                INSERT INTO sweeps (name, spec, objectives, settings, max_attempts, created) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, objectives = excluded.objectives,
                    settings = excluded.settings, max_attempts = excluded.max_attempts
                """, arguments: [sweep.name, sweep.specText, objectives, settings, sweep.maxAttempts,
                                 sweep.created.timeIntervalSince1970])
            // A quarantined task is re-inserted rather than updated: its new, larger id is how a running
            // coordinator (which loads queued rows past the last id it saw) notices it.
            try db.execute(sql: "DELETE FROM tasks WHERE sweep = ? AND state = 'failed'", arguments: [sweep.name])
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks WHERE sweep = ? AND state = 'done'",
                                    arguments: [sweep.name]) ?? 0
        }
        let now = Date().timeIntervalSince1970
        var start = tasks.startIndex
        while start < tasks.endIndex {
            let end = tasks.index(start, offsetBy: Self.submitSliceSize, limitedBy: tasks.endIndex) ?? tasks.endIndex
            let rows = tasks[start..<end].map { (key: $0.key, config: String(decoding: $0.config.canonicalJSON(), as: UTF8.self)) }
            try queue.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO tasks (sweep, key, config, state, attempts, queued_at) VALUES (?, ?, ?, 'queued', 0, ?)
                    """)
                for row in rows { try insert.execute(arguments: [sweep.name, row.key, row.config, now]) }
            }
            start = end
        }
        let total = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks WHERE sweep = ?", arguments: [sweep.name]) ?? 0
        }
        // Counted against the results found at the start: tasks a coordinator finishes meanwhile were
        // still to run when submitted.
        return Submission(total: total, reused: reused, queued: total - reused)
    }

    /// Forgets every task and result of a sweep (its definition stays). For `run --rerun`, whose
    /// coordinator is this process: no other coordinator can be holding the tasks.
    public func discardTasks(of sweep: String) throws {
        try queue.write { db in try Self.deleteTasksAndResults(of: sweep, in: db) }
    }

    private static func deleteTasksAndResults(of sweep: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM results WHERE sweep = ?", arguments: [sweep])
        try db.execute(sql: "DELETE FROM tasks WHERE sweep = ?", arguments: [sweep])
    }

    static func stateCounts(of sweep: String, in db: Database) throws -> [TaskState: Int] {
        var counts: [TaskState: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM tasks WHERE sweep = ? GROUP BY state",
                                    arguments: [sweep]) {
            if let state = TaskState(rawValue: row["state"]) { counts[state] = row["n"] }
        }
        return counts
    }
}
