@testable import PhysweepSweep
import XCTest

final class ParetoSortTests: XCTestCase {
    // Hand-drawn 2-D set (minimisation): A B C F form the front (F duplicates B); D is dominated
    // by B; E by D; G by E; H ties A's f1 with a worse f2; I ties C's f2 with a worse f1.
    let twoD: [[Double]] = [[1, 5], [2, 3], [3, 1], [2, 4], [4, 4], [2, 3], [5, 5], [1, 6], [6, 1]]
    let twoDRanks = [0, 0, 0, 1, 2, 0, 3, 1, 1]

    func testTwoObjectivesHandComputed() {
        XCTAssertEqual(NonDominatedSort.ranks(twoD), twoDRanks)
    }

    func testGeneralAlgorithmAgreesOnTheTwoObjectiveCase() {
        XCTAssertEqual(NonDominatedSort.ranksGeneral(twoD), twoDRanks)
    }

    func testDuplicatesAreMutuallyNonDominated() {
        XCTAssertFalse(NonDominatedSort.dominates([2, 3], [2, 3]))
        XCTAssertEqual(NonDominatedSort.ranks([[2, 3], [2, 3], [2, 3]]), [0, 0, 0])
        XCTAssertEqual(NonDominatedSort.ranks([[1, 1, 1], [1, 1, 1], [2, 2, 2]]), [0, 0, 1])
    }

    func testDominanceNeedsOneStrictImprovement() {
        XCTAssertTrue(NonDominatedSort.dominates([1, 3], [2, 3]))
        XCTAssertFalse(NonDominatedSort.dominates([1, 4], [2, 3]))
        XCTAssertFalse(NonDominatedSort.dominates([2, 3], [1, 3]))
    }

    func testThreeObjectivesHandComputed() {
        // (2,2,3) is dominated by (1,2,3); (4,4,4) by (2,2,3); the rest are mutually incomparable.
        let points: [[Double]] = [[1, 2, 3], [2, 1, 3], [3, 3, 1], [2, 2, 3], [1, 2, 3], [4, 4, 4]]
        XCTAssertEqual(NonDominatedSort.ranks(points), [0, 0, 0, 1, 0, 2])
    }

    func testFourObjectivesHandComputed() {
        // R is dominated by P, T by Q; S duplicates P.
        let points: [[Double]] = [[1, 2, 3, 4], [4, 3, 2, 1], [2, 2, 3, 4], [1, 2, 3, 4], [4, 3, 2, 2]]
        XCTAssertEqual(NonDominatedSort.ranks(points), [0, 0, 1, 0, 1])
    }

    func testFastTwoObjectiveSortMatchesDefinitionOnTiedGrids() {
        // Small integer grids force many ties and duplicates, the cases the sweep must get right.
        var random = LinearCongruential(state: 7)
        for _ in 0..<20 {
            let points = (0..<60).map { _ in [Double(Int(random.next() * 6)), Double(Int(random.next() * 6))] }
            XCTAssertEqual(NonDominatedSort.ranks2D(points), NonDominatedSort.ranksGeneral(points))
        }
    }

    func testRanksFollowTheDefinition() {
        // Rank 0 = not dominated; rank k = dominated only by points of rank < k, and by one of rank k−1.
        var random = LinearCongruential(state: 11)
        let points = (0..<80).map { _ in (0..<3).map { _ in Double(Int(random.next() * 5)) } }
        let ranks = NonDominatedSort.ranks(points)
        for i in points.indices {
            let dominators = points.indices.filter { NonDominatedSort.dominates(points[$0], points[i]) }
            XCTAssertTrue(dominators.allSatisfy { ranks[$0] < ranks[i] })
            if ranks[i] == 0 { XCTAssertTrue(dominators.isEmpty) }
            else { XCTAssertTrue(dominators.contains { ranks[$0] == ranks[i] - 1 }) }
        }
    }

    func testEmptyInput() {
        XCTAssertEqual(NonDominatedSort.ranks([]), [])
    }
}
