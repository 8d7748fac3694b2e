/// What to start: a program, its arguments and environment, and where its standard streams go.
///
/// Arguments are handed to the program as they are (an argv array, never a shell string), so a
/// value with spaces, quotes or `;` is one argument and runs nothing.
///
///     let launch = ProcessLaunch(program: "python3", arguments: ["train.py", "--lr", "0.01"],
///                                environment: ["PYTHONHASHSEED": "0"], stdoutPath: "out.log", stderrPath: "err.log")
public struct ProcessLaunch: Hashable, Sendable {
    /// The program: a path, or a name looked up in the worker's `PATH` (`posix_spawnp`).
    public var program: String
    /// The arguments after the program's name (`argv[1...]`).
    public var arguments: [String]
    /// The directory the program starts in (nil: the worker's own).
    public var workingDirectory: String?
    /// The program's whole environment (nothing else of the worker's is inherited).
    public var environment: [String: String]
    /// A file read as standard input (nil: `/dev/null`).
    public var stdinPath: String?
    /// Where standard output is copied, in full.
    public var stdoutPath: String
    /// Where standard error goes, in full.
    public var stderrPath: String

    public init(program: String, arguments: [String] = [], workingDirectory: String? = nil,
                environment: [String: String] = [:], stdinPath: String? = nil, stdoutPath: String, stderrPath: String) {
        self.program = program
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.stdinPath = stdinPath
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }
}

/// How a supervised process ended and what it used, measured from outside.
public struct ProcessOutcome: Hashable, Sendable {
    /// How the process ended.
    public enum Termination: Hashable, Sendable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): return "exit status \(status)"
            case .signalled(let signal): return "killed by signal \(signal)"
            }
        }
    }

    /// Why the supervisor ended the process group, if it did.
    public enum Ending: String, Hashable, Sendable {
        /// The time limit passed.
        case timeout
        /// The caller cancelled it (a cancelled task, a worker shutting down).
        case cancelled
    }

    public var termination: Termination
    /// Set when the supervisor ended it (SIGTERM to the group, SIGKILL after the grace period).
    public var endedBy: Ending?
    /// Wall seconds from start to the leader's exit.
    public var wallSeconds: Double
    /// User + system CPU seconds of the process and every descendant it waited for (`wait4`'s rusage).
    public var cpuSeconds: Double
    /// Largest resident set of the process or of a descendant it waited for (`ru_maxrss`), in bytes.
    public var peakRSSBytes: Int
    /// Bytes the process wrote to standard output (all of them are in `stdoutPath`).
    public var stdoutBytes: Int

    /// True when the program exited with status 0 by itself.
    public var succeeded: Bool { termination == .exited(0) && endedBy == nil }
}

/// Why a process could not be started.
public struct ProcessLaunchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The step that failed (`open stdout`, `posix_spawn`, ...).
    public var step: String
    /// `errno` of the failure.
    public var errno: Int32
    /// The program asked for.
    public var program: String

    public var description: String {
        "cannot start '\(program)': \(step) failed: " + String(cString: strerror(errno))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
