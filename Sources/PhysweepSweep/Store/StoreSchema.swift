import GRDB
import PhysweepTraining

/// The store's tables, created by versioned migrations so an older file opens in a newer physweep.
enum StoreSchema {
    /// Metrics copied out of the result JSON into their own columns, so SQL can sort and filter on them.
    static let metricColumns: [MetricName] = [
        .finalLoss, .testMSE, .testRelL2, .extrapolationMSE, .extrapolationRelL2, .parameters,
        .trainWallSeconds, .trainFLOPs, .trainEnergyKWh, .trainCO2Grams,
        .inferenceWallSeconds, .inferenceEnergyKWh, .inferenceCO2Grams,
    ]

    /// `final_loss REAL, test_mse REAL, ...` for the results table.
    private static var metricColumnsSQL: String {
        metricColumns.map { "\($0.rawValue) REAL" }.joined(separator: ", ")
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sweeps (
                    name TEXT PRIMARY KEY NOT NULL,
                    spec TEXT NOT NULL,
                    objectives TEXT NOT NULL,
                    settings TEXT NOT NULL,
                    max_attempts INTEGER NOT NULL,
                    created REAL NOT NULL
                );
                CREATE TABLE tasks (
                    id INTEGER PRIMARY KEY,
                    sweep TEXT NOT NULL REFERENCES sweeps(name) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    config TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    worker TEXT,
                    last_error TEXT,
                    queued_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL,
                    UNIQUE (sweep, key)
                );
                CREATE INDEX tasks_by_state ON tasks(state, id);
                CREATE TABLE results (
                    id INTEGER PRIMARY KEY,
                    sweep TEXT NOT NULL REFERENCES sweeps(name) ON DELETE CASCADE,
                    task_key TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    worker TEXT NOT NULL,
                    \(metricColumnsSQL),
                    result TEXT NOT NULL,
                    created REAL NOT NULL,
                    UNIQUE (sweep, task_key)
                );
                CREATE TABLE workers (
                    id TEXT PRIMARY KEY NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    cores INTEGER NOT NULL,
                    slots INTEGER NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL
                );
                CREATE TABLE counters (
                    name TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: task ids are never reused") { db in
            // A coordinator picks up submissions as queued rows above the largest id it has seen,
            // so a re-inserted task (rerun, retried quarantine) must get a larger id than any before:
            // AUTOINCREMENT guarantees it, plain rowids reuse the largest after a delete.
            try db.execute(sql: """
                CREATE TABLE tasks_v2 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sweep TEXT NOT NULL REFERENCES sweeps(name) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    config TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    worker TEXT,
                    last_error TEXT,
                    queued_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL,
                    UNIQUE (sweep, key)
                );
                INSERT INTO tasks_v2 SELECT * FROM tasks;
                DROP TABLE tasks;
                ALTER TABLE tasks_v2 RENAME TO tasks;
                CREATE INDEX tasks_by_state ON tasks(state, id);
                """)
        }
        return migrator
    }
}
