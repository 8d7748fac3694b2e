import Foundation

/// Child processes for the tests, by posix_spawn and waitpid rather than Foundation's `Process`, whose
/// termination monitor was seen to leave children that had exited unreaped (an `ssh`, a coordinator)
/// once a test had started daemons (sshd, slurmd): `waitUntilExit` then blocked for good.
enum ChildProcess {
    /// Starts `command` (its first word looked up on PATH) in `directory`, standard input /dev/null,
    /// standard output and error appended to the files given; its pid.
    static func spawn(_ command: [String], in directory: String, stdout: String, stderr: String,
                      environment: [String: String] = [:]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = (["/usr/bin/env", "-C", directory] + command).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let failure = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard failure == 0 else { throw CommandFailed(command: command, status: -1, output: String(cString: strerror(failure))) }
        return pid
    }

    /// The exit status of `pid` once it has ended (the signal's number if one killed it, as `Process`
    /// reports it), nil while it runs; `blocking` waits for the end.
    static func reap(_ pid: pid_t, blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if waited == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f }
            if waited == -1 && errno == EINTR { continue }
            return waited == 0 ? nil : -1  // -1: not our child (any more)
        }
    }

    /// Runs `command` to completion (killed after `timeout` seconds); its standard output, or a
    /// `CommandFailed` with its standard output and error.
    @discardableResult
    static func run(_ command: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-command-\(UUID().uuidString)").path
        defer { for suffix in [".out", ".err"] { try? FileManager.default.removeItem(atPath: output + suffix) } }
        let pid = try spawn(command, in: FileManager.default.currentDirectoryPath, stdout: output + ".out", stderr: output + ".err",
                            environment: environment)
        let deadline = Date().addingTimeInterval(timeout)
        var status = reap(pid, blocking: false)
        while status == nil {
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = reap(pid, blocking: true)
                throw CommandFailed(command: command, status: -1, output: "killed after \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 0.01)
            status = reap(pid, blocking: false)
        }
        let stdout = (try? String(contentsOfFile: output + ".out", encoding: .utf8)) ?? ""
        guard status == 0 else {
            let stderr = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw CommandFailed(command: command, status: status ?? -1, output: stdout + stderr)
        }
        return stdout
    }
}

/// A command run by a test failed (exit status, or -1 when it could not be started or was killed).
struct CommandFailed: Error, CustomStringConvertible {
    let command: [String]
    let status: Int32
    let output: String
    var description: String { "`\(command.joined(separator: " "))` exited \(status): \(output)" }
}
