import PhysweepTraining

/// The tasks waiting for a worker, one FIFO per system and GPU need so that a worker is offered only
/// tasks it can run (its systems, at most the GPUs each of its slots has), while the order across
/// lanes stays first in, first out.
///
/// Entries are task ids with the sequence number of their enqueueing; an entry whose task has left
/// the queue meanwhile (e.g. a late result finished it) is skipped when reached (`isWaiting`).
struct TaskQueue {
    private var lanes: [LaneKey: Lane] = [:]

    /// What a lane's tasks need.
    private struct LaneKey: Hashable {
        var system: SystemKind
        var gpus: Int
    }
    private var sequence: UInt64 = 0

    /// Appends a task at the back of its lane (its system; `gpus`: the GPUs it needs per task).
    mutating func append(_ id: Int64, system: SystemKind, gpus: Int = 0) {
        sequence += 1
        lanes[LaneKey(system: system, gpus: gpus), default: Lane()].append((sequence, id))
    }

    /// Takes the longest-waiting task of one of `systems` that needs at most `gpus` GPUs and for
    /// which `isWaiting` holds, if any.
    mutating func popFirst(of systems: Set<SystemKind>, gpus: Int = 0, where isWaiting: (Int64) -> Bool) -> Int64? {
        while true {
            var best: (lane: LaneKey, sequence: UInt64)?
            for (key, lane) in lanes where key.gpus <= gpus && systems.contains(key.system) {
                guard let head = lane.first else { continue }
                if best == nil || head.sequence < best!.sequence { best = (key, head.sequence) }
            }
            guard let best else { return nil }
            let id = lanes[best.lane]!.removeFirst().id
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
