@testable import PhysweepTensor
import XCTest

/// The fused jet MLP: its weight gradient against finite differences, its values and gradients
/// against the same network built layer by layer from `matmul` and `jetActivation`, in blocks (small
/// ones here, so there are several, a partial one, one without derivative rows, and two parts) on
/// one thread and two; and its FLOP count by hand.
final class JetMLPTests: XCTestCase {
    /// 7 primal rows, rows 2..<6 carry two first-order channels, a mixed and a pure second-order one.
    private let layout = JetLayout(primalRows: 7, derivativeRows: 2..<6,
                                   channels: [.first, .first, .second(0, 1), .second(1, 1)])
    /// 2 inputs → 4 → 3 → 2 outputs.
    private let widths = [2, 4, 3, 2]
    private let activations: [JetActivation<Double>] = [.tanh, .sin, .snake(alpha: 1.3), .relu]

    /// Weights and biases for `widths`, in that order per layer (seeded).
    private var parameterTensors: [Tensor<Double>] {
        var tensors: [Tensor<Double>] = []
        for layer in 0..<(widths.count - 1) {
            let (fanIn, fanOut) = (widths[layer], widths[layer + 1])
            tensors.append(randomTensor([fanIn, fanOut], in: -1.2...1.2, seed: UInt64(40 + layer)))
            tensors.append(randomTensor([1, fanOut], in: -0.5...0.5, seed: UInt64(50 + layer)))
        }
        return tensors
    }

    private func seeds(_ graph: Graph<Double>) -> Node<Double> {
        graph.constant(randomTensor([layout.totalRows, widths[0]], in: -1.5...1.5, seed: 61))
    }

    func testGradientMatchesFiniteDifferences() {
        for activation in activations {
            for blockPoints in [3, 100] {
                assertGradientMatchesFiniteDifferences(parameters: parameterTensors) { graph, p in
                    seeds(graph).jetMLP(weights: stride(from: 0, to: p.count, by: 2).map { p[$0] },
                                        biases: stride(from: 1, to: p.count, by: 2).map { p[$0] },
                                        activation: activation, layout: layout, blockPoints: blockPoints)
                }
            }
        }
    }

    /// 40 hidden layers: 2·41 + 1 = 83 operands, more than one 64-bit word of per-operand flags.
    /// Every bias is also used outside the jet (after it, so the backward pass reaches the jet
    /// second and must add to those gradients, not overwrite them).
    func testGradientMatchesFiniteDifferencesWithMoreThan64Operands() {
        let depth = 40, width = 2
        let sizes = [widths[0]] + Array(repeating: width, count: depth) + [1]
        var tensors: [Tensor<Double>] = []
        for layer in 0..<(sizes.count - 1) {
            tensors.append(randomTensor([sizes[layer], sizes[layer + 1]], in: -1.2...1.2, seed: UInt64(100 + layer)))
            tensors.append(randomTensor([1, sizes[layer + 1]], in: -0.5...0.5, seed: UInt64(200 + layer)))
        }
        assertGradientMatchesFiniteDifferences(parameters: tensors) { graph, p in
            let biases = stride(from: 1, to: p.count, by: 2).map { p[$0] }
            let jet = seeds(graph).jetMLP(weights: stride(from: 0, to: p.count, by: 2).map { p[$0] }, biases: biases,
                                          activation: .tanh, layout: layout, blockPoints: 3)
            let penalty = biases.dropFirst().reduce(biases[0].square().sum()) { $0 + $1.square().sum() }
            return jet + biases.last! + penalty
        }
    }

