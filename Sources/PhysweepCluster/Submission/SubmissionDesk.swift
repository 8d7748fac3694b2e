import PhysweepSweep

/// The coordinator's answer to a SUBMIT: the spec is parsed and validated here again (the
/// client's build may differ), then its tasks are stored exactly as `physweep submit --db` would.
enum SubmissionDesk {
    /// SUBMITTED with the sweep's counts, or REJECTED saying why; stores nothing when rejecting.
    /// `servedSweep` is the one sweep a `physweep run` coordinator serves (nil: any sweep).
    static func answer(_ submission: WireMessage.Submission, store: SweepStore, servedSweep: String?) -> WireMessage {
        let spec: SweepSpec
        do {
            spec = try SweepSpec.parse(yaml: submission.specYAML, file: submission.specFile)
        } catch let errors as SpecErrors {
            let n = errors.errors.count
            return .rejected(.init(error: "\(errors)\n\(n) error\(n == 1 ? "" : "s") in \(submission.specFile); nothing was submitted"))
        } catch {
            return .rejected(.init(error: "\(submission.specFile): \(error)"))
        }
        if let servedSweep, spec.name != servedSweep {
            return .rejected(.init(error: "this coordinator serves only sweep \(servedSweep) (a `physweep run`); start `physweep coordinator` to serve \(spec.name)"))
        }
        do {
            let stored = try store.submit(SweepRecord(spec: spec), tasks: spec.tasks(), rerun: submission.rerun)
            return .submitted(.init(sweep: spec.name, total: stored.total, queued: stored.queued, reused: stored.reused))
        } catch {
            return .rejected(.init(error: "\(error)"))
        }
    }
}
