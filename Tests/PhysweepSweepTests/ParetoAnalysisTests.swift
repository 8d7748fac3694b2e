import PhysweepSweep
import PhysweepTraining
import XCTest

/// A hand-placed candidate.
struct HandPlacedPoint: ParetoCandidate {
    var system: SystemKind = .oscillator
    var values: [MetricName: Double]

    func value(of metric: MetricName) -> Double? { values[metric] }
}

final class ParetoAnalysisTests: XCTestCase {
    let points = [
        HandPlacedPoint(values: [.testMSE: 1, .trainFLOPs: 10]),
        HandPlacedPoint(values: [.testMSE: 2, .trainFLOPs: 20]),
        HandPlacedPoint(values: [.testMSE: 2, .trainFLOPs: 5]),
    ]

    func testMinimiseBoth() {
        let analysis = ParetoAnalysis(points, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)])
        XCTAssertEqual(analysis.ranks, [0, 1, 0])
    }

    func testMaximiseDirectionIsRespected() {
        // Maximising FLOPs: the first point beats the third on both axes, the second is not beaten.
        let analysis = ParetoAnalysis(points, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs, .maximize)])
        XCTAssertEqual(analysis.ranks, [0, 0, 1])
        let fronts = analysis.systems[0]
        XCTAssertEqual(fronts.front, [0, 1])
        // Minimisation frame: worst (2, −5), range (1, 15) → (2.1, −3.5); natural FLOPs reference 3.5.
        XCTAssertEqual(fronts.referencePoint![0], 2.1, accuracy: 1e-12)
        XCTAssertEqual(fronts.referencePoint![1], 3.5, accuracy: 1e-12)
        // Front (1, −10), (2, −20) against (2.1, −3.5): 1.1·6.5 + 0.1·10 = 8.15.
        XCTAssertEqual(fronts.hypervolume, 8.15, accuracy: 1e-9)
    }

    func testGivenReferencePointIsUsed() {
        let analysis = ParetoAnalysis(points, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)],
                                      referencePoints: [.oscillator: [.testMSE: 3, .trainFLOPs: 30]])
        // Front (1, 10), (2, 5): 2·20 + 1·5 = 45.
        XCTAssertEqual(analysis.systems[0].referencePoint, [3, 30])
        XCTAssertEqual(analysis.systems[0].hypervolume, 45)
    }

    func testSystemsAreNeverCompared() {
        var other = points[1]
        other.system = .burgers
        let analysis = ParetoAnalysis([points[0], other], objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)])
        XCTAssertEqual(analysis.ranks, [0, 0])
        XCTAssertEqual(analysis.systems.map(\.system), [.oscillator, .burgers])
    }

    func testMissingAndNonFiniteValuesAreExcludedAndReported() {
        let candidates = points + [
            HandPlacedPoint(values: [.testMSE: 0.1]),
            HandPlacedPoint(values: [.testMSE: .nan, .trainFLOPs: 1]),
        ]
        let analysis = ParetoAnalysis(candidates, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)])
        XCTAssertEqual(analysis.ranks, [0, 1, 0, nil, nil])
        XCTAssertEqual(analysis.systems[0].excluded.map(\.index), [3, 4])
        XCTAssertEqual(analysis.systems[0].excluded.map(\.missing), [[.trainFLOPs], [.testMSE]])
    }

    func testGivenReferenceCoordinatesMixWithTheStandardRule() {
        // FLOPs given as 30; test MSE by the rule: worst 2 + 10% of range 1 = 2.1.
        let analysis = ParetoAnalysis(points, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)],
                                      referencePoints: [.oscillator: [.trainFLOPs: 30]])
        XCTAssertEqual(analysis.systems[0].referencePoint, [2.1, 30])
        XCTAssertEqual(analysis.systems[0].referencePointByMetric, [.testMSE: 2.1, .trainFLOPs: 30])
    }

    func testObjectiveNoResultOfASystemHasIsDropped() {
        let records = [
            ReportFixtures.record(testMSE: 1e-3, extrapolationMSE: 1e-1),
            ReportFixtures.record(width: 64, testMSE: 1e-4),  // lacks what its system's others have
            ReportFixtures.record(system: .burgers, testMSE: 1e-3),
        ]
        let analysis = ParetoAnalysis(records, objectives: [ParetoObjective(.extrapolationMSE), ParetoObjective(.parameters)])
        XCTAssertEqual(analysis.ranks, [0, nil, 0])
        let oscillator = analysis.fronts(of: .oscillator)!, burgers = analysis.fronts(of: .burgers)!
        XCTAssertEqual(oscillator.excluded.map(\.missing), [[.extrapolationMSE]])
        XCTAssertEqual(oscillator.droppedObjectives, [])
        XCTAssertEqual(burgers.objectives, [ParetoObjective(.parameters)])
        XCTAssertEqual(burgers.droppedObjectives, [ParetoObjective(.extrapolationMSE)])
        XCTAssertEqual(burgers.excluded, [])
        XCTAssertEqual(burgers.referencePoint?.count, 1)
    }
}

final class SyntheticTaskParetoTests: XCTestCase {
    /// A `noop` result (here one stored with an older physweep's placeholder zeros) has no
    /// efficacy: the analysis drops the error objective for its system instead of ranking it best.
    func testSyntheticResultsAreNeverRankedOnEfficacy() {
        var noop = ReportFixtures.record(system: .noop, testMSE: 0, trainWallSeconds: 0.001)
        noop.result.efficacy = Efficacy(initialLoss: 0, finalLoss: 0, testMSE: 0, testRelL2: 0)
        let trained = ReportFixtures.record(testMSE: 1e-3)
        let analysis = ParetoAnalysis([noop, trained], objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainWallSeconds)])
        XCTAssertEqual(analysis.fronts(of: .noop)?.droppedObjectives.map(\.metric), [.testMSE])
        XCTAssertEqual(analysis.fronts(of: .noop)?.objectives.map(\.metric), [.trainWallSeconds])
        XCTAssertEqual(analysis.fronts(of: .oscillator)?.objectives.count, 2)
    }
}
