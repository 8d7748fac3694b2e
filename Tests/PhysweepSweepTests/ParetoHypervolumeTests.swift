import PhysweepSweep
import XCTest

final class ParetoHypervolumeTests: XCTestCase {
    func testTwoDimensionalStaircase() {
        // Strips y∈[3,4]: width 3; y∈[2,3]: width 2; y∈[1,2]: width 1.
        let staircase: [[Double]] = [[1, 3], [2, 2], [3, 1]]
        XCTAssertEqual(Hypervolume.of(staircase, reference: [4, 4]), 6)
    }

    func testDominatedDuplicateAndOutsidePointsAddNothing() {
        let points: [[Double]] = [[1, 3], [2, 2], [3, 1], [3, 3], [2, 2], [5, 0], [4, 0]]
        XCTAssertEqual(Hypervolume.of(points, reference: [4, 4]), 6)
        XCTAssertEqual(Hypervolume.of([[5, 5]], reference: [4, 4]), 0)
        XCTAssertEqual(Hypervolume.of([], reference: [4, 4]), 0)
    }

    func testThreeDimensionalBoxes() {
        XCTAssertEqual(Hypervolume.of([[1, 1, 1]], reference: [3, 3, 3]), 8)
        XCTAssertEqual(Hypervolume.of([[1, 1, 1], [1, 1, 1]], reference: [3, 3, 3]), 8)
        // A = [0,3]²×[2,3] (9), B = [2,3]²×[0,3] (3), overlap [2,3]³ (1).
        XCTAssertEqual(Hypervolume.of([[0, 0, 2], [2, 2, 0]], reference: [3, 3, 3]), 11)
        // Adding C = [1,3]³ (8): 9 + 3 + 8 − 1 − 4 − 2 + 1 = 14.
        XCTAssertEqual(Hypervolume.of([[0, 0, 2], [2, 2, 0], [1, 1, 1]], reference: [3, 3, 3]), 14)
    }

    func testFourDimensionalBoxes() {
        XCTAssertEqual(Hypervolume.of([[1, 1, 1, 1]], reference: [2, 2, 2, 2]), 1)
        // A = 2·2·2·1 = 8, B = 1·1·1·2 = 2, overlap [1,2]⁴ = 1.
        XCTAssertEqual(Hypervolume.of([[0, 0, 0, 1], [1, 1, 1, 0]], reference: [2, 2, 2, 2]), 9)
    }

    func testSlicingMatchesInclusionExclusion() {
        var random = LinearCongruential(state: 3)
        for dimension in [3, 4] {
            for _ in 0..<5 {
                let points = (0..<7).map { _ in (0..<dimension).map { _ in Double(Int(random.next() * 8)) / 2 } }
                let reference = [Double](repeating: 4.5, count: dimension)
                XCTAssertEqual(Hypervolume.of(points, reference: reference),
                               inclusionExclusion(points, reference), accuracy: 1e-9)
            }
        }
    }

    /// The union of the boxes [p, reference] by inclusion–exclusion over all subsets (exponential: tests only).
    private func inclusionExclusion(_ points: [[Double]], _ reference: [Double]) -> Double {
        var total = 0.0
        for mask in 1..<(1 << points.count) {
            let subset = points.indices.filter { mask & (1 << $0) != 0 }.map { points[$0] }
            let corner = reference.indices.map { j in subset.map { $0[j] }.max()! }
            let volume = zip(corner, reference).map { max(0, $1 - $0) }.reduce(1, *)
            total += subset.count % 2 == 1 ? volume : -volume
        }
        return total
    }

    func testStandardReferencePoint() {
        // Worst (3, 20) plus 10% of the ranges (2, 10).
        XCTAssertEqual(ReferencePoint.standard(for: [[1, 10], [3, 20]]), [3.2, 21])
        // Zero range: 10% of |worst|, or 1 when the worst is 0.
        XCTAssertEqual(ReferencePoint.standard(for: [[5, 0], [5, 0]]), [5.5, 1])
        XCTAssertEqual(ReferencePoint.standard(for: [[-10]]), [-9])
    }
}
