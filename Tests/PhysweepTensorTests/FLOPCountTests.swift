import PhysweepTensor
import XCTest

final class FLOPCountTests: XCTestCase {
    /// 1→H→H→1 tanh MLP, MSE loss, batch B; the count derived by hand from the rules in
    /// docs/autodiff.md (GEMM 2mkn per product, elementwise 1 per element, per pass and operand).
    func testForwardAndBackwardOfAnMLPMatchHandCount() {
        let (b, h) = (25, 16)
        let net = TanhMLP<Double>(widths: [1, h, h, 1], batch: b, seed: 3)
        let (B, H) = (Double(b), Double(h))
        let forward = (2 * B * 1 * H + B * H) + B * H      // linear 1 (GEMM + bias), tanh
            + (2 * B * H * H + B * H) + B * H              // linear 2, tanh
            + (2 * B * H * 1 + B)                          // linear 3
            + B + B + B                                    // subtract target, square, mean
        let backward = B + B + B                           // mean, square, subtract (only the output side)
            + (2 * B * H) + (2 * B * H) + B                // linear 3: dX, dW, db
            + B * H                                        // tanh
            + (2 * B * H * H) + (2 * B * H * H) + B * H    // linear 2: dX, dW, db
            + B * H                                        // tanh
            + (2 * B * 1 * H) + B * H                      // linear 1: dW, db (the input needs no gradient)
        XCTAssertEqual(net.graph.flopsPerForward, forward)
        XCTAssertEqual(net.graph.flopsPerBackward(from: net.loss), backward)

        net.graph.resetFLOPCounter()
        net.graph.forward()
        net.graph.backward(from: net.loss)
        XCTAssertEqual(net.graph.executedFLOPs, forward + backward)
        XCTAssertEqual(net.graph.flopsPerBackward, backward)
        net.graph.forward()
        XCTAssertEqual(net.graph.executedFLOPs, 2 * forward + backward)
    }
}
