import PhysweepSweep

/// The coordinator's answer to a SUBMIT: the spec is parsed and validated here again (the
/// client's build may differ), then its tasks are stored exactly as `physweep submit --db` would.
/// Runs on the coordinator's `SubmissionThread`, never on its serving loop.
enum SubmissionDesk {
    /// Spec errors quoted in a REJECTED: the rest are only counted, so a spec with 200,000 bad keys
    /// gets a reply of a few kilobytes rather than one bigger than the spec.
    static let maxErrorsShown = 20
    /// Characters of one quoted error line (a line quoting a huge key is cut, marked with "…").
    static let maxErrorLineLength = 500

    /// SUBMITTED with the sweep's counts, or REJECTED saying why; stores nothing when rejecting.
    /// `servedSweep` is the one sweep a `physweep run` coordinator serves (nil: any sweep).
    static func answer(_ submission: WireMessage.Submission, store: SweepStore, servedSweep: String?) -> WireMessage {
        let spec: SweepSpec
        do {
            spec = try SweepSpec.parse(yaml: submission.specYAML, file: submission.specFile)
        } catch let errors as SpecErrors {
            return .rejected(.init(error: rejection(errors, in: submission.specFile)))
        } catch {
            return .rejected(.init(error: clipped("\(submission.specFile): \(error)")))
        }
        if let servedSweep, spec.name != servedSweep {
            return .rejected(.init(error: "this coordinator serves only sweep \(servedSweep) (a `physweep run`); start `physweep coordinator` to serve \(spec.name)"))
        }
        do {
            let stored = try store.submit(SweepRecord(spec: spec), tasks: spec.tasks(), rerun: submission.rerun)
            return .submitted(.init(sweep: spec.name, total: stored.total, queued: stored.queued, reused: stored.reused))
        } catch {
            return .rejected(.init(error: clipped("\(error)")))
        }
    }

    /// The first `maxErrorsShown` errors, one per line, then how many were left out and the total.
    static func rejection(_ errors: SpecErrors, in file: String) -> String {
        let n = errors.errors.count
        var lines = errors.errors.prefix(maxErrorsShown).map { clipped($0.description) }
        if n > maxErrorsShown { lines.append("… and \(n - maxErrorsShown) more error(s) not shown") }
        lines.append("\(n) error\(n == 1 ? "" : "s") in \(file); nothing was submitted")
        return lines.joined(separator: "\n")
    }

    private static func clipped(_ line: String) -> String {
        line.count <= maxErrorLineLength ? line : line.prefix(maxErrorLineLength - 1) + "…"
    }
}
