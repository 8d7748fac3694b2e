import PhysweepSweep
import PhysweepTraining
import XCTest

final class ParetoAggregationTests: XCTestCase {
    func testMeanAndSampleStandardDeviation() throws {
        let summary = try XCTUnwrap(MetricSummary([1, 2, 3, 4]))
        XCTAssertEqual(summary.mean, 2.5)
        // Squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, over n − 1 = 3.
        XCTAssertEqual(try XCTUnwrap(summary.std), (5.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(summary.n, 4)
        XCTAssertNil(MetricSummary([7])?.std)
        XCTAssertEqual(MetricSummary([7])?.mean, 7)
        XCTAssertNil(MetricSummary([]))
    }

    func testGroupsDifferOnlyBySeed() throws {
        let records = [
            ReportFixtures.record(width: 32, seed: 0, testMSE: 1),
            ReportFixtures.record(width: 64, seed: 0, testMSE: 5),
            ReportFixtures.record(width: 32, seed: 1, testMSE: 2),
            ReportFixtures.record(width: 32, seed: 2, testMSE: 6),
        ]
        let groups = SeedGroup.groups(records)
        XCTAssertEqual(groups.map(\.config.width), [32, 64])
        XCTAssertEqual(groups[0].seeds, [0, 1, 2])
        XCTAssertEqual(groups[0].config.seed, 0)
        let mse = try XCTUnwrap(groups[0].summary(of: .testMSE))
        XCTAssertEqual(mse.mean, 3)
        XCTAssertEqual(try XCTUnwrap(mse.std), (7.0).squareRoot(), accuracy: 1e-12) // (4 + 1 + 9) / 2
        XCTAssertEqual(groups[1].summary(of: .testMSE)?.n, 1)
        XCTAssertNil(groups[0].summary(of: .extrapolationMSE))
    }

    func testFrontsOnSeedMeans() {
        // Width 32 averages 3 at 1 GFLOP; width 64 averages 2 at 2 GFLOP; width 16 averages 4 at 2 GFLOP.
        let records = [
            ReportFixtures.record(width: 32, seed: 0, testMSE: 1, trainFLOPs: 1e9),
            ReportFixtures.record(width: 32, seed: 1, testMSE: 5, trainFLOPs: 1e9),
            ReportFixtures.record(width: 64, seed: 0, testMSE: 2, trainFLOPs: 2e9),
            ReportFixtures.record(width: 16, seed: 0, testMSE: 4, trainFLOPs: 2e9),
        ]
        let analysis = ParetoAnalysis(SeedGroup.groups(records), objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)])
        XCTAssertEqual(analysis.ranks, [0, 0, 1])
    }
}
