import Foundation
import PhysweepTensor
import XCTest

/// The grid ops (NCHW): gradients against central finite differences in Double, values against
/// direct evaluations of their definitions, Float against Double, and repeated runs bit for bit.
final class GridOperationTests: XCTestCase {
    // MARK: Gradients

    func testConvolutionGradients() {
        for (kernel, grid) in [(3, (4, 5)), (1, (3, 4)), (5, (5, 6))] {
            assertGradientMatchesFiniteDifferences(parameters: [
                randomTensor([2, 2, grid.0, grid.1], seed: 1), randomTensor([3, 2, kernel, kernel], seed: 2),
                randomTensor([3], seed: 3),
            ]) { _, p in p[0].conv2d(p[1], bias: p[2]) }
        }
        let input = randomTensor([2, 2, 4, 5], seed: 4)
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([3, 2, 3, 3], seed: 2), randomTensor([3], seed: 3)]) { graph, p in
            graph.constant(input).conv2d(p[0], bias: p[1])
        }
    }

    func testAveragePoolAndUpsampleGradients() {
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([2, 3, 4, 6], seed: 4)]) { _, p in
            p[0].averagePool2d(factor: 2)
        }
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([2, 2, 3, 4], seed: 5)]) { _, p in
            p[0].upsampleBilinear2x()
        }
    }

    func testGroupNormGradients() {
        for groups in [1, 2, 4] {
            assertGradientMatchesFiniteDifferences(parameters: [
                randomTensor([2, 4, 3, 3], seed: 6), randomTensorAwayFromZero([4], seed: 7), randomTensor([4], seed: 8),
            ]) { _, p in p[0].groupNorm(groups: groups, scale: p[1], shift: p[2]) }
        }
    }

    func testSpectralConvolutionGradients() {
        // 8×6 grid, m₁ = 2, m₂ = 2 (rows 0, 1, 6, 7; columns 0, 1) and the full case 2m₁ = H, m₂ = W/2.
        // An odd grid (no Nyquist row or column) as well.
        for (grid, modes) in [((8, 6), (2, 2)), ((4, 4), (2, 2)), ((5, 5), (2, 2))] {
            assertGradientMatchesFiniteDifferences(parameters: [
                randomTensor([2, 2, grid.0, grid.1], seed: 9), randomTensor([2, 3, 2 * modes.0, modes.1, 2], seed: 10),
            ]) { _, p in p[0].spectralConv2d(p[1]) }
        }
        // Only the weight needs a gradient (a constant input): the transforms of dy still run.
        let input = randomTensor([2, 2, 8, 6], seed: 18)
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([2, 3, 4, 2, 2], seed: 19)]) { graph, p in
            graph.constant(input).spectralConv2d(p[0])
        }
    }

    func testExactGELUGradientAndValue() {
        assertGradientMatchesFiniteDifferences(parameters: [randomTensor([3, 5], in: -3...3, seed: 11)]) { _, p in
            p[0].geluExact()
        }
        let graph = Graph<Double>()
        let x = graph.constant(Tensor(shape: [3], scalars: [-1, 0, 1]))
        let y = x.geluExact()
        graph.forward()
        let expected = [-0.15865525393145707, 0, 0.8413447460685429]     // x·Φ(x)
        for (value, reference) in zip(graph.value(y).scalars, expected) { XCTAssertEqual(value, reference, accuracy: 1e-15) }
    }

    /// A small U-Net-like block: every op, channel concatenation, and inputs feeding several ops (so
    /// every gradient kernel also runs in its accumulating form).
    func testComposedBlockGradients() {
        assertGradientMatchesFiniteDifferences(parameters: [
            randomTensor([2, 2, 4, 4], seed: 12), randomTensor([2, 2, 3, 3], seed: 13), randomTensor([2], seed: 14),
            randomTensor([2, 2, 2, 2, 2], seed: 15), randomTensorAwayFromZero([4], seed: 16), randomTensor([4], seed: 17),
        ]) { graph, p in
            let x = p[0]
            let conv = x.conv2d(p[1], bias: p[2]), spectral = x.spectralConv2d(p[3])
            let joined = graph.concat([conv + x, spectral * conv], axis: 1)
            let normed = joined.groupNorm(groups: 2, scale: p[4], shift: p[5]).geluExact()
            let pooled = normed.averagePool2d(factor: 2).upsampleBilinear2x()
            return pooled + normed + joined.conv2d(graph.constant(Tensor(repeating: 0.1, shape: [4, 4, 1, 1])),
                                                   bias: graph.constant(Tensor(zeros: [4])))
        }
    }

    // MARK: Values against the definitions

    func testConvolutionValuesAreCircularCrossCorrelation() {
        let (n, cin, cout, h, w, k) = (2, 2, 3, 4, 5, 3)
        let x = randomTensor([n, cin, h, w], seed: 20), weight = randomTensor([cout, cin, k, k], seed: 21)
        let bias = randomTensor([cout], seed: 22)
        let graph = Graph<Double>()
        let y = graph.constant(x).conv2d(graph.constant(weight), bias: graph.constant(bias))
        graph.forward()
        let value = graph.value(y)
        for b in 0..<n { for o in 0..<cout { for i in 0..<h { for j in 0..<w {
            var sum = bias.scalars[o]
            for c in 0..<cin { for dy in 0..<k { for dx in 0..<k {
                let yy = (i + dy - 1 + h) % h, xx = (j + dx - 1 + w) % w
                sum += weight.scalars[((o * cin + c) * k + dy) * k + dx] * x.scalars[((b * cin + c) * h + yy) * w + xx]
            } } }
            XCTAssertEqual(value.scalars[((b * cout + o) * h + i) * w + j], sum, accuracy: 1e-13)
        } } } }
    }

    func testPoolAndUpsampleValues() {
        let graph = Graph<Double>()
        let x = graph.constant(Tensor(shape: [1, 1, 2, 4], scalars: [1, 2, 3, 4, 5, 6, 7, 8]))
        let pooled = x.averagePool2d(factor: 2), up = x.upsampleBilinear2x()
        graph.forward()
        XCTAssertEqual(graph.value(pooled).scalars, [3.5, 5.5])
        // Along z (2 rows, period 2): both output rows of input row i are ¾x[i] + ¼x[other row].
        let rows = [[2, 3, 4, 5], [2, 3, 4, 5], [4, 5, 6, 7], [4, 5, 6, 7]].map { $0.map(Double.init) }
        var expected: [Double] = []
        for row in rows {
            for j in 0..<4 {
                expected.append(0.75 * row[j] + 0.25 * row[(j + 3) % 4])
                expected.append(0.75 * row[j] + 0.25 * row[(j + 1) % 4])
            }
        }
        XCTAssertEqual(graph.value(up).shape, [1, 1, 4, 8])
        XCTAssertEqual(graph.value(up).scalars, expected)
    }

    func testGroupNormNormalizesEachGroup() {
        let graph = Graph<Double>()
        let x = graph.constant(randomTensor([2, 4, 3, 3], in: -2...5, seed: 23))
        let y = x.groupNorm(groups: 2, scale: graph.constant(Tensor(repeating: 2, shape: [4])),
                            shift: graph.constant(Tensor(repeating: 1, shape: [4])), epsilon: 1e-12)
        graph.forward()
        let values = graph.value(y).scalars
        for block in 0..<4 {   // (sample, group): 2 channels × 9 points, contiguous
            let group = values[(block * 18)..<((block + 1) * 18)].map { ($0 - 1) / 2 }
            let mean = group.reduce(0, +) / 18
            let variance = group.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 18
            XCTAssertEqual(mean, 0, accuracy: 1e-12)
            XCTAssertEqual(variance, 1, accuracy: 1e-9)
        }
    }

    /// The spectral convolution against a direct DFT: X̂ by the definition, mixed on the kept modes,
    /// then y = (1/HW)·Σ_kept c_k·Re(Z_k e^{iθ}) with c = 1 in column 0 and 2 elsewhere (the
    /// Hermitian half spectrum, as irfft2 reads it).
    func testSpectralConvolutionMatchesDirectDFT() {
        let (n, cin, cout, h, w, m1, m2) = (2, 2, 3, 8, 6, 2, 3)
        let x = randomTensor([n, cin, h, w], seed: 24), weight = randomTensor([cin, cout, 2 * m1, m2, 2], seed: 25)
        let graph = Graph<Double>()
        let y = graph.constant(x).spectralConv2d(graph.constant(weight))
        graph.forward()
        let value = graph.value(y)
        let keptRows = Array(0..<m1) + Array((h - m1)..<h)
        for b in 0..<n {
            var spectra = [[(Double, Double)]]()      // per input channel, per kept mode
            for c in 0..<cin {
                var modes: [(Double, Double)] = []
                for kz in keptRows { for kx in 0..<m2 {
                    var re = 0.0, im = 0.0
                    for i in 0..<h { for j in 0..<w {
                        let theta = 2 * Double.pi * (Double(kz * i) / Double(h) + Double(kx * j) / Double(w))
                        let v = x.scalars[((b * cin + c) * h + i) * w + j]
                        re += v * cos(theta); im -= v * sin(theta)
                    } }
                    modes.append((re, im))
                } }
                spectra.append(modes)
            }
            for o in 0..<cout { for i in 0..<h { for j in 0..<w {
                var sum = 0.0
                for (r, kz) in keptRows.enumerated() { for kx in 0..<m2 {
                    let m = r * m2 + kx
                    var zr = 0.0, zi = 0.0
                    for c in 0..<cin {
                        let wr = weight.scalars[2 * ((c * cout + o) * 2 * m1 * m2 + m)], wi = weight.scalars[2 * ((c * cout + o) * 2 * m1 * m2 + m) + 1]
                        zr += spectra[c][m].0 * wr - spectra[c][m].1 * wi
                        zi += spectra[c][m].0 * wi + spectra[c][m].1 * wr
                    }
                    let theta = 2 * Double.pi * (Double(kz * i) / Double(h) + Double(kx * j) / Double(w))
                    sum += (kx == 0 ? 1 : 2) * (zr * cos(theta) - zi * sin(theta))
                } }
                XCTAssertEqual(value.scalars[((b * cout + o) * h + i) * w + j], sum / Double(h * w), accuracy: 1e-12)
            } } }
        }
    }

    // MARK: Float and determinism

    /// The same block in Float: values and gradients agree with Double to Float rounding, and runs
    /// of the Float graph give the same bits, repeated and on one or two threads (the spectral
    /// convolution works in two halves of its channels).
    func testFloatAgreesWithDoubleAndRepeatsBitForBit() {
        let tensors = [randomTensor([2, 4, 8, 8], seed: 30), randomTensor([4, 4, 3, 3], seed: 31), randomTensor([4], seed: 32),
                       randomTensor([4, 4, 4, 3, 2], seed: 33), randomTensorAwayFromZero([4], seed: 34), randomTensor([4], seed: 35)]
        let savedThreads = BLASThreads.current
        defer { BLASThreads.set(savedThreads) }
        func run<T: TensorScalar>(_ type: T.Type, threads: Int = 1) -> (loss: [T], gradient: [T]) {
            BLASThreads.set(threads)
            let graph = Graph<T>()
            let p = tensors.map { graph.parameter(Tensor(shape: $0.shape, scalars: $0.scalars.map { T($0) })) }
            let h = (p[0].conv2d(p[1], bias: p[2]) + p[0].spectralConv2d(p[3]))
                .groupNorm(groups: 2, scale: p[4], shift: p[5]).geluExact()
            let loss = h.averagePool2d(factor: 2).upsampleBilinear2x().square().mean()
            var losses: [T] = [], gradients: [T] = []
            for _ in 0..<2 {
                graph.forward(); graph.backward(from: loss)
                losses.append(graph.scalar(loss)); gradients += graph.gradientVector
            }
            return (losses, gradients)
        }
        let single = run(Float.self), double = run(Double.self), twoThreads = run(Float.self, threads: 2)
        XCTAssertEqual(single.loss[0].bitPattern, single.loss[1].bitPattern)
        XCTAssertEqual(single.loss.map(\.bitPattern), twoThreads.loss.map(\.bitPattern))
        XCTAssertEqual(single.gradient.map(\.bitPattern), twoThreads.gradient.map(\.bitPattern))
        let half = single.gradient.count / 2
        XCTAssertEqual(single.gradient[..<half].map(\.bitPattern), single.gradient[half...].map(\.bitPattern))
        XCTAssertEqual(Double(single.loss[0]), double.loss[0], accuracy: 1e-5 * abs(double.loss[0]))
        let difference = zip(single.gradient[..<half], double.gradient[..<half]).map { (Double($0) - $1) * (Double($0) - $1) }
        let norm = double.gradient[..<half].map { $0 * $0 }.reduce(0, +)
        XCTAssertLessThan((difference.reduce(0, +) / norm).squareRoot(), 1e-4)
    }
}
