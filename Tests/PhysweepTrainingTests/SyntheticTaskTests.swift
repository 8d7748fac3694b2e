import Foundation
import XCTest
@testable import PhysweepTraining

/// `noop` and `sleep` tasks train nothing: their results carry no efficacy, so nothing can rank
/// them as models.
final class SyntheticTaskTests: XCTestCase {
    func testSyntheticTasksStoreNoEfficacy() throws {
        for system in [SystemKind.noop, .sleep] {
            let result = try Trainer.run(.defaults(system: system))
            XCTAssertNil(result.efficacy, system.rawValue)
            for metric in MetricName.allCases where metric.isEfficacy {
                XCTAssertNil(result.metric(metric), "\(system.rawValue) \(metric.rawValue)")
            }
            XCTAssertNotNil(result.metric(.trainWallSeconds))
            let json = try JSONEncoder().encode(result)
            XCTAssertFalse(String(decoding: json, as: UTF8.self).contains("test_mse"))
            XCTAssertEqual(try JSONDecoder().decode(TrainResult.self, from: json), result)
        }
    }

    /// Results stored by an older physweep carry placeholder zeros: they are not efficacy either.
    func testPlaceholderZerosOfOlderResultsAreNotMetrics() throws {
        var result = try Trainer.run(.defaults(system: .noop))
        result.efficacy = Efficacy(initialLoss: 0, finalLoss: 0, testMSE: 0, testRelL2: 0)
        XCTAssertNil(result.metric(.testMSE))
        XCTAssertNil(result.metric(.finalLoss))
    }
}
