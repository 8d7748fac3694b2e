import PhysweepModels
import PhysweepSystems
import PhysweepTensor
import XCTest

/// Jet components against finite differences of the network's value in its inputs, and the c-pinn
/// transform's exact initial and boundary values.
final class JetTests: XCTestCase {
    func testTrajectoryJetMatchesFiniteDifferencesInT() {
        let times: [Double] = [-2.5, -0.3, 0.4, 1.7, 6]
        for activation in TinyProblems.activations + [.relu] {
            let probe = Probe(TinyProblems.network(inputs: 1, activation: activation), points: times,
                              components: [.value, .first(0), .second(0)])
            let jet = probe.jet()
            assertClose(jet[0], probe.values(at: times), "x \(activation)")
            assertClose(jet[1], probe.firstDerivative(column: 0), "x' \(activation)")
            if activation != .relu {  // relu's x'' is 0 where it exists; differences straddle kinks
                assertClose(jet[2], probe.secondDerivative(column: 0), "x'' \(activation)")
            }
        }
    }

    func testBurgersJetMatchesFiniteDifferencesInXAndT() {
        let points = TinyProblems.burgers(count: 6).collocation.inputs
        for activation in TinyProblems.activations {
            for hard in [false, true] {
                let probe = Probe(TinyProblems.network(inputs: 2, activation: activation, hard: hard), points: points,
                                  components: [.value, .first(1), .first(0), .second(0)])
                let jet = probe.jet()
                let label = "\(activation)\(hard ? " c-pinn" : "")"
                assertClose(jet[0], probe.values(at: points), "u " + label)
                assertClose(jet[1], probe.firstDerivative(column: 1), "u_t " + label)
                assertClose(jet[2], probe.firstDerivative(column: 0), "u_x " + label)
                assertClose(jet[3], probe.secondDerivative(column: 0), "u_xx " + label)
            }
        }
    }

    func testHardConstraintHoldsInitialAndBoundaryValuesExactly() {
        let xs: [Double] = [-1, -0.6, -0.1, 0.35, 0.8, 1]
        let initial: [Double] = xs.flatMap { x -> [Double] in [x, 0] }
        let boundary: [Double] = [0.0, 0.2, 0.5, 1].flatMap { t -> [Double] in [-1, t, 1, t] }
        for activation in TinyProblems.activations {
            let spec = TinyProblems.network(inputs: 2, activation: activation, hard: true)
            // Exact up to the graph's own sin, which may differ from libm's in the last bit.
            let atStart = Probe(spec, points: initial, components: [.value]).values(at: initial)
            for (u, x) in zip(atStart, xs) {
                XCTAssertEqual(u, -sin(Double.pi * x), accuracy: 1e-15, "u(x, 0) \(activation)")
            }
            for u in Probe(spec, points: boundary, components: [.value]).values(at: boundary) {
                XCTAssertEqual(u, 0, accuracy: 1e-15, "u(±1, t) \(activation)")
            }
        }
    }

    private func assertClose(_ a: [Double], _ b: [Double], _ label: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan(relativeError(a, b), 1e-6, label, file: file, line: line)
    }
}

/// A network on a graph with a value-only output at free inputs and a jet output at fixed points.
private struct Probe {
    let graph = Graph<Double>()
    let input: Node<Double>
    let output: Node<Double>
    let jetOutputs: [Node<Double>]
    let points: [Double]
    let dim: Int

    init(_ spec: NetworkSpec, points: [Double], components: [JetComponent]) {
        let network = spec.build(on: graph)
        dim = spec.inputs
        let count = points.count / dim
        input = graph.input(shape: [count, dim])
        output = network(input)
        var seeds = [Double](repeating: 0, count: components.count * points.count)
        for (c, component) in components.enumerated() {
            for i in 0..<count {
                switch component {
                case .value: for j in 0..<dim { seeds[(c * count + i) * dim + j] = points[i * dim + j] }
                case .first(let j): seeds[(c * count + i) * dim + j] = 1
                case .second: break
                }
            }
        }
        jetOutputs = network.jet(graph.constant(Tensor(shape: [components.count * count, dim], scalars: seeds)),
                                 points: count, components: components)
        self.points = points
    }

    func jet() -> [[Double]] {
        graph.set(input, points)
        graph.forward()
        return jetOutputs.map { graph.value($0).scalars }
    }

    func values(at inputs: [Double]) -> [Double] {
        graph.set(input, inputs)
        graph.forward()
        return graph.value(output).scalars
    }

    func firstDerivative(column: Int) -> [Double] {
        let h = 1e-6
        let plus = values(at: shifted(column, h)), minus = values(at: shifted(column, -h))
        return zip(plus, minus).map { ($0 - $1) / (2 * h) }
    }

    func secondDerivative(column: Int) -> [Double] {
        let h = 1e-4
        let plus = values(at: shifted(column, h)), minus = values(at: shifted(column, -h)), centre = values(at: points)
        return (0..<centre.count).map { (plus[$0] - 2 * centre[$0] + minus[$0]) / (h * h) }
    }

    private func shifted(_ column: Int, _ h: Double) -> [Double] {
        var moved = points
        for i in stride(from: column, to: moved.count, by: dim) { moved[i] += h }
        return moved
    }
}
