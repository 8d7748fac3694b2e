import Foundation
import XCTest
@testable import PhysweepReport

/// Student's t and Welch's test against closed forms and against scipy 1.17
/// (`scipy.stats.ttest_ind(a, b, equal_var=False)`, `scipy.stats.t`).
final class SignificanceTests: XCTestCase {
    func testTailMatchesClosedFormsForOneAndTwoDegreesOfFreedom() {
        for t in [0.0, 0.3, 1, 2.5, 7, 40] {
            // df = 1 is the Cauchy distribution; df = 2 has P(|T| ≥ t) = 1 − t / √(2 + t²).
            XCTAssertEqual(StudentT.twoSidedP(t: t, df: 1), 1 - 2 / Double.pi * atan(t), accuracy: 1e-12, "t = \(t)")
            XCTAssertEqual(StudentT.twoSidedP(t: -t, df: 2), 1 - t / (2 + t * t).squareRoot(), accuracy: 1e-12, "t = \(t)")
        }
    }

    func testTailAndCriticalValueMatchScipy() {
        XCTAssertEqual(StudentT.twoSidedP(t: 2.0, df: 10), 0.07338803477074037, accuracy: 1e-12)
        XCTAssertEqual(StudentT.twoSidedP(t: 3.5, df: 4.5), 0.020541689969385577, accuracy: 1e-12)
        XCTAssertEqual(StudentT.twoSidedCritical(alpha: 0.05, df: 10), 2.228138851986274, accuracy: 1e-9)
        XCTAssertEqual(StudentT.twoSidedP(t: .infinity, df: 3), 0)
        XCTAssertTrue(StudentT.twoSidedP(t: 1, df: 0).isNaN)
    }

    func testWelchMatchesScipy() throws {
        let test = try XCTUnwrap(WelchTest([1, 2, 3, 4], [3, 4, 5, 6, 7]))
        XCTAssertEqual(test.t, -2.6111648393354674, accuracy: 1e-12)
        XCTAssertEqual(test.df, 6.980769230769231, accuracy: 1e-12)
        XCTAssertEqual(test.p, 0.03493878235996401, accuracy: 1e-12)
        XCTAssertTrue(test.significant())
        let ci = test.interval()
        XCTAssertEqual(ci.lowerBound, -4.7652202817535265, accuracy: 1e-8)
        XCTAssertEqual(ci.upperBound, -0.23477971824647392, accuracy: 1e-8)

        let other = try XCTUnwrap(WelchTest([0.12, 0.15, 0.11, 0.19, 0.14, 0.13], [0.31, 0.22, 0.45, 0.28]))
        XCTAssertEqual(other.t, -3.494181209608539, accuracy: 1e-10)
        XCTAssertEqual(other.df, 3.339981272717889, accuracy: 1e-10)
        XCTAssertEqual(other.p, 0.03345527611613628, accuracy: 1e-10)
        XCTAssertTrue(other.sizes == (6, 4))
    }

    func testWelchNeedsTwoFiniteValuesAndSomeSpread() {
        XCTAssertNil(WelchTest([1], [2, 3]))
        XCTAssertNil(WelchTest([1, .nan], [2, 3]))
        XCTAssertNil(WelchTest([2, 2, 2], [5, 5]))
        XCTAssertNotNil(WelchTest([2, 2, 2], [5, 6]))
    }
}
