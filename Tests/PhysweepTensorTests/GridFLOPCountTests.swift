import PhysweepTensor
import XCTest

/// FLOP counts of the grid ops against hand counts from the rules in docs/autodiff.md ("Grid ops").
final class GridFLOPCountTests: XCTestCase {
    /// conv 3×3 → GroupNorm → pool → up-sample → spectral conv → mean, on a constant input.
    func testUNetAndFNOOpsMatchHandCount() {
        let graph = Graph<Double>()
        let x = graph.constant(randomTensor([2, 3, 8, 4], seed: 1))                         // N 2, C 3, 8×4
        let conv = x.conv2d(graph.parameter(randomTensor([5, 3, 3, 3], seed: 2)), bias: graph.parameter(Tensor(zeros: [5])))
        let normed = conv.groupNorm(groups: 5, scale: graph.parameter(Tensor(repeating: 1, shape: [5])),
                                    shift: graph.parameter(Tensor(zeros: [5])))
        let resampled = normed.averagePool2d(factor: 2).upsampleBilinear2x()
        let spectral = resampled.spectralConv2d(graph.parameter(randomTensor([5, 2, 4, 2, 2], seed: 3)))  // m₁ = m₂ = 2
        let loss = spectral.mean()

        let convProduct: Double = 2 * 9 * 3 * 5 * 64           // 2·k²·Cin·Cout per output position
        let fft: Double = 2.5 * 32 * 5                                 // one real 8×4 transform: 2.5·n·log₂n
        let mixing: Double = 8 * 2 * 5 * 2 * 8                      // 8·N·Cin·Cout·2m₁m₂
        let forwardTerms: [Double] = [
            convProduct + 320,                                   // conv + bias, 1 per output element
            8 * 320,                                             // GroupNorm
            320,                                                 // pool: 1 per input element
            18 * 80,                                             // up-sampling: 18 per input element
            2 * (5 + 2) * fft + mixing + 128,                    // spectral: N(Cin + Cout) transforms, mixing, 1/HW
            128,                                                 // mean
        ]
        let backwardTerms: [Double] = [
            128,                                                 // mean
            mixing + 2 * 5 * fft,                                // spectral dx: mixing, N·Cin inverse transforms
            2 * 2 * fft + mixing,                                // spectral dW: N·Cout transforms of dy, mixing
            15 * 80, 320,                                        // up-sampling, pool
            6 * 320, 4 * 320, 320,                               // GroupNorm dx, dγ, dβ
            convProduct, 320,                                    // conv dW, db (the input needs none)
        ]
        let forward = forwardTerms.reduce(0, +), backward = backwardTerms.reduce(0, +)
        XCTAssertEqual(graph.flopsPerForward, forward)
        XCTAssertEqual(graph.flopsPerBackward(from: loss), backward)
        graph.resetFLOPCounter()
        graph.forward(); graph.backward(from: loss)
        XCTAssertEqual(graph.executedFLOPs, forward + backward)
    }

    /// With constant γ, β and spectral weights, the passes those gradients share are charged to x.
    func testSharedPassesAreChargedToTheInputWhenAloneInNeed() {
        let graph = Graph<Double>()
        let x = graph.parameter(randomTensor([1, 2, 4, 4], seed: 4))
        let normed = x.groupNorm(groups: 1, scale: graph.constant(Tensor(repeating: 1, shape: [2])),
                                 shift: graph.constant(Tensor(zeros: [2])))
        let loss = normed.spectralConv2d(graph.constant(randomTensor([2, 1, 2, 1, 2], seed: 5))).sum()   // m₁ = m₂ = 1
        let fft: Double = 2.5 * 16 * 4, mixing: Double = 8 * 1 * 2 * 1 * 2
        let forward: Double = 8 * 32 + (3 * fft + mixing + 16) + 16
        let backward: Double = 16 + (mixing + 2 * fft + fft) + (6 + 4 + 1) * 32
        XCTAssertEqual(graph.flopsPerForward, forward)
        XCTAssertEqual(graph.flopsPerBackward(from: loss), backward)
    }
}
