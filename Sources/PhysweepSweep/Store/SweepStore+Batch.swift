import Foundation
import GRDB
import PhysweepJSON
import PhysweepTraining

extension SweepStore {
    /// Commits a batch as one transaction: all of it is durable, or none of it.
    public func commit(_ batch: StoreBatch) throws {
        guard !batch.isEmpty else { return }
        // Encoding happens outside the write lock: it is the expensive part.
        var encoded: [Int64: String] = [:]
        for case .finished(let id, let record, nil) in batch.transitions {
            encoded[id] = String(decoding: record.result.compactJSON, as: UTF8.self)
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
                    try insertResult(sweep: record.sweep, taskKey: record.taskKey, attempt: record.attempt, worker: record.worker,
                                     metrics: record.result.metric, json: json ?? encoded[id]!, at: now, in: db)
                    try markDone(id, worker: record.worker, at: now, in: db)
                case .finishedAsReceived(let id, let result):
                    try insertResult(sweep: result.sweep, taskKey: result.taskKey, attempt: result.attempt, worker: result.worker,
                                     metrics: { $0.value(efficacy: result.efficacy, efficiency: result.efficiency) },
                                     json: result.json, at: now, in: db)
                    try markDone(id, worker: result.worker, at: now, in: db)
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
                    INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
                    """).execute(arguments: [name, value])
            }
        }
    }

    /// `INSERT OR IGNORE`: the UNIQUE (sweep, task_key) constraint makes a duplicate result impossible.
    private func insertResult(sweep: String, taskKey: String, attempt: Int, worker: String, metrics: (MetricName) -> Double?,
                              json: String, at now: TimeInterval, in db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.insertResultSQL)
        var values: [(any DatabaseValueConvertible)?] = [sweep, taskKey, attempt, worker]
        values += StoreSchema.metricColumns.map { metrics($0) }
        values += [json, now]
        try statement.execute(arguments: StatementArguments(values))
    }

    private func markDone(_ id: Int64, worker: String, at now: TimeInterval, in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE tasks SET state = 'done', worker = ?, finished_at = ? WHERE id = ?
            """).execute(arguments: [worker, now, id])
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
