import PhysweepTensor
import XCTest

final class GraphBehaviourTests: XCTestCase {
    func testSameGraphAndInputsGiveBitIdenticalResults() {
        func lossAndGradient() -> (Float, [Float]) {
            let net = TanhMLP<Float>(widths: [2, 16, 16, 1], batch: 30, seed: 11)
            net.graph.forward()
            net.graph.backward(from: net.loss)
            return (net.graph.scalar(net.loss), net.graph.gradientVector)
        }
        let first = lossAndGradient(), second = lossAndGradient()
        XCTAssertEqual(first.0.bitPattern, second.0.bitPattern)
        XCTAssertEqual(first.1.map(\.bitPattern), second.1.map(\.bitPattern))
    }

    func testBackwardOverwritesRatherThanAccumulates() {
        let net = TanhMLP<Double>(widths: [1, 4, 1], batch: 5, seed: 2)
        net.graph.forward()
        net.graph.backward(from: net.loss)
        let once = net.graph.gradientVector
        net.graph.backward(from: net.loss)
        XCTAssertEqual(net.graph.gradientVector, once)
    }

    func testFloatAgreesWithDouble() {
        let single = TanhMLP<Float>(widths: [2, 16, 1], batch: 20, seed: 4)
        let double = TanhMLP<Double>(widths: [2, 16, 1], batch: 20, seed: 4)
        for graph in [single.graph] as [Graph<Float>] { graph.forward(); graph.backward(from: single.loss) }
        double.graph.forward()
        double.graph.backward(from: double.loss)
        XCTAssertEqual(Double(single.graph.scalar(single.loss)), double.graph.scalar(double.loss), accuracy: 1e-5)
        for (f, d) in zip(single.graph.gradientVector, double.graph.gradientVector) {
            XCTAssertEqual(Double(f), d, accuracy: 1e-5)
        }
    }

    func testParametersTheLossIgnoresGetZeroGradient() {
        let graph = Graph<Double>()
        let used = graph.parameter(Tensor(shape: [2], scalars: [1, 2]))
        let unused = graph.parameter(Tensor(shape: [2], scalars: [3, 4]))
        let other = unused.square().sum()
        let loss = used.square().sum()
        graph.forward()
        graph.backward(from: other)
        graph.backward(from: loss)
        XCTAssertEqual(graph.gradientVector, [2, 4, 0, 0])
        XCTAssertEqual(graph.parameterRange(unused), 2..<4)
    }

    func testInputsRoundTripAndBroadcastValues() {
        let graph = Graph<Float>()
        let x = graph.input(shape: [2, 3])
        let row = graph.constant(Tensor(shape: [3], scalars: [10, 20, 30]))
        let column = graph.constant(Tensor(shape: [2, 1], scalars: [1, 2]))
        let y = (x + row) * column - 1
        let columnSums = y.sum(axis: 0), rowSums = y.sum(axis: 1, keepingDimension: true)
        graph.set(x, Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        graph.forward()
        XCTAssertEqual(graph.value(y), Tensor(shape: [2, 3], scalars: [10, 21, 32, 27, 49, 71]))
        XCTAssertEqual(graph.value(columnSums), Tensor(shape: [3], scalars: [37, 70, 103]))
        XCTAssertEqual(graph.value(rowSums), Tensor(shape: [2, 1], scalars: [63, 147]))
    }
}
