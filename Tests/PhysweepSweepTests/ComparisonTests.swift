import Foundation
import PhysweepTraining
import XCTest
@testable import PhysweepReport
@testable import PhysweepSweep

/// `SweepComparison` on two synthetic nights of the oscillator on (test MSE ↓, train FLOPs ↓), seed means
/// as (mse, flops):
///
///     width   base            new
///     16      (4, 1)          (4, 1)          unchanged, within its seed spread
///     32      (2, 2)          (4.5, 2)        regressed, and dominated by width 16: left the front
///     64      (1, 4)          (0.5, 4)        improved
///     128     —               (0.2, 8)        new, on the front: entered
final class ComparisonTests: XCTestCase {
    static let objectives = [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)]

    /// Three seeds of one width, test MSE `mean` ± `spread` (values mean − spread, mean, mean + spread: std = spread).
    static func seeds(width: Int, flops: Double, mean: Double, spread: Double, sweep: String) -> [ResultRecord] {
        [mean - spread, mean, mean + spread].enumerated().map { seed, mse in
            ReportFixtures.record(width: width, seed: UInt64(seed), testMSE: mse, trainFLOPs: flops, sweep: sweep)
        }
    }

    static func complete(_ records: [ResultRecord]) -> Completeness {
        Completeness(tasks: records.enumerated().map { i, record in
            StoredTask(id: Int64(i + 1), sweep: record.sweep, key: record.taskKey, config: record.result.config,
                       state: .done, attempts: 1, worker: "w", lastError: nil)
        })
    }

    static func snapshot(_ records: [ResultRecord], objectives: [ParetoObjective] = objectives,
                         completeness: Completeness? = nil) -> SweepSnapshot {
        SweepSnapshot(label: records.first?.sweep ?? "empty", sweep: records.first?.sweep ?? "empty", objectives: objectives,
                      records: records, completeness: completeness ?? complete(records))
    }

    static let base = seeds(width: 16, flops: 1, mean: 4, spread: 0.1, sweep: "base")
        + seeds(width: 32, flops: 2, mean: 2, spread: 0.1, sweep: "base")
        + seeds(width: 64, flops: 4, mean: 1, spread: 0.1, sweep: "base")
    static let new = seeds(width: 16, flops: 1, mean: 4, spread: 0.1, sweep: "new")
        + seeds(width: 32, flops: 2, mean: 4.5, spread: 0.1, sweep: "new")
        + seeds(width: 64, flops: 4, mean: 0.5, spread: 0.05, sweep: "new")
        + seeds(width: 128, flops: 8, mean: 0.2, spread: 0.01, sweep: "new")

    private func widths(_ configurations: [SweepComparison.Configuration]) -> [String] {
        configurations.map { $0.label.components(separatedBy: " ").first { $0.hasPrefix("width=") } ?? $0.label }
    }

    func testHypervolumesUnderOneReferencePointMatchTheHandComputedValues() throws {
        let comparison = SweepComparison(base: Self.snapshot(Self.base), new: Self.snapshot(Self.new))
        XCTAssertEqual(comparison.fronts.count, 1)
        let front = try XCTUnwrap(comparison.fronts.first)
        // Union of both nights: mse 0.2…4.5 (+10% of 4.3), flops 1…8 (+10% of 7).
        XCTAssertEqual(front.hypervolume.referencePoint[0], 4.93, accuracy: 1e-12)
        XCTAssertEqual(front.hypervolume.referencePoint[1], 8.7, accuracy: 1e-12)
        // Base, sweeping mse up: 3.93·4.7 + 2.93·2 + 0.93·1; new: 4.73·0.7 + 4.43·4 + 0.93·3 ((4.5, 2) is dominated).
        XCTAssertEqual(front.hypervolume.base, 3.93 * 4.7 + 2.93 * 2 + 0.93 * 1, accuracy: 1e-9)
        XCTAssertEqual(front.hypervolume.new, 4.73 * 0.7 + 4.43 * 4 + 0.93 * 3, accuracy: 1e-9)
        XCTAssertEqual(front.hypervolume.change, 23.821 - 25.261, accuracy: 1e-9)
        // log10 space: the same rule on log10 of the values; each night's volume is recomputed here directly.
        let log = try XCTUnwrap(front.log10Hypervolume)
        let l = { (points: [[Double]]) in points.map { $0.map(log10) } }
        let all = l([[4, 1], [2, 2], [1, 4], [4, 1], [4.5, 2], [0.5, 4], [0.2, 8]])
        XCTAssertEqual(log.referencePoint, ReferencePoint.standard(for: all))
        XCTAssertEqual(log.base, Hypervolume.of(l([[4, 1], [2, 2], [1, 4]]), reference: log.referencePoint), accuracy: 1e-12)
        XCTAssertEqual(log.new, Hypervolume.of(l([[4, 1], [4.5, 2], [0.5, 4], [0.2, 8]]), reference: log.referencePoint),
                       accuracy: 1e-12)
    }

    func testConfigurationsEnteringAndLeavingTheFrontAndTheMovesRegressionsFirst() throws {
        let comparison = SweepComparison(base: Self.snapshot(Self.base), new: Self.snapshot(Self.new))
        let front = try XCTUnwrap(comparison.fronts.first)
        XCTAssertEqual(widths(front.entered), ["width=128"])
        XCTAssertEqual(widths(front.left), ["width=32"])
        XCTAssertEqual(widths(comparison.onlyInNew), ["width=128"])
        XCTAssertEqual(comparison.onlyInBase, [])
        // Width 16 stayed within its seed spread; FLOPs did not move at all.
        XCTAssertEqual(comparison.moves.map { widths([$0.configuration])[0] }, ["width=32", "width=64"])
        XCTAssertEqual(comparison.moves.map(\.isRegression), [true, false])
        XCTAssertEqual(comparison.moves.map(\.metric), [.testMSE, .testMSE])
        XCTAssertEqual(try XCTUnwrap(comparison.moves[0].change), 2.5, accuracy: 1e-12)
        XCTAssertEqual(comparison.moves[0].threshold, 0.1, accuracy: 1e-12)
        XCTAssertEqual(comparison.verdict, .regressed)
        XCTAssertEqual(comparison.verdict.exitStatus, 3)
    }

    func testDirectionComesFromTheObjective() {
        let maximized = [ParetoObjective(.testMSE, .maximize), ParetoObjective(.trainFLOPs)]
        let comparison = SweepComparison(base: Self.snapshot(Self.base, objectives: maximized),
                                         new: Self.snapshot(Self.new, objectives: maximized))
        XCTAssertEqual(comparison.moves.map { widths([$0.configuration])[0] }, ["width=64", "width=32"])
        XCTAssertEqual(comparison.moves.map(\.isRegression), [true, false])
    }

    func testAMoveWithinTheSeedSpreadOrTheToleranceIsNoMove() {
        let wobble = Self.seeds(width: 16, flops: 1, mean: 4.09, spread: 0.1, sweep: "new")
        let comparison = SweepComparison(base: Self.snapshot(Array(Self.base.prefix(3))), new: Self.snapshot(wobble))
        XCTAssertEqual(comparison.moves.count, 0)
        XCTAssertEqual(comparison.verdict, .unchanged)
        XCTAssertEqual(comparison.verdict.exitStatus, 0)
        // One seed each (no spread): only the tolerance (1% of the mean) guards.
        let one = { (mse: Double, sweep: String) in [ReportFixtures.record(width: 16, testMSE: mse, trainFLOPs: 1, sweep: sweep)] }
        XCTAssertEqual(SweepComparison(base: Self.snapshot(one(4, "b")), new: Self.snapshot(one(4.03, "n"))).verdict, .unchanged)
        XCTAssertEqual(SweepComparison(base: Self.snapshot(one(4, "b")), new: Self.snapshot(one(4.05, "n"))).verdict, .regressed)
        XCTAssertEqual(SweepComparison(base: Self.snapshot(one(4, "b")), new: Self.snapshot(one(3.95, "n"))).verdict, .improved)
    }

    func testADivergedSeedIsARegression() throws {
        var new = Self.base.map { record -> ResultRecord in var r = record; r.sweep = "new"; return r }
        new[1].result.efficacy?.testMSE = .nan
        let comparison = SweepComparison(base: Self.snapshot(Self.base), new: Self.snapshot(new))
        XCTAssertEqual(comparison.verdict, .regressed)
        let move = try XCTUnwrap(comparison.moves.first)
        XCTAssertTrue(move.isRegression)
        XCTAssertEqual(move.reason, "finite in 2 of 3 seed(s), was 3 of 3")
    }

    func testAPartialNightIsReportedAsSuchAndNotJudgedComplete() throws {
        var tasks = Self.complete(Self.new).unfinished   // none
        XCTAssertEqual(tasks, [])
        let records = Array(Self.new.dropLast())       // width 128's last seed was quarantined
        var states = Self.new.enumerated().map { i, record in
            StoredTask(id: Int64(i + 1), sweep: "new", key: record.taskKey, config: record.result.config, state: .done,
                       attempts: 1, worker: "w", lastError: nil)
        }
        states[states.count - 1].state = .failed
        states[states.count - 1].lastError = "worker died"
        let partial = Completeness(tasks: states)
        XCTAssertFalse(partial.isComplete)
        XCTAssertEqual(partial.description, "11 of 12 tasks done; 1 failed (quarantined)")
        let comparison = SweepComparison(base: Self.snapshot(Self.base), new: Self.snapshot(records, completeness: partial))
        XCTAssertEqual(comparison.verdict, .incomplete)
        XCTAssertEqual(comparison.verdict.exitStatus, 4)
        // The regression among the results there are is still listed.
        XCTAssertEqual(comparison.moves.filter(\.isRegression).count, 1)
        tasks = comparison.new.completeness.unfinished
        XCTAssertEqual(tasks.map(\.lastError), ["worker died"])
        // A run cut short (tasks still queued or running) is partial too; so is a sweep with no task at all.
        states[0].state = .queued
        states[1].state = .running
        XCTAssertEqual(Completeness(tasks: states).description, "9 of 12 tasks done; 1 failed (quarantined), 1 queued, 1 running")
        XCTAssertFalse(Completeness(tasks: []).isComplete)

        let directory = try makeReportDirectory(self, "compare-partial")
        try ComparisonReport.write(comparison, base: Self.snapshot(Self.base),
                                   new: Self.snapshot(records, completeness: partial), to: directory)
        let markdown = try readText(directory, "compare.md")
        XCTAssertTrue(markdown.contains("Verdict: incomplete (exit status 4)"), markdown)
        XCTAssertTrue(markdown.contains("11 of 12 tasks done; 1 failed (quarantined) — PARTIAL."), markdown)
        XCTAssertTrue(markdown.contains("## Unfinished tasks of the new sweep"), markdown)
        XCTAssertTrue(markdown.contains("worker died"), markdown)
        XCTAssertTrue(markdown.contains("PARTIAL: a sweep lacks results, so these fronts are not a like-for-like comparison."))
    }

    func testObjectiveSetsArePairsThenAllWhenMoreThanTwo() {
        let three = [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs), ParetoObjective(.trainEnergyKWh)]
        XCTAssertEqual(SweepComparison.objectiveSets(three).map { $0.map(\.metric) },
                       [[.testMSE, .trainFLOPs], [.testMSE, .trainEnergyKWh], [.trainFLOPs, .trainEnergyKWh],
                        [.testMSE, .trainFLOPs, .trainEnergyKWh]])
        XCTAssertEqual(SweepComparison.objectiveSets(Array(three.prefix(2))).count, 1)
        let comparison = SweepComparison(base: Self.snapshot(Self.base, objectives: three), new: Self.snapshot(Self.new, objectives: three))
        XCTAssertEqual(comparison.fronts.map(\.objectives.count), [2, 2, 2, 3])
    }

    func testTheFilesHoldTheSameFindingsAndThePageOverlaysBothFronts() throws {
        let (base, new) = (Self.snapshot(Self.base), Self.snapshot(Self.new))
        let comparison = SweepComparison(base: base, new: new)
        let directory = try makeReportDirectory(self, "compare")
        let files = try ComparisonReport.write(comparison, base: base, new: new, to: directory)
        XCTAssertEqual(files.map(\.lastPathComponent),
                       ["compare.md", "compare.html", "compare.json", "compare__oscillator__test_mse__vs__train_flops.svg"])

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("compare.json"))) as? [String: Any]
        XCTAssertEqual(json?["verdict"] as? String, "regressed")
        let fronts = try XCTUnwrap(json?["fronts"] as? [[String: Any]])
        let hypervolume = try XCTUnwrap(fronts.first?["hypervolume"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(hypervolume["change"] as? Double), 23.821 - 25.261, accuracy: 1e-9)
        XCTAssertNotNil(fronts.first?["log10_hypervolume"])
        let moves = try XCTUnwrap(json?["moves"] as? [[String: Any]])
        XCTAssertEqual(moves.map { $0["is_regression"] as? Bool }, [true, false])
        XCTAssertEqual(try XCTUnwrap(moves.first?["change"] as? Double), 2.5, accuracy: 1e-12)
        XCTAssertEqual(json?["reference_point_rule"] as? String, SweepComparison.referencePointRule)
        XCTAssertEqual(json?["hypervolume_space"] as? String, SweepComparison.hypervolumeSpace)

        let markdown = try readText(directory, "compare.md")
        let regressions = try XCTUnwrap(markdown.range(of: "## Regressions"))
        let improvements = try XCTUnwrap(markdown.range(of: "## Improvements"))
        XCTAssertLessThan(regressions.lowerBound, improvements.lowerBound)
        XCTAssertTrue(markdown.contains("| oscillator | mlp width=32 | test_mse (↓) | 2.00 ± 0.10 | 4.50 ± "), markdown)
        XCTAssertTrue(markdown.contains(" | +2.50 (+125%) | 0.100 | moved beyond the seed spread | "), markdown)
        XCTAssertTrue(markdown.contains("| test_mse × train_flops | 4.93, 8.70 | 25.3 | 23.8 | −1.44 (−5.70%) |"), markdown)
        XCTAssertTrue(markdown.contains("| 3 → 3 | mlp width=128 | mlp width=32 |"), markdown)
        XCTAssertTrue(markdown.contains("![oscillator: test MSE vs train FLOPs](plots/compare__oscillator__test_mse__vs__train_flops.svg)"))

        let page = try readText(directory, "compare.html")
        XCTAssertTrue(page.contains("<svg"), page)
        // Two staircases: the base's dashed grey, the new's solid blue; both in the legend.
        XCTAssertEqual(page.components(separatedBy: "<path d=").count - 1, 2)
        XCTAssertTrue(page.contains("stroke=\"\(ComparisonPlots.baseColor)\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\""))
        XCTAssertTrue(page.contains("front: base"))
        XCTAssertTrue(page.contains("front: new"))
        XCTAssertFalse(page.contains("<script"))
    }

    func testDifferentObjectivesAreNotedAndTheBasesAreUsed() {
        let other = [ParetoObjective(.testMSE)]
        let comparison = SweepComparison(base: Self.snapshot(Self.base), new: Self.snapshot(Self.new, objectives: other))
        XCTAssertEqual(comparison.objectives, Self.objectives)
        XCTAssertEqual(comparison.notes, ["The sweeps' objectives differ (base: test_mse (minimize), train_flops (minimize); "
                                          + "new: test_mse (minimize)); compared on the base's."])
        XCTAssertEqual(comparison.fronts.first?.objectives, Self.objectives)
    }

    /// Hover text names every point's configuration, not only the front members'.
    func testPlotPointsOffEveryFrontAreLabelledToo() throws {
        let dominated = { (sweep: String) in Self.seeds(width: 24, flops: 3, mean: 5, spread: 0.1, sweep: sweep) }
        let (base, new) = (Self.snapshot(Self.base + dominated("base")), Self.snapshot(Self.new + dominated("new")))
        let plots = ComparisonPlots.make(base: base, new: new, comparison: SweepComparison(base: base, new: new))
        let svg = try XCTUnwrap(plots.first?.svg)
        XCTAssertTrue(svg.contains("<title>base: mlp width=24: test_mse = 5.00, train_flops = 3.00</title>"), svg)
        XCTAssertTrue(svg.contains("<title>new: mlp width=24: test_mse = 5.00, train_flops = 3.00</title>"), svg)
    }

    func testAllMetricsJudgesEveryMetricInItsNaturalDirection() {
        let judged = SweepComparison.withEveryMetric([ParetoObjective(.flops), ParetoObjective(.testMSE, .maximize)])
        XCTAssertEqual(Array(judged.prefix(2)), [ParetoObjective(.flops), ParetoObjective(.testMSE, .maximize)])
        XCTAssertFalse(judged.contains { $0.metric == .trainFLOPs }, "the alias's figure is judged once")
        XCTAssertTrue(judged.contains(ParetoObjective(.pearsonR, .maximize)))
        XCTAssertTrue(judged.contains(ParetoObjective(.peakRSSBytes, .minimize)))

        let objectivesOnly = SweepComparison(base: Self.snapshot(Self.base), new: Self.snapshot(Self.new))
        let all = SweepComparison(base: Self.snapshot(Self.base), new: Self.snapshot(Self.new), allMetrics: true)
        XCTAssertEqual(Set(objectivesOnly.moves.map(\.metric)), [.testMSE])
        // Width 32's test MSE rose, and with it its rel. L2 (√MSE in the fixture) and final loss (0.8 MSE).
        let regressed = all.moves.filter(\.isRegression)
        XCTAssertEqual(Set(regressed.map { widths([$0.configuration])[0] }), ["width=32"])
        XCTAssertEqual(Set(regressed.map(\.metric)), [.testMSE, .testRelL2, .finalLoss])
        XCTAssertFalse(all.moves.contains { $0.metric == .trainFLOPs })
    }
}
