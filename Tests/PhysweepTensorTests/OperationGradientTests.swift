import PhysweepTensor
import XCTest

/// Every op's gradient against central finite differences (Double, relative error ≤ 1e-6).
final class OperationGradientTests: XCTestCase {
    func testMatmul() {
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([3, 4], seed: 1), randomTensor([4, 5], seed: 2)]) { _, p in
            p[0].matmul(p[1])
        }
    }

    func testLinearWithVectorAndRowBias() {
        for biasShape in [[5], [1, 5]] {
            assertGradientMatchesFiniteDifferences(parameters: [randomTensor([3, 4], seed: 1), randomTensor([4, 5], seed: 2),
                                                                randomTensor(biasShape, seed: 3)]) { _, p in
                p[0].linear(p[1], p[2])
            }
        }
    }

    /// Every broadcast pattern, in both operand orders, for all four operators.
    func testBroadcastingArithmetic() {
        let partners: [[Int]] = [[3, 4], [1, 4], [4], [3, 1], [1, 1], []]
        for (index, other) in partners.enumerated() {
            let full = randomTensorAwayFromZero([3, 4], seed: 10 + UInt64(index))
            let small = randomTensorAwayFromZero(other, seed: 20 + UInt64(index))
            for op in Self.operators {
                assertGradientMatchesFiniteDifferences(parameters: [full, small]) { _, p in op(p[0], p[1]) }
                assertGradientMatchesFiniteDifferences(parameters: [small, full]) { _, p in op(p[0], p[1]) }
            }
        }
    }

    func testOuterBroadcastOfColumnAndRow() {
        for op in Self.operators {
            assertGradientMatchesFiniteDifferences(parameters: [randomTensorAwayFromZero([3, 1], seed: 4),
                                                                randomTensorAwayFromZero([1, 5], seed: 5)]) { _, p in
                op(p[0], p[1])
            }
        }
    }

    func testSameNodeOnBothSidesAccumulates() {
        assertGradientMatchesFiniteDifferences(parameters: [randomTensorAwayFromZero([2, 3], seed: 6)]) { _, p in
            p[0] * p[0] + p[0] / (p[0] + 3.0)
        }
    }

    func testScalarOperators() {
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([2, 3], seed: 8)]) { _, p in
            let x = p[0]
            return ((x + 1.5) * (2.5 - x) + (x * 3.0) * (0.5 * x) + (x - 0.25) / 4.0 + (1.0 + x)) * -x
        }
    }

    func testReductions() {
        let x = randomTensor([3, 4], seed: 9)
        assertGradientMatchesFiniteDifferences(parameters: [x]) { _, p in p[0].square().sum() * p[0] }
        assertGradientMatchesFiniteDifferences(parameters: [x]) { _, p in p[0].square().mean() * p[0] }
        for axis in 0..<2 {
            for keep in [false, true] {
                assertGradientMatchesFiniteDifferences(parameters: [x]) { _, p in p[0].square().sum(axis: axis, keepingDimension: keep) }
            }
        }
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([2, 3, 4], seed: 11)]) { _, p in
            p[0].square().sum(axis: 1)
        }
    }

    func testSmoothElementwiseFunctions() {
        let x = randomTensor([4, 5], in: -2...2, seed: 12)
        let functions: [(Node<Double>) -> Node<Double>] = [
            { $0.square() }, { $0.exp() }, { $0.sin() }, { $0.cos() }, { $0.tanh() }, { $0.gelu() },
            { $0.snake(alpha: 1) }, { $0.snake(alpha: 2.5) },
        ]
        for function in functions {
            assertGradientMatchesFiniteDifferences(parameters: [x]) { _, p in function(p[0]) }
        }
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([4, 5], in: 0.2...3, seed: 13)]) { _, p in p[0].log() }
    }

    func testKinkedFunctionsAwayFromTheKink() {
        let x = randomTensorAwayFromZero([4, 5], seed: 14)
        assertGradientMatchesFiniteDifferences(parameters: [x]) { _, p in p[0].relu() }
        // The step's gradient is zero; the product rule makes the zero visible next to a live term.
        assertGradientMatchesFiniteDifferences(parameters: [x]) { _, p in p[0].heaviside() * p[0] }
    }

    func testConcatAndSliceOnEitherAxis() {
        let a = randomTensor([2, 3], seed: 15), b = randomTensor([4, 3], seed: 16), c = randomTensor([2, 5], seed: 17)
        assertGradientMatchesFiniteDifferences(parameters: [a, b]) { graph, p in
            graph.concat([p[0], p[1], p[0].square()], axis: 0)
        }
        assertGradientMatchesFiniteDifferences(parameters: [a, c]) { graph, p in
            graph.concat([p[0], p[1].sin()], axis: 1)
        }
        assertGradientMatchesFiniteDifferences(parameters: [b]) { _, p in
            p[0].slice(axis: 0, range: 1..<3) * p[0].slice(axis: 0, range: 2..<4)
        }
        assertGradientMatchesFiniteDifferences(parameters: [c]) { _, p in
            p[0].slice(axis: 1, range: 1..<4).tanh() + p[0].slice(axis: 1, range: 0..<3)
        }
    }

    /// 70 parts, more than one 64-bit word of per-operand flags: one node in every even slot (its
    /// gradient sums 35 contributions, some from slots ≥ 64) and one only in the last slot.
    func testConcatOfMoreThan64Parts() {
        let a = randomTensor([1, 3], seed: 18), b = randomTensor([2, 3], seed: 19), c = randomTensor([3, 3], seed: 20)
        assertGradientMatchesFiniteDifferences(parameters: [a, b, c]) { graph, p in
            graph.concat((0..<69).map { $0.isMultiple(of: 2) ? p[0] : p[1].square() } + [p[2]], axis: 0)
        }
    }

    private static var operators: [(Node<Double>, Node<Double>) -> Node<Double>] {
        [{ $0 + $1 }, { $0 - $1 }, { $0 * $1 }, { $0 / $1 }]
    }
}
