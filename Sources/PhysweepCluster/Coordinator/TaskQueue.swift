import PhysweepTraining

/// The tasks waiting for a worker, one FIFO per system so that a worker is offered only tasks it can
/// run, while the order across systems stays first in, first out.
///
/// Entries are task ids with the sequence number of their enqueueing; an entry whose task has left
/// the queue meanwhile (e.g. a late result finished it) is skipped when reached (`isWaiting`).
struct TaskQueue {
    private var lanes: [SystemKind: Lane] = [:]
    private var sequence: UInt64 = 0

    /// Appends a task at the back of its system's lane.
    mutating func append(_ id: Int64, system: SystemKind) {
        sequence += 1
        lanes[system, default: Lane()].append((sequence, id))
    }

    /// Takes the longest-waiting task of one of `systems` for which `isWaiting` holds, if any.
    mutating func popFirst(of systems: Set<SystemKind>, where isWaiting: (Int64) -> Bool) -> Int64? {
        while true {
            var best: (system: SystemKind, sequence: UInt64)?
            for system in systems {
                guard let head = lanes[system]?.first else { continue }
                if best == nil || head.sequence < best!.sequence { best = (system, head.sequence) }
            }
            guard let best else { return nil }
            let id = lanes[best.system]!.removeFirst().id
            if isWaiting(id) { return id }
        }
    }

    /// A FIFO of (sequence, id) with amortised O(1) removal at the front.
    private struct Lane {
        private var entries: [(sequence: UInt64, id: Int64)] = []
        private var head = 0

        var first: (sequence: UInt64, id: Int64)? { head < entries.count ? entries[head] : nil }

        mutating func append(_ entry: (sequence: UInt64, id: Int64)) { entries.append(entry) }

        mutating func removeFirst() -> (sequence: UInt64, id: Int64) {
            let entry = entries[head]
            head += 1
            if head > 4096 && head * 2 > entries.count {
                entries.removeFirst(head)
                head = 0
            }
            return entry
        }
    }
}
