import PhysweepTensor
import XCTest

final class OptimizerTests: XCTestCase {
    /// f(p) = Σ cᵢ(pᵢ − tᵢ)², gradient 2cᵢ(pᵢ − tᵢ).
    private func quadratic(_ p: [Double]) -> (value: Double, gradient: [Double]) {
        let targets: [Double] = [1, -2, 0.5], curvature: [Double] = [1, 3, 0.5]
        var value = 0.0, gradient = [Double](repeating: 0, count: p.count)
        for i in p.indices {
            value += curvature[i] * (p[i] - targets[i]) * (p[i] - targets[i])
            gradient[i] = 2 * curvature[i] * (p[i] - targets[i])
        }
        return (value, gradient)
    }

    private func run<O: Optimizer>(_ optimizer: inout O, steps: Int) -> (start: Double, end: Double) where O.Scalar == Double {
        var p: [Double] = [0, 0, 0]
        let start = quadratic(p).value
        for _ in 0..<steps {
            let gradient = quadratic(p).gradient
            p.withUnsafeMutableBufferPointer { pb in
                gradient.withUnsafeBufferPointer { optimizer.step(parameters: pb, gradient: $0) }
            }
        }
        return (start, quadratic(p).value)
    }

    func testAdamAndSGDDecreaseAQuadratic() {
        var adam = Adam<Double>(learningRate: 0.05)
        let adamRun = run(&adam, steps: 300)
        XCTAssertLessThan(adamRun.end, 1e-3 * adamRun.start)
        XCTAssertEqual(adam.stepCount, 300)

        var sgd = SGD<Double>(learningRate: 0.05)
        let sgdRun = run(&sgd, steps: 200)
        XCTAssertLessThan(sgdRun.end, 1e-6 * sgdRun.start)

        var heavyBall = SGD<Double>(learningRate: 0.02, momentum: 0.9)
        let heavyRun = run(&heavyBall, steps: 300)
        XCTAssertLessThan(heavyRun.end, 1e-6 * heavyRun.start)
    }

    /// First AdamW step by hand: m̂ = g, v̂ = g², so p₁ = p₀(1 − lr·wd) − lr·g/(|g| + ε).
    func testAdamWFirstStepByHand() {
        let (lr, wd, eps) = (0.1, 0.2, 1e-8)
        var p: [Double] = [1.5, -2.0]
        let g: [Double] = [0.3, -4.0]
        var optimizer = AdamW(learningRate: lr, epsilon: eps, weightDecay: wd)
        p.withUnsafeMutableBufferPointer { pb in g.withUnsafeBufferPointer { optimizer.step(parameters: pb, gradient: $0) } }
        XCTAssertEqual(p[0], 1.5 * (1 - lr * wd) - lr * 0.3 / (0.3 + eps), accuracy: 1e-14)
        XCTAssertEqual(p[1], -2.0 * (1 - lr * wd) + lr * 4.0 / (4.0 + eps), accuracy: 1e-14)
    }

    /// Two AdamW steps by hand with a different learning rate per step (as a schedule passes it):
    /// the decay p ← p(1 − lr·wd) uses that step's rate, and step two's bias corrections are
    /// 1 − β₁² and 1 − β₂² (PyTorch `AdamW`).
    func testAdamWTwoStepsWithScheduledRateByHand() {
        let (lr1, lr2, wd, b1, b2, eps) = (0.1, 0.05, 0.2, 0.9, 0.999, 1e-8)
        let (p0, g1, g2) = (1.5, 0.3, -0.7)
        var p = [p0]
        var optimizer = AdamW(learningRate: 1.0, epsilon: eps, weightDecay: wd)
        for (g, lr) in [(g1, lr1), (g2, lr2)] {
            p.withUnsafeMutableBufferPointer { pb in
                [g].withUnsafeBufferPointer { optimizer.step(parameters: pb, gradient: $0, learningRate: lr) }
            }
        }
        let p1 = p0 * (1 - lr1 * wd) - lr1 * g1 / (abs(g1) + eps)
        let m2 = b1 * (1 - b1) * g1 + (1 - b1) * g2, v2 = b2 * (1 - b2) * g1 * g1 + (1 - b2) * g2 * g2
        let p2 = p1 * (1 - lr2 * wd) - lr2 * (m2 / (1 - b1 * b1)) / ((v2 / (1 - b2 * b2)).squareRoot() + eps)
        XCTAssertEqual(p[0], p2, accuracy: 1e-13)
    }

    /// Coupled (L2) decay adds wd·p to the gradient before the moments, so step one moves by −lr·sign.
    func testCoupledWeightDecayEntersTheGradient() {
        var p: [Double] = [1.0]
        let g: [Double] = [-0.05]
        var optimizer = Adam<Double>(learningRate: 0.1, weightDecay: 0.1)
        p.withUnsafeMutableBufferPointer { pb in g.withUnsafeBufferPointer { optimizer.step(parameters: pb, gradient: $0) } }
        let effective = -0.05 + 0.1 * 1.0
        XCTAssertEqual(p[0], 1.0 - 0.1 * effective / (abs(effective) + 1e-8), accuracy: 1e-14)
    }

    func testCosineScheduleWithWarmUp() {
        let schedule = LearningRateSchedule.cosine(peak: 1, warmupSteps: 10, totalSteps: 110, final: 0.1)
        XCTAssertEqual(schedule.rate(at: 0), 0.1, accuracy: 1e-15)
        XCTAssertEqual(schedule.rate(at: 4), 0.5, accuracy: 1e-15)
        XCTAssertEqual(schedule.rate(at: 9), 1, accuracy: 1e-15)      // end of warm-up
        XCTAssertEqual(schedule.rate(at: 10), 1, accuracy: 1e-15)     // start of decay
        XCTAssertEqual(schedule.rate(at: 60), 0.55, accuracy: 1e-15)  // midpoint of decay
        XCTAssertEqual(schedule.rate(at: 110), 0.1, accuracy: 1e-15)
        XCTAssertEqual(schedule.rate(at: 500), 0.1, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule.constant(0.3).rate(at: 77), 0.3)
    }

    func testOptimizerStepsAGraphInPlace() {
        let net = TanhMLP<Float>(widths: [1, 8, 1], batch: 10, seed: 5)
        var adam = Adam<Float>(learningRate: 0.01)
        net.graph.forward()
        let first = net.graph.scalar(net.loss)
        for _ in 0..<200 {
            net.graph.forward()
            net.graph.backward(from: net.loss)
            adam.step(net.graph)
        }
        net.graph.forward()
        XCTAssertLessThan(net.graph.scalar(net.loss), 0.1 * first)
    }
}
