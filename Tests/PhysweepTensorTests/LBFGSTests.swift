@testable import PhysweepTensor
import XCTest

final class LBFGSTests: XCTestCase {
    func testMinimizesRosenbrockFromTheClassicStart() {
        let result = LBFGS<Double>(historySize: 10).minimize(x0: [-1.2, 1], maxIterations: 200,
                                                             gradientTolerance: 1e-10) { x, g in
            let (a, b) = (x[0], x[1])
            g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
            g[1] = 200 * (b - a * a)
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
        }
        XCTAssertLessThanOrEqual(result.value, 1e-8, "stopped with \(result.reason) after \(result.iterations) iterations")
        XCTAssertEqual(result.x[0], 1, accuracy: 1e-4)
        XCTAssertEqual(result.x[1], 1, accuracy: 1e-4)
        XCTAssertLessThan(result.iterations, 100)
    }

    func testCubicStepStaysInsideTheBracket() {
        // φ(α) = (α − 0.3)²: values and slopes at 0 and 1 give the exact minimizer 0.3.
        let alpha = LBFGS<Double>.cubicMinimizer((0, 0.09, -0.6), (1, 0.49, 1.4))
        XCTAssertEqual(alpha, 0.3, accuracy: 1e-12)
        // A non-convex bracket falls back inside [0.1, 0.9].
        let fallback = LBFGS<Double>.cubicMinimizer((0, 0, 1), (1, 0, 1))
        XCTAssert((0.1...0.9).contains(fallback))
    }

    func testFitsAGraphAndLeavesTheResultInIt() {
        let net = TanhMLP<Double>(widths: [1, 6, 1], batch: 12, seed: 9)
        net.graph.forward()
        let start = net.graph.scalar(net.loss)
        let result = LBFGS<Double>(historySize: 20).minimize(net.graph, loss: net.loss, maxIterations: 150)
        net.graph.forward()
        XCTAssertEqual(net.graph.scalar(net.loss), result.value, accuracy: 1e-12)
        XCTAssertEqual(net.graph.parameterVector, result.x)
        XCTAssertLessThan(result.value, 0.01 * start, "stopped with \(result.reason) after \(result.iterations) iterations")
    }
}
