import PhysweepTraining

extension WireMessage {
    /// HELLO (worker → coordinator): the first message of every connection.
    public struct Hello: WireBody {
        /// Unique and stable for the worker process (default `host:pid`); names it in logs and results.
        public var workerID: String
        public var host: String
        public var pid: Int
        /// Logical cores of the worker's machine.
        public var cores: Int
        /// Tasks the worker runs at once.
        public var slots: Int
        /// The systems it can run (its capabilities).
        public var systems: [SystemKind]
        /// The physweep release it runs, e.g. `0.1.0`.
        public var physweepVersion: String
        /// The physweep git commit it was built from, when known.
        public var gitCommit: String?
        /// GPUs each slot has (`physweep worker --gpus`), revision 3; nil (absent) for none. Tasks
        /// of sweeps with `resources: {gpus: N}` go only to workers with at least N.
        public var gpusPerSlot: Int?

        public init(workerID: String, host: String, pid: Int, cores: Int, slots: Int, systems: [SystemKind],
                    physweepVersion: String, gitCommit: String?) {
            self.workerID = workerID
            self.host = host
            self.pid = pid
            self.cores = cores
            self.slots = slots
            self.systems = systems
            self.physweepVersion = physweepVersion
            self.gitCommit = gitCommit
        }

        /// Decodes the fields by hand only to skip system names this build does not know: a newer
        /// worker may run systems an older coordinator has never heard of (and will never send it).
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            workerID = try container.decode(String.self, forKey: .workerID)
            host = try container.decode(String.self, forKey: .host)
            pid = try container.decode(Int.self, forKey: .pid)
            cores = try container.decode(Int.self, forKey: .cores)
            slots = try container.decode(Int.self, forKey: .slots)
            systems = try container.decode([String].self, forKey: .systems).compactMap(SystemKind.init(rawValue:))
            physweepVersion = try container.decode(String.self, forKey: .physweepVersion)
            gitCommit = try container.decodeIfPresent(String.self, forKey: .gitCommit)
            gpusPerSlot = try container.decodeIfPresent(Int.self, forKey: .gpusPerSlot)
        }

        func problem() -> (field: String, reason: String)? {
            FieldRule.identifier(workerID, "worker_id") ?? FieldRule.positive(cores, "cores")
                ?? FieldRule.positive(slots, "slots") ?? (pid < 0 ? ("pid", "must not be negative, got \(pid)") : nil)
                ?? ((gpusPerSlot ?? 0) < 0 ? ("gpus_per_slot", "must not be negative, got \(gpusPerSlot ?? 0)") : nil)
        }

        enum CodingKeys: String, CodingKey {
            case workerID = "worker_id", host, pid, cores, slots, systems
            case physweepVersion = "physweep_version", gitCommit = "git_commit", gpusPerSlot = "gpus_per_slot"
        }
    }
}
