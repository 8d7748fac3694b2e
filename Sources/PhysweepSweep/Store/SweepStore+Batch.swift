import Foundation
import GRDB
import PhysweepTraining

extension SweepStore {
    /// Commits a batch as one transaction: all of it is durable, or none of it.
    public func commit(_ batch: StoreBatch) throws {
        guard !batch.isEmpty else { return }
        // Encoding happens outside the write lock: it is the expensive part.
        var encoded: [Int64: String] = [:]
        for case .finished(let id, let record, nil) in batch.transitions {
            encoded[id] = String(decoding: try CompactJSON.encodeBytes(record.result), as: UTF8.self)
        }
        try queue.write { db in
            let now = Date().timeIntervalSince1970
            for transition in batch.transitions {
                switch transition {
                case .started(let id, let attempt, let worker):
                    try db.cachedStatement(sql: """
                        UPDATE tasks SET state = 'running', attempts = ?, worker = ?, started_at = ? WHERE id = ?
                        """).execute(arguments: [attempt, worker, now, id])
                case .finished(let id, let record, let json):
                    try insertResult(record, json: json ?? encoded[id]!, at: now, in: db)
                    try db.cachedStatement(sql: """
                        UPDATE tasks SET state = 'done', worker = ?, finished_at = ? WHERE id = ?
                        """).execute(arguments: [record.worker, now, id])
                case .requeued(let id, let error):
                    try db.cachedStatement(sql: """
                        UPDATE tasks SET state = 'queued', worker = NULL, last_error = ? WHERE id = ?
                        """).execute(arguments: [error, id])
                case .returned(let id, let attempts):
                    try db.cachedStatement(sql: """
                        UPDATE tasks SET state = 'queued', worker = NULL, attempts = ? WHERE id = ?
                        """).execute(arguments: [attempts, id])
                case .quarantined(let id, let error):
                    try db.cachedStatement(sql: """
                        UPDATE tasks SET state = 'failed', last_error = ?, finished_at = ? WHERE id = ?
                        """).execute(arguments: [error, now, id])
                }
            }
            for worker in batch.workers {
                try db.cachedStatement(sql: """
                    INSERT INTO workers (id, host, pid, cores, slots, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, cores = excluded.cores,
                        slots = excluded.slots, last_seen = excluded.last_seen
                    """).execute(arguments: [worker.id, worker.host, worker.pid, worker.cores, worker.slots,
                                             worker.firstSeen.timeIntervalSince1970, worker.lastSeen.timeIntervalSince1970])
            }
            for (name, value) in batch.counters {
                try db.cachedStatement(sql: """
                    INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value
                    """).execute(arguments: [name, value])
            }
        }
    }

    /// `INSERT OR IGNORE`: the UNIQUE (sweep, task_key) constraint makes a duplicate result impossible.
    private func insertResult(_ record: ResultRecord, json: String, at now: TimeInterval, in db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.insertResultSQL)
        var values: [(any DatabaseValueConvertible)?] = [record.sweep, record.taskKey, record.attempt, record.worker]
        values += StoreSchema.metricColumns.map { record.result.metric($0) }
        values += [json, now]
        try statement.execute(arguments: StatementArguments(values))
    }

    /// Built once: the statement cache is keyed by this text.
    private static let insertResultSQL: String = {
        let metrics = StoreSchema.metricColumns
        return """
            INSERT OR IGNORE INTO results (sweep, task_key, attempt, worker, \(metrics.map(\.rawValue).joined(separator: ", ")), result, created)
            VALUES (?, ?, ?, ?, \(Array(repeating: "?", count: metrics.count).joined(separator: ", ")), ?, ?)
            """
    }()
}
