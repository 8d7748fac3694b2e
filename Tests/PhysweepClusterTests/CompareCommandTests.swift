import Foundation
import PhysweepSweep
import PhysweepTraining
import XCTest

/// `physweep compare` as a nightly job calls it: the real executable on store files, its exit
/// status (0 nothing regressed, 3 regressed, 4 partial, 64 usage or input error) and its files.
final class CompareCommandTests: ClusterTestCase {
    /// A store at `name` holding sweep `sweep`: noop tasks of widths 8 and 16, seeds 0 and 1, on
    /// objectives (train FLOPs ↓, parameters ↓); `flops(width, seed)` sets each result's training
    /// FLOPs, and the tasks in `quarantine` (by width and seed) fail instead of finishing.
    @discardableResult
    private func makeStore(_ name: String, sweep: String = "nightly", flops: (Int, UInt64) -> Double = { w, s in Double(w) * 100 + Double(s) },
                           quarantine: Set<[UInt64]> = []) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let store = try SweepStore(path: path)
        let configs = [8, 16].flatMap { width in (0..<2).map { seed -> TrainConfig in
            var config = TrainConfig.defaults(system: .noop)
            config.width = width
            config.seed = UInt64(seed)
            return config
        } }
        let record = SweepRecord(name: sweep, specText: "name: \(sweep)\n",
                                 objectives: [ParetoObjective(.trainFLOPs), ParetoObjective(.parameters)],
                                 settings: RunSettings(), maxAttempts: 1)
        try store.submit(record, tasks: configs.map { SweepTask(key: $0.key, config: $0) })
        var batch = StoreBatch()
        for task in try store.tasks(of: sweep) {
            if quarantine.contains([UInt64(task.config.width), task.config.seed]) {
                batch.transitions += [.started(taskID: task.id, attempt: 1, worker: "w"),
                                      .quarantined(taskID: task.id, error: "worker died")]
                continue
            }
            var result = try Trainer.run(task.config)
            result.efficiency.train.flops = flops(task.config.width, task.config.seed)
            result.efficiency.parameterCount = task.config.width
            batch.transitions += [.started(taskID: task.id, attempt: 1, worker: "w"),
                                  .finished(taskID: task.id, record: ResultRecord(sweep: sweep, taskKey: task.key, attempt: 1,
                                                                                  worker: "w", result: result))]
        }
        try store.commit(batch)
        return name
    }

    private func compare(_ arguments: [String], name: String) throws -> (status: Int32?, run: PhysweepProcess) {
        let run = try start(["compare"] + arguments, name: name)
        return (run.wait(timeout: 60), run)
    }

    /// The labels that entered and left the front in `directory/compare.json` (one objective pair here).
    private func frontChanges(_ out: String) throws -> [String: [String]] {
        let data = try Data(contentsOf: directory.appendingPathComponent(out + "/compare.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let front = try XCTUnwrap((json["fronts"] as? [[String: Any]])?.first)
        return try ["entered", "left"].reduce(into: [:]) { changes, key in
            changes[key] = try XCTUnwrap(front[key] as? [[String: Any]]).compactMap { $0["label"] as? String }
        }
    }

    func testExitStatusSaysWhetherAnythingRegressed() throws {
        try makeStore("base.sqlite")
        try makeStore("same.sqlite")
        // Width 16's FLOPs double: far beyond its seed spread (1).
        try makeStore("worse.sqlite", flops: { w, s in Double(w) * (w == 16 ? 200 : 100) + Double(s) })
        // Width 16's FLOPs fall below width 8's: it joins width 8 on the (FLOPs, parameters) front.
        try makeStore("better.sqlite", flops: { w, s in Double(w) * (w == 16 ? 25 : 100) + Double(s) })

        let same = try compare(["base.sqlite", "same.sqlite", "--out", "same"], name: "same")
        XCTAssertEqual(same.status, 0, same.run.stderr)
        XCTAssertTrue(same.run.stdout.contains("Verdict: unchanged (exit status 0)"), same.run.stdout)

        let better = try compare(["base.sqlite", "better.sqlite", "--out", "better"], name: "better")
        XCTAssertEqual(better.status, 0, better.run.stderr)
        XCTAssertTrue(better.run.stdout.contains("Verdict: improved"), better.run.stdout)
        XCTAssertEqual(try frontChanges("better"), ["entered": ["none width=16"], "left": []])
        let back = try compare(["better.sqlite", "base.sqlite", "--out", "back"], name: "back")
        XCTAssertEqual(back.status, 3, back.run.stderr)
        XCTAssertEqual(try frontChanges("back"), ["entered": [], "left": ["none width=16"]])

        let worse = try compare(["base.sqlite", "worse.sqlite", "--out", "worse"], name: "worse")
        XCTAssertEqual(worse.status, 3, worse.run.stderr)
        XCTAssertTrue(worse.run.stdout.contains("| noop | none width=16 | train_flops (↓) | 1600 ± 0.71 | 3200 ± 0.71 | +1600 (+100.0%) |"),
                      worse.run.stdout)
        for file in ["compare.md", "compare.json", "compare.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("worse/" + file).path), file)
        }
    }

    func testAPartialNightExitsWithItsOwnStatus() throws {
        try makeStore("base.sqlite")
        try makeStore("partial.sqlite", quarantine: [[16, 1]])
        let partial = try compare(["base.sqlite", "partial.sqlite", "--out", "partial", "--quiet"], name: "partial")
        XCTAssertEqual(partial.status, 4, partial.run.stderr)
        XCTAssertEqual(partial.run.stdout, "")
        let markdown = try String(contentsOf: directory.appendingPathComponent("partial/compare.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("3 of 4 tasks done; 1 failed (quarantined) — PARTIAL."), markdown)
        // A partial base is just as untrustworthy.
        let reversed = try compare(["partial.sqlite", "base.sqlite", "--out", "reversed"], name: "reversed")
        XCTAssertEqual(reversed.status, 4, reversed.run.stderr)
    }

    func testTwoSweepsOfOneStoreAndUsageErrors() throws {
        // lab.sqlite holds two sweeps; other.sqlite holds tuesday's twin.
        try makeStore("lab.sqlite", sweep: "monday")
        try makeStore("lab.sqlite", sweep: "tuesday", flops: { w, s in Double(w) * 300 + Double(s) })
        try makeStore("other.sqlite", sweep: "tuesday", flops: { w, s in Double(w) * 300 + Double(s) })

        let named = try compare(["lab.sqlite:monday", "lab.sqlite:tuesday", "--out", "named"], name: "named")
        XCTAssertEqual(named.status, 3, named.run.stderr)
        let viaDB = try compare(["--db", "lab.sqlite", "monday", "tuesday", "--out", "db"], name: "db")
        XCTAssertEqual(viaDB.status, 3, viaDB.run.stderr)
        let acrossFiles = try compare(["lab.sqlite:tuesday", "other.sqlite", "--out", "across"], name: "across")
        XCTAssertEqual(acrossFiles.status, 0, acrossFiles.run.stderr)

        let ambiguous = try compare(["lab.sqlite", "other.sqlite"], name: "ambiguous")
        XCTAssertEqual(ambiguous.status, 64)
        XCTAssertTrue(ambiguous.run.stderr.contains("holds 2 sweeps; name one as lab.sqlite:SWEEP: monday, tuesday"),
                      ambiguous.run.stderr)
        let missing = try compare(["lab.sqlite:monday", "nowhere.sqlite"], name: "missing")
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.run.stderr.contains("nowhere.sqlite: no such store file"), missing.run.stderr)
        let unknown = try compare(["lab.sqlite:monday", "lab.sqlite:sunday"], name: "unknown")
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.run.stderr.contains("sunday"), unknown.run.stderr)
        let oneArgument = try compare(["lab.sqlite"], name: "one")
        XCTAssertEqual(oneArgument.status, 64)
        let badTolerance = try compare(["lab.sqlite:monday", "lab.sqlite:tuesday", "--tolerance", "-1"], name: "tolerance")
        XCTAssertEqual(badTolerance.status, 64)
    }
}
