import Foundation

/// The physweep commit a result was produced by, so results can be traced back to code.
public enum GitCommit {
    /// The environment variable that, when set, is taken as the commit without asking git.
    public static let environmentVariable = "PHYSWEEP_GIT_COMMIT"

    /// `$PHYSWEEP_GIT_COMMIT` if set, else `HEAD` of the physweep checkout this binary was built from,
    /// found from this source file's path, the executable's directory, or the current directory.
    /// Nil when none is a physweep checkout or git is missing. Looked up once per process.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment[environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty {
            return given
        }
        return checkoutCommit
    }

    private static let checkoutCommit: String? = {
        let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        let executableDirectory = Bundle.main.executableURL?.deletingLastPathComponent().path
        let candidates = [sourceDirectory, executableDirectory, FileManager.default.currentDirectoryPath]
        return candidates.compactMap { $0 }.lazy.compactMap { head(ofCheckoutAt: $0) }.first
    }()

    /// `git rev-parse HEAD` in `directory`, if it lies inside a physweep checkout (so running from some
    /// other repository does not report that repository's commit). Gives up after `timeout` seconds.
    static func head(ofCheckoutAt directory: String, timeout: Double = 2) -> String? {
        guard let output = runGit(["-C", directory, "rev-parse", "--show-toplevel", "HEAD"], timeout: timeout) else {
            return nil
        }
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 2 else { return nil }
        let (topLevel, commit) = (lines[0], lines[1])
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: topLevel + "/Sources/PhysweepMetering", isDirectory: &isDirectory),
              isDirectory.boolValue,
              commit.count >= 40, commit.allSatisfy(\.isHexDigit) else { return nil }
        return commit
    }

    /// Runs `git` with no terminal and no prompts; nil on failure, non-zero exit or timeout.
    private static func runGit(_ arguments: [String], timeout: Double) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch { return nil }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            return nil
        }
        guard process.terminationStatus == 0 else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return String(data: data, encoding: .utf8)
    }
}
