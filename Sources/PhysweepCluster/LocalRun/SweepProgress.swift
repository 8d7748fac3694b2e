import Foundation

/// How far the coordinator's sweeps are: what a progress bar or a status line shows.
public struct SweepProgress: Hashable, Sendable {
    /// Tasks the coordinator knew when the sweep started, plus any submitted since.
    public var total: Int
    /// Tasks with a result (reused ones included).
    public var done: Int
    /// Tasks quarantined as failed.
    public var failed: Int
    public var running: Int
    public var queued: Int
    /// Workers connected now.
    public var workers: Int
    /// Seconds since the coordinator started.
    public var elapsed: Double
    /// Tasks finished (done or quarantined) by this coordinator, not counting stored outcomes it
    /// found: the rate the ETA extrapolates.
    public var finishedHere: Int

    public init(total: Int, done: Int, failed: Int, running: Int, queued: Int, workers: Int, elapsed: Double, finishedHere: Int) {
        self.total = total
        self.done = done
        self.failed = failed
        self.running = running
        self.queued = queued
        self.workers = workers
        self.elapsed = elapsed
        self.finishedHere = finishedHere
    }

    /// Seconds left at the rate so far, or nil before anything finished here.
    public var eta: Double? {
        guard finishedHere > 0, elapsed > 0 else { return nil }
        return Double(running + queued) * elapsed / Double(finishedHere)
    }
}
