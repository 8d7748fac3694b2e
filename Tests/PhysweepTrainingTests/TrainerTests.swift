import Foundation
import XCTest
@testable import PhysweepTraining

/// Trainer.run end to end on tiny configurations.
final class TrainerTests: XCTestCase {
    /// A pinn small enough to train in a blink, minibatched so the batch order matters too.
    private func tinyPINN() -> TrainConfig {
        var c = TrainConfig.defaults(system: .oscillator, model: .pinn)
        c.width = 8
        c.depth = 2
        c.steps = 60
        c.dataPoints = 12
        c.batchSize = 5
        c.collocationPoints = 10
        c.learningRate = 1e-2
        return c
    }

    func testSameConfigAndSeedGiveTheSameNumbers() throws {
        let settings = RunSettings(inferenceRepeats: 1)
        let a = try Trainer.run(tinyPINN(), settings: settings)
        let b = try Trainer.run(tinyPINN(), settings: settings)
        XCTAssertEqual(a.efficacy, b.efficacy)
        XCTAssertEqual(a.efficiency.parameterCount, b.efficiency.parameterCount)
        XCTAssertEqual(a.efficiency.train.flops, b.efficiency.train.flops)
        XCTAssertEqual(a.efficiency.inference.flops, b.efficiency.inference.flops)
        XCTAssertEqual(a.configHash, b.configHash)
        var reseeded = tinyPINN()
        reseeded.seed = 1
        XCTAssertNotEqual(try Trainer.run(reseeded, settings: settings).efficacy!.finalLoss, a.efficacy!.finalLoss)
    }

    /// A worker running several tasks as threads charges each task its own thread's CPU time, not
    /// the process's (which includes the other tasks'), and its energy estimate says so.
    func testATaskSharingItsProcessIsChargedOnlyItsOwnThread() throws {
        let stop = DispatchSemaphore(value: 0)
        Thread.detachNewThread {  // another "task": spins until told to stop
            var x = 0.0
            while stop.wait(timeout: .now()) == .timedOut { for i in 0..<10_000 { x += sin(Double(i)) } }
            XCTAssertFalse(x.isNaN)
        }
        defer { stop.signal() }
        var config = tinyPINN()
        config.steps = 600
        let result = try Trainer.run(config, settings: RunSettings(inferenceRepeats: 1), sharedProcess: true)
        for phase in [result.efficiency.train, result.efficiency.inference] {
            XCTAssertLessThanOrEqual(phase.cpuSeconds, phase.wallSeconds * 1.05 + 0.002, "one thread's CPU time fits in its wall time")
            XCTAssertTrue(phase.energy.method.hasSuffix("/thread-cpu"), phase.energy.method)
        }
        XCTAssertFalse(try Trainer.run(tinyPINN(), settings: RunSettings(inferenceRepeats: 1)).efficiency.train.energy.method
            .hasSuffix("/thread-cpu"))
    }

    /// FLOPs by the tensor layer's counting rules (GEMM [m,k]·[k,n]: 2mkn forward and per operand
    /// gradient, + mn for a fused bias; elementwise ops and reductions: 1 per element forward and per
    /// operand gradient; inputs need no gradient), for a one-hidden-layer tanh net on N points:
    /// forward  = (2N·w + Nw) + Nw (tanh) + (2Nw + N) + 3N (difference, square, mean) = 6Nw + 4N,
    /// backward = 3N (mean, square, difference) + (2Nw + 2Nw + N) + Nw (tanh) + (2Nw + Nw) = 8Nw + 4N.
    func testFLOPsMatchTheClosedFormCount() throws {
        var c = TrainConfig.defaults(system: .oscillator, model: .mlp)
        c.activation = .tanh
        c.width = 3
        c.depth = 1
        c.dataPoints = 4
        c.steps = 5
        c.optimizer = .sgd
        let (n, w, steps, testPoints) = (4.0, 3.0, 5.0, 1000.0)
        let result = try Trainer.run(c, settings: RunSettings(inferenceRepeats: 1))
        XCTAssertEqual(result.efficiency.train.flops, steps * ((6 * n * w + 4 * n) + (8 * n * w + 4 * n)))
        XCTAssertEqual(result.efficiency.inference.flops, 6 * testPoints * w + testPoints)
        XCTAssertEqual(result.efficiency.parameterCount, Int(2 * w + w + 1))
    }

    func testEveryTrajectoryRungTrainsAndReportsExtrapolation() throws {
        for system in [SystemKind.oscillator, .noisyCosine] {
            for model in system.models {
                var c = TrainConfig.defaults(system: system, model: model)
                c.width = 8
                c.steps = 20
                c.dataPoints = 50
                var progressCalls = 0
                let result = try Trainer.run(c, settings: RunSettings(inferenceRepeats: 1)) { _ in progressCalls += 1 }
                XCTAssertLessThan(result.efficacy!.finalLoss, result.efficacy!.initialLoss, "\(system) \(model)")
                XCTAssertNotNil(result.efficacy!.extrapolationRelL2)
                XCTAssertGreaterThan(progressCalls, 0)
            }
        }
    }

    func testEveryBurgersRungTrainsWithFirstOrderThenLBFGS() throws {
        for model in SystemKind.burgers.models {
            var c = TrainConfig.defaults(system: .burgers, model: model)
            c.width = 6
            c.depth = 2
            c.steps = 10
            c.lbfgsSteps = 10
            c.collocationPoints = model == .nn ? 0 : 50
            c.icPoints = 20
            c.bcPoints = 20
            c.dataPoints = model == .nn || model == .dPINN ? 40 : 0
            let result = try Trainer.run(c, settings: RunSettings(inferenceRepeats: 1))
            XCTAssertLessThan(result.efficacy!.finalLoss, result.efficacy!.initialLoss, "\(model)")
            XCTAssertTrue(result.efficacy!.testRelL2.isFinite)
            XCTAssertNil(result.efficacy!.extrapolationRelL2)
            XCTAssertEqual(result.efficiency.parameterCount, 2 * 6 + 6 + 6 * 6 + 6 + 6 + 1)
        }
    }

    func testDivergenceIsReportedAsAnError() {
        var c = tinyPINN()
        c.optimizer = .sgd
        c.learningRate = 1e6
        XCTAssertThrowsError(try Trainer.run(c)) { error in
            guard case TrainError.diverged = error else { return XCTFail("expected diverged, got \(error)") }
        }
    }
}
