import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// closed by `cancelAll()` cancels the process at once. The first process registered in `shared`
    /// installs the termination handler (`endGroupsOnTermination`).
    public func add(_ supervisor: ProcessSupervisor) -> Int {
        if self === Self.shared { Self.installTerminationHandler }
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

    /// SIGTERM, SIGINT or SIGHUP to this process (a worker being stopped) first ends every program's
    /// process group — they are groups of their own, so the signal does not reach them — waits for
    /// them to be reaped (at most `terminationWait` seconds), then dies of the same signal. Without it
    /// a stopped worker would leave its programs running. (`kill -9` of the worker cannot be caught:
    /// its programs are then left to run out.)
    private static let installTerminationHandler: Void = {
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                shared.endAll(waitingUpTo: terminationWait)
                signal(number, SIG_DFL)
                raise(number)
            }
            source.resume()
            sources.append(source)
        }
    }()

    /// Longest wait for programs to end after the worker is told to terminate (their grace periods
    /// are shorter unless a spec sets a longer one).
    public static let terminationWait = 30.0

    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []  // written once, in the initializer above

    /// `cancelAll()`, then waits (at most `seconds`) until every process has been reaped and removed:
    /// a worker calls it before it exits, since the supervising threads die with it.
    public func endAll(waitingUpTo seconds: Double) {
        cancelAll()
        let deadline = Date().addingTimeInterval(seconds)
        while count > 0 && Date() < deadline { usleep(20_000) }
    }

    /// Processes registered and not yet removed.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return running.count
    }
}
