import Foundation
import PhysweepProcess
import XCTest

/// Real programs (Python, standard library only) under the supervisor: each ends as documented,
/// leaves nothing running in its process group, and loses none of its output.
final class ProcessSupervisorTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func python(_ source: String, timeout: Double? = 30, grace: Double = 1,
                        onLine: (@Sendable (String) -> Void)? = nil) throws -> (ProcessSupervisor, ProcessOutcome) {
        let script = directory.appendingPathComponent("program.py")
        try source.write(to: script, atomically: true, encoding: .utf8)
        let launch = ProcessLaunch(program: "python3", arguments: [script.path], workingDirectory: directory.path,
                                   environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                                 "HOME": directory.path],
                                   stdoutPath: directory.appendingPathComponent("stdout").path,
                                   stderrPath: directory.appendingPathComponent("stderr").path)
        let supervisor = try ProcessSupervisor(launch, timeout: timeout, grace: grace, linePrefix: "progress ", onLine: onLine)
        return (supervisor, supervisor.wait())
    }

    /// Pids of the processes still in process group `group` (zombies count: they were not reaped).
    private func members(ofGroup group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // Fields after "comm)": state ppid pgrp ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]) == group && fields[0] != "Z"
        }
    }

    func testExitStatusAndStderrAreReported() throws {
        let (supervisor, outcome) = try python("import sys\nsys.stderr.write('boom\\n')\nsys.exit(3)\n")
        XCTAssertEqual(outcome.termination, .exited(3))
        XCTAssertNil(outcome.endedBy)
        XCTAssertFalse(outcome.succeeded)
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8), "boom\n")
        XCTAssertEqual(members(ofGroup: supervisor.pid), [])
    }

    func testASignalIsReported() throws {
        let (_, outcome) = try python("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
        XCTAssertEqual(outcome.termination, .signalled(SIGSEGV))
    }

    func testAProgramPastItsTimeoutIsEnded() throws {
        let start = Date()
        let (supervisor, outcome) = try python("import time\ntime.sleep(600)\n", timeout: 1, grace: 1)
        XCTAssertEqual(outcome.endedBy, .timeout)
        XCTAssertEqual(outcome.termination, .signalled(SIGTERM))
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "the 600 s sleep was not cut short")
        XCTAssertEqual(members(ofGroup: supervisor.pid), [])
    }

    func testAForkedChildThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() throws {
        let source = """
            import os, signal, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            child = os.fork()
            if child == 0:
                time.sleep(600)
                os._exit(0)
            open('child.pid', 'w').write(str(child))
            time.sleep(600)
            """
        let start = Date()
        let (supervisor, outcome) = try python(source, timeout: 1, grace: 1)
        XCTAssertEqual(outcome.endedBy, .timeout)
        XCTAssertEqual(outcome.termination, .signalled(SIGKILL), "SIGTERM is ignored: only SIGKILL ends it")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        let child = try XCTUnwrap(Int32(String(contentsOf: directory.appendingPathComponent("child.pid"), encoding: .utf8)))
        XCTAssertEqual(members(ofGroup: supervisor.pid), [], "child \(child) was left running")
    }

    func testAChildLeftBehindByAnExitingLeaderIsKilled() throws {
        let source = """
            import os, signal, time
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                time.sleep(600)
                os._exit(0)
            """
        let (supervisor, outcome) = try python(source)
        XCTAssertEqual(outcome.termination, .exited(0))
        XCTAssertEqual(members(ofGroup: supervisor.pid), [], "the orphan kept running")
    }

    /// A descendant that leaves the group (setsid) escapes the group kill, as documented; holding
    /// stdout open it must not keep `wait()` from returning.
    func testADescendantThatLeftTheGroupDoesNotHoldTheSupervisor() throws {
        let source = """
            import os, time
            if os.fork() == 0:
                os.setsid()
                open('escaped.pid', 'w').write(str(os.getpid()))
                time.sleep(600)
                os._exit(0)
            time.sleep(0.5)
            """
        let start = Date()
        let (_, outcome) = try python(source)
        if let text = try? String(contentsOf: directory.appendingPathComponent("escaped.pid"), encoding: .utf8), let pid = Int32(text) {
            kill(pid, SIGKILL)
        }
        XCTAssertEqual(outcome.termination, .exited(0))
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "wait() waited for the escaped process's stdout")
    }

    func testHundredMegabytesOfStdoutAreKeptInFull() throws {
        let source = """
            import sys
            line = b'x' * 1023 + b'\\n'
            for _ in range(100 * 1024):
                sys.stdout.buffer.write(line)
            """
        let (_, outcome) = try python(source, timeout: 300)
        XCTAssertTrue(outcome.succeeded, "\(outcome)")
        XCTAssertEqual(outcome.stdoutBytes, 100 << 20)
        let size = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("stdout").path)[.size] as? Int
        XCTAssertEqual(size, 100 << 20)
    }

    func testPrefixedLinesAreHandedOver() throws {
        let lines = LockedLines()
        let (_, outcome) = try python("print('hello')\nprint('progress {\"step\": 1}')\nprint('progress {\"step\": 2}', end='')\n",
                                      onLine: { lines.append($0) })
        XCTAssertTrue(outcome.succeeded)
        XCTAssertEqual(lines.all, [#"{"step": 1}"#], "an unterminated last line is not a report")
    }

    func testCPUTimeAndPeakMemoryAreMeasuredFromOutside() throws {
        let source = """
            import time
            block = bytearray(64 * 1024 * 1024)
            for i in range(0, len(block), 4096): block[i] = 1
            end = time.process_time() + 0.3
            while time.process_time() < end: pass
            """
        let (_, outcome) = try python(source)
        XCTAssertTrue(outcome.succeeded)
        XCTAssertGreaterThan(outcome.cpuSeconds, 0.25)
        XCTAssertGreaterThan(outcome.peakRSSBytes, 64 << 20)
        XCTAssertGreaterThanOrEqual(outcome.wallSeconds, 0.25)
    }

    func testCancelEndsTheGroup() throws {
        let script = directory.appendingPathComponent("sleep.py")
        try "import time\ntime.sleep(600)\n".write(to: script, atomically: true, encoding: .utf8)
        let launch = ProcessLaunch(program: "python3", arguments: [script.path],
                                   environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                                   stdoutPath: directory.appendingPathComponent("o").path,
                                   stderrPath: directory.appendingPathComponent("e").path)
        let supervisor = try ProcessSupervisor(launch, timeout: nil, grace: 1)
        let registry = RunningProcesses()
        _ = registry.add(supervisor)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { registry.cancelAll() }
        let outcome = supervisor.wait()
        XCTAssertEqual(outcome.endedBy, .cancelled)
        XCTAssertEqual(members(ofGroup: supervisor.pid), [])
    }

    func testAMissingProgramIsALaunchError() {
        let launch = ProcessLaunch(program: "/nonexistent/program", stdoutPath: directory.appendingPathComponent("o").path,
                                   stderrPath: directory.appendingPathComponent("e").path)
        XCTAssertThrowsError(try ProcessSupervisor(launch, timeout: 1, grace: 1)) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/program"), "\(error)")
        }
    }
}

private final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
