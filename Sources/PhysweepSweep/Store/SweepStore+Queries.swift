import Foundation
import GRDB
import PhysweepJSON
import PhysweepTraining

extension SweepStore {
    /// Every sweep, oldest first.
    public func sweeps() throws -> [SweepRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sweeps ORDER BY created, name").map(decodeSweep)
        }
    }

    /// The sweep called `name`, or an error listing the sweeps there are.
    public func sweep(named name: String) throws -> SweepRecord {
        let all = try sweeps()
        guard let sweep = all.first(where: { $0.name == name }) else {
            throw StoreError.unknownSweep(name: name, known: all.map(\.name))
        }
        return sweep
    }

    /// Queued tasks with an id above `id` (of one sweep, or all), in id order, at most `limit` of
    /// them: how a coordinator picks up new submissions, a page at a time.
    public func queuedTasks(after id: Int64 = 0, sweep: String? = nil, limit: Int = .max) throws -> [QueuedTask] {
        let columns = "id, sweep, key, config, attempts"
        return try queue.read { db in
            let rows = if let sweep {
                try Row.fetchCursor(db, sql: "SELECT \(columns) FROM tasks WHERE state = 'queued' AND id > ? AND sweep = ? ORDER BY id LIMIT ?",
                                    arguments: [id, sweep, limit])
            } else {
                try Row.fetchCursor(db, sql: "SELECT \(columns) FROM tasks WHERE state = 'queued' AND id > ? ORDER BY id LIMIT ?",
                                    arguments: [id, limit])
            }
            // Columns by position: a lookup by name compares lower-cased names, a tenth of this
            // query's time when a coordinator loads thousands of tasks.
            var tasks: [QueuedTask] = []
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let config = Array((row[3] as String).utf8)
                let name = Self.system(inConfigJSON: config)
                guard let name, let system = SystemKind(rawValue: name) else {
                    throw StoreError.corruptRow(table: "tasks", id: "\(id)", reason: "unknown system in config: \(name ?? "none")")
                }
                tasks.append(QueuedTask(id: id, sweep: row[1], key: row[2], system: system, configJSON: config, attempts: row[4]))
            }
            return tasks
        }
    }

    /// The `system` member of a stored config, read without parsing the rest into values (SQLite's
    /// `json_extract` built a tree of each config: half of loading a page of tasks); nil if absent.
    static func system(inConfigJSON json: [UInt8]) -> String? {
        json.withUnsafeBufferPointer { bytes in
            var reader = JSONReader(bytes)
            do {
                guard try reader.peek() == .object else { return nil }
                var object = try reader.enterObject()
                while let key = try reader.nextKey(in: &object) {
                    if reader.matches(key, "system") { return try reader.peek() == .string ? try reader.readString() : nil }
                    try reader.skipValue()
                }
            } catch {
                return nil
            }
            return nil
        }
    }

    /// Every task of a sweep, in submission order.
    public func tasks(of sweep: String) throws -> [StoredTask] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tasks WHERE sweep = ? ORDER BY id", arguments: [sweep]).map(decodeTask)
        }
    }

    /// Every stored result of a sweep, in task order.
    public func results(of sweep: String) throws -> [ResultRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, sweep, task_key, attempt, worker, result, created FROM results WHERE sweep = ? ORDER BY id
                """, arguments: [sweep]).map { row in
                let json: String = row["result"]
                do {
                    let result = try CompactJSON.decode(TrainResult.self, from: Array(json.utf8))
                    return ResultRecord(sweep: row["sweep"], taskKey: row["task_key"], attempt: row["attempt"],
                                        worker: row["worker"], result: result,
                                        finishedAt: Date(timeIntervalSince1970: row["created"]))
                } catch {
                    throw StoreError.corruptRow(table: "results", id: "\(row["id"] as Int64)", reason: "\(error)")
                }
            }
        }
    }

    /// Tasks of a sweep per state (states with no task are absent).
    public func stateCounts(of sweep: String) throws -> [TaskState: Int] {
        try queue.read { db in try Self.stateCounts(of: sweep, in: db) }
    }

    /// Every worker ever seen, most recently seen first.
    public func workers() throws -> [WorkerRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM workers ORDER BY last_seen DESC").map { row in
                WorkerRecord(id: row["id"], host: row["host"], pid: row["pid"], cores: row["cores"], slots: row["slots"],
                             firstSeen: Date(timeIntervalSince1970: row["first_seen"]),
                             lastSeen: Date(timeIntervalSince1970: row["last_seen"]))
            }
        }
    }

    /// The coordinator counters (e.g. `dropped_messages`), by name: totals over every coordinator that served this file.
    public func counters() throws -> [String: Int] {
        try queue.read { db in
            var counters: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, value FROM counters") { counters[row["name"]] = row["value"] }
            return counters
        }
    }

    private func decodeSweep(_ row: Row) throws -> SweepRecord {
        let name: String = row["name"]
        do {
            let objectives = try CompactJSON.decode([ParetoObjective].self, from: Array((row["objectives"] as String).utf8))
            let settings = try CompactJSON.decode(RunSettings.self, from: Array((row["settings"] as String).utf8))
            return SweepRecord(name: name, specText: row["spec"], objectives: objectives, settings: settings,
                               maxAttempts: row["max_attempts"], created: Date(timeIntervalSince1970: row["created"]))
        } catch {
            throw StoreError.corruptRow(table: "sweeps", id: name, reason: "\(error)")
        }
    }

    private func decodeTask(_ row: Row) throws -> StoredTask {
        let id: Int64 = row["id"]
        do {
            let config = try CompactJSON.decode(TrainConfig.self, from: Array((row["config"] as String).utf8))
            guard let state = TaskState(rawValue: row["state"]) else {
                throw StoreError.corruptRow(table: "tasks", id: "\(id)", reason: "unknown state '\(row["state"] as String)'")
            }
            return StoredTask(id: id, sweep: row["sweep"], key: row["key"], config: config, state: state,
                              attempts: row["attempts"], worker: row["worker"], lastError: row["last_error"])
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corruptRow(table: "tasks", id: "\(id)", reason: "\(error)")
        }
    }
}
