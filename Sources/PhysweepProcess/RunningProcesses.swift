import Foundation

/// Every supervised process of this worker that is still running, so a shutdown can end them all.
///
///     let token = RunningProcesses.shared.add(supervisor)
///     defer { RunningProcesses.shared.remove(token) }
///     ...
///     RunningProcesses.shared.cancelAll()  // worker shutdown: each group gets SIGTERM, then SIGKILL
public final class RunningProcesses: @unchecked Sendable {  // guarded by `lock`
    /// The worker process's registry.
    public static let shared = RunningProcesses()

    private let lock = NSLock()
    private var running: [Int: ProcessSupervisor] = [:]
    private var next = 0
    private var closed = false

    /// An empty registry (workers use `shared`).
    public init() {}

    /// Registers a running process; returns the token to remove it with. A registry that was
    /// closed by `cancelAll()` cancels the process at once.
    public func add(_ supervisor: ProcessSupervisor) -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        running[next] = supervisor
        if closed { supervisor.cancel() }
        return next
    }

    /// Forgets a process that has ended.
    public func remove(_ token: Int) {
        lock.lock()
        running[token] = nil
        lock.unlock()
    }

    /// Ends every registered process group, and every one registered from now on.
    public func cancelAll() {
        lock.lock()
        closed = true
        let all = Array(running.values)
        lock.unlock()
        for supervisor in all { supervisor.cancel() }
    }

    /// Processes registered and not yet removed.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return running.count
    }
}
