/// Why the store refused a request, with what is needed to fix it.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A read-only open of a file that does not exist.
    case missingDatabase(path: String)
    /// No sweep of that name; `known` lists the ones there are.
    case unknownSweep(name: String, known: [String])
    /// A `--rerun` submission of a sweep whose tasks are still queued or running.
    case sweepInProgress(name: String, unfinished: Int)
    /// A stored JSON column that no longer decodes (written by another version, or edited by hand).
    case corruptRow(table: String, id: String, reason: String)

    public var description: String {
        switch self {
        case .missingDatabase(let path):
            return "\(path): no such database (run a sweep first, or pass --db FILE)"
        case .unknownSweep(let name, let known):
            let list = known.isEmpty ? "the store holds no sweep" : "known sweeps: " + known.joined(separator: ", ")
            return "no sweep named '\(name)' (\(list))"
        case .sweepInProgress(let name, let unfinished):
            return "sweep '\(name)' still has \(unfinished) queued or running task(s); wait for it to finish before --rerun"
        case .corruptRow(let table, let id, let reason):
            return "\(table) row \(id) does not decode: \(reason)"
        }
    }
}
