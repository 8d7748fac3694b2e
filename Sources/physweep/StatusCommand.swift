import ArgumentParser
import Foundation
import PhysweepSweep

/// `physweep status [SWEEP] --db FILE`: where sweeps stand, read-only (safe while a coordinator runs).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show tasks per state, quarantined tasks with their last error, and workers.",
        discussion: """
        Opens the SQLite file read-only, so it is safe while a coordinator writes to
        it.

        Examples:
          physweep status                      # every sweep in ./physweep.sqlite
          physweep status --db lab.sqlite burgers
        """)

    @Argument(help: "Only this sweep (default: all).")
    var sweep: String?

    @Option(help: "The SQLite file.")
    var db = "physweep.sqlite"

    @Option(help: "Quarantined tasks listed per sweep.")
    var failures = 20

    func run() throws {
        let store = try SweepStore(path: db, access: .readOnly)
        let sweeps = try sweep.map { [try store.sweep(named: $0)] } ?? store.sweeps()
        if sweeps.isEmpty { print("\(db): no sweeps yet (physweep run or physweep submit adds one)") }
        for record in sweeps { try show(record, store) }
        let workers = try store.workers()
        print("workers seen: \(workers.count)")
        for worker in workers.prefix(50) {
            let ago = Int(Date().timeIntervalSince(worker.lastSeen).rounded())
            print("  \(worker.id)  \(worker.slots) slot(s), \(worker.cores) core(s)  last seen \(ago) s ago")
        }
        let counters = try store.counters()
        if !counters.isEmpty {
            print("coordinator: " + counters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }

    private func show(_ record: SweepRecord, _ store: SweepStore) throws {
        let counts = try store.stateCounts(of: record.name)
        let total = counts.values.reduce(0, +)
        let states = TaskState.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        print("sweep \(record.name): \(total) task(s): \(states)  (max attempts \(record.maxAttempts))")
        guard (counts[.failed] ?? 0) > 0 else { return }
        print("  quarantined:")
        for task in try store.tasks(of: record.name).filter({ $0.state == .failed }).prefix(failures) {
            print("    \(task.key) [\(task.config.system.rawValue)/\(task.config.model.rawValue), seed \(task.config.seed)] after \(task.attempts) attempt(s): \(task.lastError ?? "no error recorded")")
        }
    }
}
