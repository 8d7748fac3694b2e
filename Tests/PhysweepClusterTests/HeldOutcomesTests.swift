import Foundation
import PhysweepTraining
import XCTest
@testable import PhysweepCluster

/// A worker's unacknowledged outcomes: kept until ACK, handed back in order, bounded.
final class HeldOutcomesTests: XCTestCase {
    private func failure(_ id: Int64, attempt: Int = 1) -> TaskRunner.Outcome { .failure(taskID: id, attempt: attempt, "e\(id)") }

    private func ids(_ outcomes: [TaskRunner.Outcome]) -> [String] {
        outcomes.map { outcome in
            switch outcome {
            case .result(let id, let attempt, _), .failure(let id, let attempt, _), .progress(let id, let attempt, _): "\(id)/\(attempt)"
            }
        }
    }

    func testOutcomesAreHeldUntilAcknowledgedByTaskAndAttempt() {
        var held = HeldOutcomes()
        held.hold(failure(1))
        held.hold(failure(2))
        held.hold(failure(2, attempt: 2))
        held.hold(.progress(taskID: 3, attempt: 1, TrainProgress(step: 1, totalSteps: 2, loss: 0.5)))
        XCTAssertEqual(held.count, 3, "progress is never held")
        held.acknowledge([.init(taskID: 2, attempt: 1), .init(taskID: 99, attempt: 1)])
        XCTAssertEqual(ids(held.takeAll()), ["1/1", "2/2"], "only the acknowledged attempt is forgotten; order kept")
        XCTAssertEqual(held.count, 0)
    }

    /// A coordinator that says it acknowledges but never does cannot make a worker grow without end.
    func testHoldingIsBounded() {
        var held = HeldOutcomes()
        for id in 1...Int64(HeldOutcomes.limit) { XCTAssertTrue(held.hold(failure(id))) }
        XCTAssertFalse(held.hold(failure(Int64(HeldOutcomes.limit) + 1)))
        XCTAssertEqual(held.count, HeldOutcomes.limit)
        XCTAssertEqual(ids(held.takeAll()).first, "2/1", "the oldest is forgotten")
    }
}
