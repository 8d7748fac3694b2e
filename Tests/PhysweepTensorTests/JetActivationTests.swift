import PhysweepTensor
import XCTest

/// The fused jet activation: its gradient against finite differences, and its values against the
/// same jet composed from elementary ops.
final class JetActivationTests: XCTestCase {
    /// 5 primal rows, rows 1..<4 carry two first-order channels, a mixed and a pure second-order one.
    let layout = JetLayout(primalRows: 5, derivativeRows: 1..<4,
                                   channels: [.first, .first, .second(0, 1), .second(1, 1)])
    private let activations: [JetActivation<Double>] = [.tanh, .sin, .snake(alpha: 1.3), .relu]

    func testGradientMatchesFiniteDifferences() {
        for activation in activations {
            assertGradientMatchesFiniteDifferences(parameters: [randomTensor([layout.totalRows, 3], in: -1.5...1.5, seed: 31),
                                                                randomTensor([3], seed: 32)]) { _, p in
                p[0].jetActivation(activation, bias: p[1], layout: layout)
            }
        }
    }

    func testValuesMatchTheComposedJet() {
        for activation in activations {
            let graph = Graph<Double>()
            let z = graph.constant(randomTensor([layout.totalRows, 3], in: -1.5...1.5, seed: 33))
            let b = graph.constant(randomTensor([1, 3], seed: 34))
            let fused = z.jetActivation(activation, bias: b, layout: layout)

            let points = layout.derivativeRows
            let primal = z.slice(axis: 0, range: 0..<layout.primalRows) + b
            let zp = primal.slice(axis: 0, range: points)
            let (h, s1, s2) = composed(activation, primal, zp)
            func channel(_ c: Int) -> Node<Double> {
                z.slice(axis: 0, range: layout.firstRow(ofChannel: c)..<(layout.firstRow(ofChannel: c) + points.count))
            }
            let expected = graph.concat([
                h, s1 * channel(0), s1 * channel(1),
                s2 * channel(0) * channel(1) + s1 * channel(2),
                s2 * channel(1).square() + s1 * channel(3),
            ], axis: 0)
            graph.forward()
            for (a, e) in zip(graph.value(fused).scalars, graph.value(expected).scalars) {
                XCTAssertEqual(a, e, accuracy: 1e-13, "\(activation)")
            }
        }
    }

    /// σ(primal), σ′(zp), σ″(zp) from elementary ops.
    private func composed(_ activation: JetActivation<Double>, _ primal: Node<Double>,
                          _ zp: Node<Double>) -> (Node<Double>, Node<Double>, Node<Double>) {
        switch activation {
        case .tanh:
            let t = zp.tanh(), s1 = 1.0 - t.square()
            return (primal.tanh(), s1, -2.0 * t * s1)
        case .sin:
            return (primal.sin(), zp.cos(), -zp.sin())
        case .snake(let alpha):
            return (primal.snake(alpha: alpha), (2 * alpha * zp).sin() + 1.0, 2 * alpha * (2 * alpha * zp).cos())
        case .relu:
            return (primal.relu(), zp.heaviside(), 0.0 * zp)
        }
    }
}

extension JetActivationTests {
    /// With a constant stack only the bias needs a gradient; the fused backward must still give it.
    func testBiasGradientWhenTheStackIsConstant() {
        let stack = randomTensor([layout.totalRows, 3], in: -1.5...1.5, seed: 35)
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([3], seed: 36)]) { graph, p in
            graph.constant(stack).jetActivation(.tanh, bias: p[0], layout: layout)
        }
    }
}
