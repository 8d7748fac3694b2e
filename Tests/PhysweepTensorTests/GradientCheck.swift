@testable import PhysweepTensor
import XCTest

/// Compares a graph's reverse-mode gradient with central finite differences, in Double, once with
/// the vectorized kernels (where the CPU has them) and once with the portable path.
///
/// `build` receives the graph and one parameter node per entry of `parameters`, and returns a node;
/// the loss is Σ node ⊙ R for a fixed random R, so every output element is weighted differently.
/// The error measure is ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖), required ≤ `tolerance`.
func assertGradientMatchesFiniteDifferences(
    parameters: [Tensor<Double>], step h: Double = 1e-6, tolerance: Double = 1e-6, seed: UInt64 = 7,
    file: StaticString = #filePath, line: UInt = #line,
    _ build: (Graph<Double>, [Node<Double>]) -> Node<Double>
) {
    forEachKernelPath {
        checkGradient(parameters: parameters, step: h, tolerance: tolerance, seed: seed, file: file, line: line, build)
    }
}

/// Runs `body` with the vectorized kernels on (where supported) and again with them off.
func forEachKernelPath(_ body: () throws -> Void) rethrows {
    defer { VectorKernels.isEnabled = true }
    for enabled in VectorKernels.isSupported ? [true, false] : [false] {
        VectorKernels.isEnabled = enabled
        try body()
    }
}

private func checkGradient(
    parameters: [Tensor<Double>], step h: Double, tolerance: Double, seed: UInt64,
    file: StaticString, line: UInt, _ build: (Graph<Double>, [Node<Double>]) -> Node<Double>
) {
    let graph = Graph<Double>()
    let nodes = parameters.map { graph.parameter($0) }
    let output = build(graph, nodes)
    var generator = SeededGenerator(seed: seed)
    let weights = graph.constant(Tensor(shape: output.shape, scalars: generator.uniform(output.count, in: 0.5...1.5)))
    let loss = (output * weights).sum()

    graph.forward()
    graph.backward(from: loss)
    let analytic = graph.gradientVector
    var x = graph.parameterVector
    var numeric = [Double](repeating: 0, count: x.count)
    for i in x.indices {
        let saved = x[i]
        x[i] = saved + h; graph.parameterVector = x; graph.forward()
        let plus = graph.scalar(loss)
        x[i] = saved - h; graph.parameterVector = x; graph.forward()
        let minus = graph.scalar(loss)
        x[i] = saved
        numeric[i] = (plus - minus) / (2 * h)
    }
    graph.parameterVector = x
    let difference = zip(analytic, numeric).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    let scale = max(analytic.map { $0 * $0 }.reduce(0, +).squareRoot(), numeric.map { $0 * $0 }.reduce(0, +).squareRoot())
    let relative = scale == 0 ? difference : difference / scale
    XCTAssertLessThanOrEqual(relative, tolerance,
                             "gradient mismatch (vectorized kernels \(VectorKernels.isEnabled ? "on" : "off")): analytic \(analytic.prefix(6))… numeric \(numeric.prefix(6))…",
                             file: file, line: line)
}

/// A random tensor of a shape, uniform in `range` (deterministic per seed).
func randomTensor(_ shape: [Int], in range: ClosedRange<Double> = -1...1, seed: UInt64) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: generator.uniform(shape.reduce(1, *), in: range))
}

/// A random tensor whose entries have magnitude in `magnitude` (for ops with a kink or pole at 0).
func randomTensorAwayFromZero(_ shape: [Int], magnitude: ClosedRange<Double> = 0.2...1.5, seed: UInt64) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: generator.awayFromZero(shape.reduce(1, *), magnitude: magnitude))
}
