import CPhysweepProcess
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts one program in a process group of its own and supervises it to the end.
///
///     spawn (posix_spawnp, setpgid: the child leads a new group)
///       │
///       ▼
///     running ──── wait4(WNOHANG) every 10 ms ──── leader exited ──▶ SIGKILL the group's leftovers ──▶ outcome
///       │  deadline passed / cancel()
///       ▼
///     SIGTERM to the group ── grace period ──▶ SIGKILL to the group ──▶ leader reaped ──▶ outcome
///
/// Standard output goes through a pipe that a reader thread drains into `stdoutPath`, so a program
/// that prints without end never blocks and nothing it printed is lost; lines that start with
/// `linePrefix` are handed to `onLine` as well (progress reports). Standard error goes straight to
/// `stderrPath`. The group is killed whenever the leader ends, so children that outlive it (a
/// forked worker that ignores SIGTERM) are not left behind; a descendant that leaves the group
/// (`setsid`) escapes, as it would from any process-group supervisor.
///
///     let supervisor = try ProcessSupervisor(launch, timeout: 60, grace: 5)
///     let outcome = supervisor.wait()
public final class ProcessSupervisor: @unchecked Sendable {  // `cancelled` is guarded by `lock`
    /// The leader's process id, which is also its process group id.
    public let pid: pid_t
    private let timeout: Double?
    private let grace: Double
    private let started: Double
    private let lock = NSLock()
    private var cancelled = false
    private let reader: Thread
    private let readerDone = DispatchSemaphore(value: 0)
    private let stdoutCount: StdoutCount

    /// Starts `launch`. `timeout`: seconds before the group is ended (nil: none); `grace`: seconds
    /// between SIGTERM and SIGKILL; `onLine` receives each stdout line that starts with `linePrefix`
    /// (without the prefix; lines are cut at 64 KiB).
    public init(_ launch: ProcessLaunch, timeout: Double?, grace: Double,
                linePrefix: String = "", onLine: (@Sendable (String) -> Void)? = nil) throws(ProcessLaunchError) {
        self.timeout = timeout
        self.grace = max(0, grace)
        let fail = { (step: String, code: Int32) in ProcessLaunchError(step: step, errno: code, program: launch.program) }
        let output = open(launch.stdoutPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw fail("open \(launch.stdoutPath)", errno) }
        var pipeEnds: [Int32] = [-1, -1]
        guard physweep_pipe_cloexec(&pipeEnds) == 0 else {
            let code = errno
            close(output)
            throw fail("pipe", code)
        }
        do {
            pid = try Self.spawn(launch, stdoutPipe: pipeEnds[1], fail: fail)
        } catch {
            close(output)
            close(pipeEnds[0])
            close(pipeEnds[1])
            throw error
        }
        close(pipeEnds[1])
        started = Self.now()
        let count = StdoutCount()
        stdoutCount = count
        let readEnd = pipeEnds[0], done = readerDone
        let prefix = Array(linePrefix.utf8)
        reader = Thread {
            Self.drain(readEnd, into: output, count: count, prefix: prefix, onLine: onLine)
            close(readEnd)
            close(output)
            done.signal()
        }
        reader.name = "physweep-stdout-\(pid)"
        reader.start()
    }