    func testBlocksMatchTheLayerByLayerJetOnOneAndTwoThreads() {
        let saved = BLASThreads.current
        defer { BLASThreads.set(saved) }
        forEachKernelPath {
            for activation in activations {
                var runs: [[Double]] = []
                for (threads, blockPoints) in [(1, 3), (2, 3), (2, 2), (1, 100)] {
                    BLASThreads.set(threads)
                    let (fused, layered) = compare(activation, blockPoints: blockPoints)
                    for (a, e) in zip(fused, layered) {
                        XCTAssertEqual(a, e, accuracy: 1e-12 * max(1, abs(e)), "\(activation), \(blockPoints) points per block")
                    }
                    runs.append(fused)
                }
                XCTAssertEqual(runs[0], runs[1], "\(activation): 1 and 2 threads differ")
            }
        }
    }

    /// (fused, layered): each network's output stack, then the gradient of Σ output ⊙ R w.r.t. its
    /// weights and biases.
    private func compare(_ activation: JetActivation<Double>, blockPoints: Int) -> ([Double], [Double]) {
        let graph = Graph<Double>()
        let x = seeds(graph)
        let weights = graph.constant(randomTensor([layout.totalRows, widths.last!], seed: 62))
        var networks: [(parameters: [Node<Double>], output: Node<Double>, loss: Node<Double>)] = []
        for fused in [true, false] {
            let p = parameterTensors.map { graph.parameter($0) }
            let w = stride(from: 0, to: p.count, by: 2).map { p[$0] }, b = stride(from: 1, to: p.count, by: 2).map { p[$0] }
            let output = fused
                ? x.jetMLP(weights: w, biases: b, activation: activation, layout: layout, blockPoints: blockPoints)
                : layered(x, w, b, activation)
            networks.append((p, output, (output * weights).sum()))
        }
        graph.forward()
        let results = networks.map { network -> [Double] in
            graph.backward(from: network.loss)
            return graph.value(network.output).scalars + network.parameters.flatMap { graph.gradient($0).scalars }
        }
        return (results[0], results[1])
    }

    /// The same network from separate ops: matmul and jetActivation per hidden layer, then the
    /// output product with the bias added to the primal rows.
    private func layered(_ x: Node<Double>, _ w: [Node<Double>], _ b: [Node<Double>],
                         _ activation: JetActivation<Double>) -> Node<Double> {
        var a = x
        for layer in 0..<(w.count - 1) {
            a = a.matmul(w[layer]).jetActivation(activation, bias: b[layer], layout: layout)
        }
        let product = a.matmul(w.last!)
        let primal = product.slice(axis: 0, range: 0..<layout.primalRows) + b.last!
        return x.graph.concat([primal, product.slice(axis: 0, range: layout.primalRows..<layout.totalRows)], axis: 0)
    }

    /// By the rules of docs/autodiff.md, with R stack rows, P primal rows and, per hidden layer of
    /// width n, the jet activation's J(n) = n·(2P + (1 + 1 + 4 + 4)·D) for D derivative rows.
    func testFLOPCountMatchesHandCount() {
        let graph = Graph<Double>()
        let p = parameterTensors.map { graph.parameter($0) }
        let output = seeds(graph).jetMLP(weights: [p[0], p[2], p[4]], biases: [p[1], p[3], p[5]], activation: .tanh,
                                         layout: layout, blockPoints: 3)
        let loss = output.sum()
        let (rows, primal, derivative) = (Double(layout.totalRows), 7.0, 4.0)
        func jet(_ n: Double) -> Double { n * (2 * primal + 10 * derivative) }
        let products = [2 * rows * 2 * 4, 2 * rows * 4 * 3, 2 * rows * 3 * 2]
        let forward = products.reduce(0, +) + jet(4) + jet(3) + primal * 2 + rows * 2  // + the sum
        let backward = products[0] + 2 * products[1] + 2 * products[2] + 2 * jet(4) + 2 * jet(3) + primal * 2
            + rows * 2  // the sum's backward
        XCTAssertEqual(graph.flopsPerForward, forward)
        XCTAssertEqual(graph.flopsPerBackward(from: loss), backward)
        graph.forward()
        graph.backward(from: loss)
        XCTAssertEqual(graph.executedFLOPs, forward + backward)
    }
}
