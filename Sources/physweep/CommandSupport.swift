import ArgumentParser
import Foundation
import Logging
import PhysweepMetering
import PhysweepReport
import PhysweepSweep

/// What the orchestration commands share: logging to standard error and spec loading.
enum CommandSupport {
    /// Sends swift-log output to standard error at `level` (standard output stays for results).
    static func bootstrapLogging(_ level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// The spec at `path`, or every problem printed as FILE:LINE:COLUMN and exit code 1.
    static func loadSpec(_ path: String) throws -> SweepSpec {
        do {
            return try SweepSpec.load(from: URL(fileURLWithPath: path))
        } catch let errors as SpecErrors {
            let n = errors.errors.count
            FileHandle.standardError.write(Data((errors.description + "\n\(n) error\(n == 1 ? "" : "s") in \(path); nothing was dispatched\n").utf8))
            throw ExitCode(1)
        }
    }

    /// Adds `spec`'s tasks to `store`, printing what will run and what is reused.
    @discardableResult
    static func submit(_ spec: SweepSpec, to store: SweepStore, rerun: Bool) throws -> SweepStore.Submission {
        let submission = try store.submit(SweepRecord(spec: spec), tasks: spec.tasks(), rerun: rerun)
        printSubmission(spec.name, total: submission.total, queued: submission.queued, reused: submission.reused,
                        reusedFrom: " from \(store.path)")
        return submission
    }

    /// "sweep NAME: N task(s), M to run[, K result(s) reused…]" on standard error, plus `suffix`.
    static func printSubmission(_ sweep: String, total: Int, queued: Int, reused: Int, reusedFrom: String = "",
                                suffix: String = "") {
        var line = "sweep \(sweep): \(total) task(s), \(queued) to run"
        if reused > 0 { line += ", \(reused) result(s) reused\(reusedFrom) (--rerun to run them again)" }
        FileHandle.standardError.write(Data((line + suffix + "\n").utf8))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension CommandSupport {
    /// Writes the report of a stored sweep into `directory`; returns the files written.
    @discardableResult
    static func writeReport(of sweep: SweepRecord, from store: SweepStore, to directory: String,
                            carbon: CarbonSettings? = nil) throws -> [URL] {
        let records = try store.results(of: sweep.name)
        return try Report.write(records: records, objectives: sweep.objectives, sweepName: sweep.name, carbon: carbon,
                                to: URL(fileURLWithPath: directory))
    }
}
