/// What a `PhaseCost`'s process-level figures cover: whose CPU time `cpu_s` is, and over what span
/// `peak_rss_bytes` is the peak. A phase that shared its process with other tasks (a worker with
/// `--slots` > 1) gets figures that are not its own alone, and says so here (docs/measurement.md).
public struct MeterScope: Codable, Hashable, Sendable {
    /// Whose CPU time `cpu_s` is.
    public enum CPU: String, Codable, Hashable, Sendable {
        /// Every thread of the process, BLAS threads included (`CLOCK_PROCESS_CPUTIME_ID`): the
        /// phase's own when it ran alone in its process.
        case process
        /// The task's own thread (`CLOCK_THREAD_CPUTIME_ID`), because other tasks ran on other
        /// threads of the process: threads the task's products started are not counted.
        case thread
        /// A program the task ran as a child process (command system): user + system time of it and
        /// of every descendant it waited for, from `wait4`'s rusage; the worker's own time is not counted.
        case children
    }

    /// Over what span `peak_rss_bytes` is the process's peak.
    public enum PeakRSS: String, Codable, Hashable, Sendable {
        /// This phase: the high-water mark was reset at its start (memory held before still counts).
        case phase
        /// A span that contains the phase (the process's life, or since an earlier reset): the mark
        /// could not be or was not reset, so earlier phases and concurrent tasks count too.
        case process
        /// The largest resident set of the program or of a descendant it waited for (`ru_maxrss`):
        /// the biggest single process, not the sum of processes alive together.
        case children
    }

    public var cpu: CPU
    public var peakRSS: PeakRSS

    public init(cpu: CPU, peakRSS: PeakRSS) {
        self.cpu = cpu
        self.peakRSS = peakRSS
    }

    enum CodingKeys: String, CodingKey {
        case cpu = "cpu_s", peakRSS = "peak_rss_bytes"
    }
}