    /// Ends the process group now (SIGTERM at once, SIGKILL after the grace period by `wait()`,
    /// which returns soon after).
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Waits for the leader to end (ending the group on timeout or cancellation), kills whatever is
    /// left in its group, waits for standard output to be drained, and reports. Call once.
    public func wait() -> ProcessOutcome {
        var status: Int32 = 0
        var usage = rusage()
        var endedBy: ProcessOutcome.Ending?
        var termSent: Double?
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                status = Self.lostStatus  // reaped elsewhere (ECHILD): its status is unknown, never success
                break
            }
            let now = Self.now()
            if endedBy == nil {
                if isCancelled {
                    endedBy = .cancelled
                } else if let timeout, now - started >= timeout {
                    endedBy = .timeout
                }
            }
            if endedBy != nil {
                if let sent = termSent {
                    if now - sent >= grace { kill(-pid, SIGKILL) }
                } else {
                    kill(-pid, SIGTERM)
                    termSent = now
                }
            }
            usleep(10_000)
        }
        let wall = Self.now() - started
        // Descendants still in the group (the leader's orphans) go with it.
        kill(-pid, SIGKILL)
        // A descendant that left the group (setsid) may still hold stdout open: stop waiting for the
        // end of stdout after a while rather than hold the slot for ever (the reader ends when it does).
        _ = readerDone.wait(timeout: .now() + Self.stdoutDrainSeconds)
        let cpu = Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
        return ProcessOutcome(termination: Self.termination(status), endedBy: endedBy, wallSeconds: wall,
                              cpuSeconds: cpu, peakRSSBytes: Int(usage.ru_maxrss) * Self.maxRSSUnit,
                              stdoutBytes: stdoutCount.value)
    }

    // MARK: Spawning

    private static func spawn(_ launch: ProcessLaunch, stdoutPipe: Int32,
                              fail: (String, Int32) -> ProcessLaunchError) throws(ProcessLaunchError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, launch.stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe, 1)
        posix_spawn_file_actions_addopen(&actions, 2, launch.stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let directory = launch.workingDirectory {
            let code = physweep_spawn_addchdir(&actions, directory)
            guard code == 0 else { throw fail("chdir \(directory)", code) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group led by the child; signals back at their defaults and unblocked
        // (the worker ignores SIGPIPE, and an ignored signal would stay ignored across exec).
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([launch.program] + launch.arguments).map { strdup($0) }
        let envp = launch.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let code = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envBuffer in
                posix_spawnp(&pid, launch.program, &actions, &attributes,
                             UnsafeMutablePointer(mutating: argvBuffer.baseAddress!),
                             UnsafeMutablePointer(mutating: envBuffer.baseAddress!))
            }
        }
        guard code == 0 else { throw fail("posix_spawnp", code) }
        return pid
    }

    // MARK: Standard output

    /// The bytes read so far, shared with the reader thread.
    private final class StdoutCount: @unchecked Sendable {  // guarded by `lock`
        private let lock = NSLock()
        private var bytes = 0
        func add(_ n: Int) { lock.lock(); bytes += n; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return bytes }
    }

    /// Longest line kept for `onLine`; longer lines are cut (the file keeps them whole).
    static let maxLineBytes = 64 << 10

    private static func drain(_ fd: Int32, into output: Int32, count: StdoutCount, prefix: [UInt8],
                              onLine: (@Sendable (String) -> Void)?) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var line: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            count.add(n)
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, n - written) }
                if w < 0 && errno == EINTR { continue }
                guard w > 0 else { break }  // a full disk loses the copy, never blocks the program
                written += w
            }
            guard let onLine else { continue }
            for byte in buffer[0..<n] {
                if byte == UInt8(ascii: "\n") {
                    if line.starts(with: prefix) { onLine(String(decoding: line.dropFirst(prefix.count), as: UTF8.self)) }
                    line.removeAll(keepingCapacity: true)
                } else if line.count < maxLineBytes {
                    line.append(byte)
                }
            }
        }
    }

    // MARK: Helpers

    /// Seconds `wait()` waits for stdout's end once the group is gone.
    static let stdoutDrainSeconds = 5.0

    /// The status reported when the leader was reaped by someone else: "killed by signal 127", never success.
    private static let lostStatus: Int32 = 0x7f

    private static func termination(_ status: Int32) -> ProcessOutcome.Termination {
        // WIFEXITED / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }

    /// `ru_maxrss` is in kilobytes on Linux, bytes on macOS.
    #if os(Linux)
    private static let maxRSSUnit = 1024
    #else
    private static let maxRSSUnit = 1
    #endif

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
