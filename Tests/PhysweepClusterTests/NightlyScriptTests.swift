import Foundation
import XCTest

/// Cluster/nightly/physweep-nightly.sh run for real (bash, the built binary, noop sweeps) over
/// several nights: each night is compared with the newest earlier complete one, a partial night is
/// reported as partial and never becomes a base, a night that stored nothing says so.
final class NightlyScriptTests: ClusterTestCase {
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Cluster/nightly/physweep-nightly.sh").standardized

    /// With a space in its path, so that every path in the script must be quoted.
    private var nights: URL { directory.appendingPathComponent("nightly runs") }

    /// Runs the script for `night` on `spec`; returns its exit status and output.
    private func night(_ night: String, spec: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.script.path, spec, nights.path]
        var environment = ProcessInfo.processInfo.environment
        environment["PHYSWEEP_BIN"] = try PhysweepProcess.executable().path
        environment["WORKERS"] = "1"
        environment["NIGHT"] = night
        process.environment = environment
        process.currentDirectoryURL = directory
        let output = directory.appendingPathComponent("\(night).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    private func compareReport(_ night: String) throws -> String {
        try String(contentsOf: nights.appendingPathComponent("\(night)-compare/compare.md"), encoding: .utf8)
    }

    func testEachNightIsComparedWithTheLastCompleteOneAndAPartialNightIsReportedAsSuch() throws {
        let good = directory.appendingPathComponent(try writeSpec("good.yaml", """
            name: nightly
            systems:
              noop: {models: [none]}
            grid: {width: [8, 16]}
            seeds: 2
            objectives: [{train_flops: minimize}, {params: minimize}]
            """)).path
        let poisoned = directory.appendingPathComponent(try writeSpec("poisoned.yaml", """
            name: nightly
            systems:
              noop: {models: [none]}
            grid: {width: [8, 16], fail: [none, error]}
            seeds: 2
            objectives: [{train_flops: minimize}, {params: minimize}]
            max_attempts: 1
            """)).path
        let broken = directory.appendingPathComponent(try writeSpec("broken.yaml", "name: nightly\nsystems: {quasar: {}}\n")).path

        let first = try night("2026-12-01", spec: good)
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertTrue(try compareReport("2026-12-01").contains("No earlier complete night"))

        let second = try night("2026-12-02", spec: good)
        XCTAssertEqual(second.status, 0, second.output)
        XCTAssertTrue(second.output.contains("compared 2026-12-02 with 2026-12-01: exit 0"), second.output)
        XCTAssertTrue(try compareReport("2026-12-02").contains("Verdict: unchanged (exit status 0)"))

        let partial = try night("2026-12-03", spec: poisoned)
        XCTAssertEqual(partial.status, 4, partial.output)
        let partialReport = try compareReport("2026-12-03")
        XCTAssertTrue(partialReport.contains("Verdict: incomplete (exit status 4)"), partialReport)
        XCTAssertTrue(partialReport.contains("4 of 8 tasks done; 4 failed (quarantined) — PARTIAL."), partialReport)
        XCTAssertFalse(FileManager.default.fileExists(atPath: nights.appendingPathComponent("2026-12-03.complete").path))

        // The partial night is not the next night's base: 12-02 is.
        let fourth = try night("2026-12-04", spec: good)
        XCTAssertEqual(fourth.status, 0, fourth.output)
        XCTAssertTrue(fourth.output.contains("compared 2026-12-04 with 2026-12-02"), fourth.output)
        XCTAssertTrue(try compareReport("2026-12-04").contains("2026-12-02.sqlite → "))

        let failed = try night("2026-12-05", spec: broken)
        XCTAssertNotEqual(failed.status, 0, failed.output)
        XCTAssertTrue(try compareReport("2026-12-05").contains("failed"))
        // Every night's comparison is kept, and latest-compare points at the newest.
        for day in 1...5 {
            XCTAssertTrue(FileManager.default.fileExists(atPath: nights.appendingPathComponent("2026-12-0\(day)-compare/compare.md").path))
        }
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: nights.appendingPathComponent("latest-compare").path),
                       "2026-12-05-compare")

        // index.html: every night, newest first, with its run's state and its comparison's verdict.
        let index = try String(contentsOf: nights.appendingPathComponent("index.html"), encoding: .utf8)
        let rows = index.components(separatedBy: "\n").filter { $0.hasPrefix("<tr><td>") }
        XCTAssertEqual(rows, [
            #"<tr><td>2026-12-05</td><td class="failed">failed</td><td class=""><a href="2026-12-05-compare/compare.md">none</a></td><td></td></tr>"#,
            #"<tr><td>2026-12-04</td><td class="complete">complete</td><td class="unchanged"><a href="2026-12-04-compare/compare.html">unchanged</a></td><td><a href="2026-12-04-report/index.html">report</a></td></tr>"#,
            #"<tr><td>2026-12-03</td><td class="partial">partial</td><td class="incomplete"><a href="2026-12-03-compare/compare.html">incomplete</a></td><td><a href="2026-12-03-report/index.html">report</a></td></tr>"#,
            #"<tr><td>2026-12-02</td><td class="complete">complete</td><td class="unchanged"><a href="2026-12-02-compare/compare.html">unchanged</a></td><td><a href="2026-12-02-report/index.html">report</a></td></tr>"#,
            #"<tr><td>2026-12-01</td><td class="complete">complete</td><td class=""><a href="2026-12-01-compare/compare.md">none</a></td><td><a href="2026-12-01-report/index.html">report</a></td></tr>"#,
        ], index)
    }

    func testANightWhileAnotherHoldsTheLockDeclines() throws {
        try FileManager.default.createDirectory(at: nights, withIntermediateDirectories: true)
        // Held by this process, as a running night's `flock` holds it.
        let fd = open(nights.appendingPathComponent(".lock").path, O_CREAT | O_WRONLY, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        defer { close(fd) }
        let declined = try night("2026-12-01", spec: "unused.yaml")
        XCTAssertEqual(declined.status, 0, declined.output)
        XCTAssertTrue(declined.output.contains("another run holds"), declined.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: nights.appendingPathComponent("2026-12-01.sqlite").path))
    }
}
