import PhysweepTensor
import XCTest

/// The composite PINN pattern: input derivatives by forward-mode jets inside a loss that is then
/// differentiated w.r.t. the weights by reverse mode.
final class JetTests: XCTestCase {
    private let points: [Double] = [-1.3, -0.4, 0.2, 0.9, 1.6]

    private func network() -> TanhJetMLP {
        let net = TanhJetMLP(batch: points.count, seed: 21)
        net.graph.set(net.x, points)
        return net
    }

    func testJetDerivativesMatchFiniteDifferencesOfTheNetwork() {
        let net = network()
        net.graph.forward()
        let u = net.graph.value(net.u).scalars, du = net.graph.value(net.du).scalars, d2u = net.graph.value(net.d2u).scalars
        func outputs(shiftedBy h: Double) -> [Double] {
            net.graph.set(net.x, points.map { $0 + h })
            net.graph.forward()
            return net.graph.value(net.u).scalars
        }
        let h1 = 1e-6, h2 = 1e-4
        let plus1 = outputs(shiftedBy: h1), minus1 = outputs(shiftedBy: -h1)
        let plus2 = outputs(shiftedBy: h2), minus2 = outputs(shiftedBy: -h2)
        for i in points.indices {
            let first = (plus1[i] - minus1[i]) / (2 * h1)
            let second = (plus2[i] - 2 * u[i] + minus2[i]) / (h2 * h2)
            XCTAssertEqual(du[i], first, accuracy: 1e-6 * max(1, abs(first)), "u' at x = \(points[i])")
            XCTAssertEqual(d2u[i], second, accuracy: 1e-6 * max(1, abs(second)), "u'' at x = \(points[i])")
        }
    }

    func testWeightGradientOfResidualLossMatchesFiniteDifferences() {
        let net = network()
        let graph = net.graph
        graph.forward()
        graph.backward(from: net.loss)
        let analytic = graph.gradientVector
        var theta = graph.parameterVector
        let h = 1e-6
        var numeric: [Double] = []
        for i in theta.indices {
            let saved = theta[i]
            theta[i] = saved + h; graph.parameterVector = theta; graph.forward()
            let plus = graph.scalar(net.loss)
            theta[i] = saved - h; graph.parameterVector = theta; graph.forward()
            let minus = graph.scalar(net.loss)
            theta[i] = saved
            numeric.append((plus - minus) / (2 * h))
        }
        let difference = zip(analytic, numeric).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let scale = numeric.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertEqual(analytic.count, 1 * 8 + 8 + 8 * 8 + 8 + 8 * 1 + 1)
        XCTAssertGreaterThan(scale, 1e-3, "the loss should depend on the weights")
        XCTAssertLessThanOrEqual(difference / scale, 1e-6)
    }
}
