import XCTest
import PhysweepSystems

final class GaussHermiteTests: XCTestCase {
    /// ∫ z^(2k) e^(−z²) dz = Γ(k + ½).
    private func moment(_ rule: GaussHermite, power: Int) -> Double {
        zip(rule.nodes, rule.logWeights).map { pow($0, Double(power)) * exp($1) }.reduce(0, +)
    }

    func testSmallRuleMatchesTheKnownNodes() {
        let rule = GaussHermite(count: 3)
        XCTAssertEqual(rule.nodes[0], -(1.5).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(rule.nodes[1], 0)
        XCTAssertEqual(rule.nodes[2], (1.5).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(exp(rule.logWeights[1]), 2 * Double.pi.squareRoot() / 3, accuracy: 1e-15)
        XCTAssertEqual(exp(rule.logWeights[0]), Double.pi.squareRoot() / 6, accuracy: 1e-15)
    }

    func testRulesIntegrateEvenMomentsExactly() {
        for n in [4, 17, 128, 400, 1000] {
            let rule = GaussHermite(count: n)
            XCTAssertEqual(rule.nodes.count, n)
            for k in 0..<min(4, n) {
                XCTAssertEqual(moment(rule, power: 2 * k), tgamma(Double(k) + 0.5),
                               accuracy: 1e-12 * tgamma(Double(k) + 0.5), "n=\(n), power \(2 * k)")
            }
            XCTAssertEqual(moment(rule, power: 3), 0, accuracy: 1e-13)
        }
    }

    func testNodesAreAscendingAndSymmetric() {
        for n in [10, 11, 600] {
            let rule = GaussHermite(count: n)
            XCTAssertEqual(rule.nodes, rule.nodes.sorted())
            XCTAssertEqual(Set(rule.nodes).count, n, "distinct nodes")
            for i in 0..<n {
                XCTAssertEqual(rule.nodes[i], -rule.nodes[n - 1 - i])
                XCTAssertEqual(rule.logWeights[i], rule.logWeights[n - 1 - i])
            }
        }
    }

    func testRuleIntegratesASmoothFunction() {
        // ∫ cos(z) e^(−z²) dz = √π e^(−1/4).
        let rule = GaussHermite(count: 40)
        let sum = zip(rule.nodes, rule.logWeights).map { cos($0) * exp($1) }.reduce(0, +)
        XCTAssertEqual(sum, Double.pi.squareRoot() * exp(-0.25), accuracy: 1e-15)
    }
}
