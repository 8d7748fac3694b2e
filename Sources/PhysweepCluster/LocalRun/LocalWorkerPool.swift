import Foundation
import Logging

/// Worker processes on this machine for `physweep run`: started from the same executable,
/// restarted when one dies (a poison task may crash it), stopped when the sweep is over.
///
/// Separate processes, not threads: a task that crashes takes down only its worker, and the
/// coordinator sees exactly what it would see from a remote machine.
public final class LocalWorkerPool: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`.
    private let executable: URL
    private let arguments: [String]
    private let logger: Logger
    private let lock = NSLock()
    private var processes: [Int32: Process] = [:]
    private var stopping = false
    private var restartsLeft: Int
    /// Processes started so far, restarts included.
    public private(set) var started = 0

    /// A pool that runs `executable arguments…` (e.g. `physweep worker --connect …`) `count` times.
    /// At most `maxRestarts` dead workers are replaced, so a crash loop cannot spin forever.
    public init(count: Int, executable: URL, arguments: [String], maxRestarts: Int, logger: Logger) throws {
        self.executable = executable
        self.arguments = arguments
        self.logger = logger
        self.restartsLeft = maxRestarts
        for _ in 0..<count { try launch() }
    }

    /// The running executable, to start workers from (`/proc/self/exe` on Linux).
    public static var currentExecutable: URL {
        let proc = URL(fileURLWithPath: "/proc/self/exe")
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: proc.path) {
            return URL(fileURLWithPath: resolved)
        }
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }

    /// Process ids of the workers alive now.
    public var pids: [Int32] {
        lock.lock()
        defer { lock.unlock() }
        return processes.keys.sorted()
    }

    /// Waits up to `grace` seconds for the workers to exit (they were told BYE), then terminates the rest.
    public func stop(grace: TimeInterval) {
        lock.lock()
        stopping = true
        let running = Array(processes.values)
        lock.unlock()
        let deadline = Date().addingTimeInterval(grace)
        for process in running {
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
    }

    private func launch() throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.terminationHandler = { [weak self] ended in self?.ended(ended) }
        lock.lock()
        defer { lock.unlock() }
        try process.run()
        processes[process.processIdentifier] = process
        started += 1
    }

    private func ended(_ process: Process) {
        lock.lock()
        processes[process.processIdentifier] = nil
        let replace = !stopping && restartsLeft > 0 && !(process.terminationReason == .exit && process.terminationStatus == 0)
        if replace { restartsLeft -= 1 }
        lock.unlock()
        guard replace else { return }
        logger.warning("local worker \(process.processIdentifier) died (\(Self.describe(process))); starting another")
        do { try launch() } catch { logger.error("could not start a replacement worker: \(error)") }
    }

    private static func describe(_ process: Process) -> String {
        switch process.terminationReason {
        case .exit: return "exit status \(process.terminationStatus)"
        case .uncaughtSignal: return "signal \(process.terminationStatus)"
        @unknown default: return "status \(process.terminationStatus)"
        }
    }
}
