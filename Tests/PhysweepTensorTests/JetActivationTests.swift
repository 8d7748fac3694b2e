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
            let expected = composedJet(activation, z, b, layout)
            graph.forward()
            for (a, e) in zip(graph.value(fused).scalars, graph.value(expected).scalars) {
                XCTAssertEqual(a, e, accuracy: 1e-13, "\(activation)")
            }
        }
    }

    /// A stack large enough to run as two halves (split at primal row 1 050, inside the derivative
    /// rows 1 000..<1 100): values and gradients (stack and bias) equal the composed jet's, and one thread gives
    /// the same bits as two.
    func testLargeStackInTwoHalvesMatchesTheComposedJet() {
        let large = JetLayout(primalRows: 2_100, derivativeRows: 1_000..<1_100,
                              channels: [.first, .first, .second(0, 1), .second(1, 1)])
        let saved = BLASThreads.current
        defer { BLASThreads.set(saved) }
        for activation in [JetActivation<Double>.tanh, .snake(alpha: 0.7)] {
            var runs: [[Double]] = []
            for threads in [1, 2] {
                BLASThreads.set(threads)
                let graph = Graph<Double>()
                let z = graph.parameter(randomTensor([large.totalRows, 32], in: -1.5...1.5, seed: 37))
                let b = graph.parameter(randomTensor([1, 32], seed: 38))
                let weights = graph.constant(randomTensor([large.totalRows, 32], seed: 39))
                let fused = (z.jetActivation(activation, bias: b, layout: large) * weights).sum()
                let composed = (composedJet(activation, z, b, large) * weights).sum()
                graph.forward()
                graph.backward(from: fused)
                let fusedGradient = graph.gradientVector
                graph.backward(from: composed)
                XCTAssertEqual(graph.scalar(fused), graph.scalar(composed), accuracy: 1e-9, "\(activation)")
                let error = zip(fusedGradient, graph.gradientVector).map { abs($0 - $1) }.max()!
                XCTAssertLessThanOrEqual(error, 1e-11, "\(activation)")
                runs.append(fusedGradient + [graph.scalar(fused)])
            }
            XCTAssertEqual(runs[0], runs[1], "\(activation): 1 and 2 threads differ")
        }
    }

    /// The jet of `layout` composed from elementary ops (slices, products, σ and its derivatives).
    private func composedJet(_ activation: JetActivation<Double>, _ z: Node<Double>, _ b: Node<Double>,
                             _ layout: JetLayout) -> Node<Double> {
        let points = layout.derivativeRows
        let primal = z.slice(axis: 0, range: 0..<layout.primalRows) + b
        let zp = primal.slice(axis: 0, range: points)
        let (h, s1, s2) = composed(activation, primal, zp)
        func channel(_ c: Int) -> Node<Double> {
            z.slice(axis: 0, range: layout.firstRow(ofChannel: c)..<(layout.firstRow(ofChannel: c) + points.count))
        }
        return z.graph.concat([
            h, s1 * channel(0), s1 * channel(1),
            s2 * channel(0) * channel(1) + s1 * channel(2),
            s2 * channel(1).square() + s1 * channel(3),
        ], axis: 0)
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
