import Foundation
import XCTest

/// The built `physweep` executable (or another command) run as a child process, with its output captured in files.
final class PhysweepProcess {
    let pid: Int32
    let stdoutURL: URL
    let stderrURL: URL
    /// The exit status, once reaped.
    private var status: Int32?

    /// Starts `physweep arguments…` in `directory`, after `prefix` (e.g. `ip netns exec HOST`) if given.
    convenience init(_ arguments: [String], in directory: URL, name: String, prefix: [String] = []) throws {
        try self.init(command: prefix + [try Self.executable().path] + arguments, in: directory, name: name)
    }

    /// Starts `command` (its first word looked up on PATH) in `directory`.
    init(command: [String], in directory: URL, name: String) throws {
        stdoutURL = directory.appendingPathComponent("\(name).out")
        stderrURL = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        pid = try ChildProcess.spawn(command, in: directory.path, stdout: stdoutURL.path, stderr: stderrURL.path)
    }

    var isRunning: Bool {
        if status == nil { status = ChildProcess.reap(pid, blocking: false) }
        return status == nil
    }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Waits for exit; returns the exit status, or nil (after killing it) if `timeout` passed first.
    @discardableResult
    func wait(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !isRunning else {
            kill9()
            return nil
        }
        return status
    }

    /// SIGKILL: no clean-up, no goodbye, as in a crash or an OOM kill.
    func kill9() {
        guard isRunning else { return }
        kill(pid, SIGKILL)
        status = ChildProcess.reap(pid, blocking: true)
    }

    /// `physweep` next to the test bundle, in the same build products directory.
    static func executable() throws -> URL {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for directory in candidates {
            let url = directory.appendingPathComponent("physweep")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: url.path) {
                return url
            }
        }
        // Fail, not skip: a missing executable must not let the integration tests pass silently.
        throw MissingExecutable()
    }
}

/// Polls `condition` every 20 ms for at most `timeout` seconds; true if it became true.
func eventually(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return condition()
}

/// The integration tests could not find the built `physweep` executable.
struct MissingExecutable: Error, CustomStringConvertible {
    var description: String { "the physweep executable was not found next to the tests (build it: swift build)" }
}
