extension WireMessage {
    /// SUBMIT (client → coordinator): add this sweep spec's tasks to the coordinator's store.
    /// The client is a DEALER that says no HELLO; it gets one SUBMITTED or REJECTED back.
    public struct Submission: WireBody {
        /// The spec's file name on the submitting machine: names it in error messages.
        public var specFile: String
        /// The spec's YAML text, parsed and validated again by the coordinator.
        public var specYAML: String
        /// Discard the sweep's stored results and run every task again (refused while it runs).
        public var rerun: Bool

        public init(specFile: String, specYAML: String, rerun: Bool) {
            self.specFile = specFile
            self.specYAML = specYAML
            self.rerun = rerun
        }

        func problem() -> (field: String, reason: String)? {
            FieldRule.identifier(specFile, "spec_file")
        }

        enum CodingKeys: String, CodingKey {
            case specFile = "spec_file", specYAML = "spec_yaml", rerun
        }
    }

    /// SUBMITTED (coordinator → client): the sweep is stored; its tasks are being served.
    public struct SubmissionAccepted: WireBody {
        /// The sweep's name (from the spec).
        public var sweep: String
        /// Tasks in the sweep after the submission.
        public var total: Int
        /// Tasks waiting for a worker.
        public var queued: Int
        /// Tasks whose stored result is reused (not run again).
        public var reused: Int

        public init(sweep: String, total: Int, queued: Int, reused: Int) {
            self.sweep = sweep
            self.total = total
            self.queued = queued
            self.reused = reused
        }

        func problem() -> (field: String, reason: String)? {
            for (value, field) in [(total, "total"), (queued, "queued"), (reused, "reused")] where value < 0 {
                return (field, "must not be negative, got \(value)")
            }
            return FieldRule.identifier(sweep, "sweep")
        }
    }

    /// REJECTED (coordinator → client): nothing was stored, because of `error`.
    public struct SubmissionRejected: WireBody {
        /// Why, for people: spec errors as FILE:LINE:COLUMN lines, or the store's refusal.
        public var error: String

        public init(error: String) {
            self.error = error
        }

        func problem() -> (field: String, reason: String)? { nil }
    }
}
