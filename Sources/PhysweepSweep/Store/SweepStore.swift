import Foundation
import GRDB
import PhysweepJSON

/// The SQLite file that holds sweeps, their tasks, results and the workers that ran them.
///
/// One process writes (the coordinator; `submit` adds sweeps in short transactions); everyone else
/// opens it read-only. The file is in WAL mode with `synchronous = NORMAL`: every committed
/// transaction survives the process being killed (even `kill -9`), while a power loss or kernel
/// crash may lose the last few commits but never corrupts the file. See docs/orchestration.md.
///
/// JSON columns (configs, results, settings) are written and read as `CompactJSON`: sorted keys,
/// non-finite numbers as the strings "NaN", "Infinity", "-Infinity", the dialect of the wire.
public final class SweepStore: Sendable {
    /// Whether the store may be changed.
    public enum Access: Sendable {
        case readWrite
        case readOnly
    }

    /// The database file.
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating and migrating when read-write) the store at `path`.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        var configuration = Configuration()
        // `submit` and readers may briefly meet the coordinator's write lock: wait rather than fail.
        configuration.busyMode = .timeout(10)
        switch access {
        case .readOnly:
            guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missingDatabase(path: path) }
            configuration.readonly = true
        case .readWrite:
            configuration.journalMode = .wal
            configuration.prepareDatabase { db in
                // WAL + NORMAL: commits are atomic and survive a killed process; only an OS crash can
                // lose the latest ones (no fsync per commit, which is what makes batching pay off).
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // A coordinator touches every task's page three times (load, start, done) and each
                // result's index page at random: SQLite's default 2 MB cache re-read a page from the
                // file about 3.5 times per task (16 MB: under 1). Checkpoints every 4 000 WAL pages
                // (16 MB) rather than 1 000: a page changed several times in that window is copied
                // into the database once, and the checkpoint's syncs come a quarter as often.
                try db.execute(sql: "PRAGMA cache_size = -16384")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            }
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        if access == .readWrite {
            try StoreSchema.migrator.migrate(queue)
        }
    }

    /// What `recoverInterruptedTasks` did.
    public struct Recovery: Hashable, Sendable {
        /// Tasks put back in the queue.
        public var requeued: Int
        /// Tasks whose interrupted attempt was their last allowed one.
        public var quarantined: Int
        /// The re-queued tasks, with the worker that ran the interrupted attempt: it may still hold
        /// their outcome and send it when it reconnects.
        public var interrupted: [Int64: String] = [:]
    }

    /// Puts back tasks a stopped coordinator left `running`; their interrupted attempt counts.
    ///
    /// Only the coordinator calls this, when it starts: at that moment no task can really be running
    /// for it, so any `running` row is a leftover. A task whose interrupted attempt was its last
    /// is quarantined, exactly as if its worker had died.
    @discardableResult
    public func recoverInterruptedTasks() throws -> Recovery {
        try queue.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT tasks.id, tasks.attempts, tasks.worker, sweeps.max_attempts
                FROM tasks JOIN sweeps ON sweeps.name = tasks.sweep
                WHERE tasks.state = 'running'
                """)
            var recovery = Recovery(requeued: 0, quarantined: 0)
            let now = Date().timeIntervalSince1970
            for row in rows {
                let attempts: Int = row["attempts"], maxAttempts: Int = row["max_attempts"]
                let worker: String = row["worker"] ?? "an unknown worker"
                let error = "attempt \(attempts) of \(maxAttempts) was interrupted: the coordinator stopped while \(worker) ran it"
                if attempts >= maxAttempts {
                    try db.execute(sql: "UPDATE tasks SET state = 'failed', last_error = ?, finished_at = ? WHERE id = ?",
                                   arguments: [error, now, row["id"]])
                    recovery.quarantined += 1
                } else {
                    try db.execute(sql: "UPDATE tasks SET state = 'queued', last_error = ?, worker = NULL WHERE id = ?",
                                   arguments: [error, row["id"]])
                    recovery.requeued += 1
                    if let worker: String = row["worker"] { recovery.interrupted[row["id"]] = worker }
                }
            }
            return recovery
        }
    }
}
