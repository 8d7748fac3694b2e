import PhysweepModels
import PhysweepSystems
import PhysweepTensor
import XCTest

/// Every rung's loss is trainable: a few hundred Adam steps on a tiny net cut it at least tenfold.
final class AdamTrainingTests: XCTestCase {
    func testAdamCutsEveryTrajectoryLossTenfold() throws {
        let dataset = try TinyProblems.oscillator(dataPoints: 8, collocationPoints: 12)
        for activation in [ActivationFunction.tanh, .snake(alpha: 1)] {
            for (name, objective) in TinyProblems.trajectoryObjectives(dataset, activation: activation, width: 12) {
                assertTrainsTenfold(objective, "\(name) \(activation)")
            }
        }
    }

    func testAdamCutsEveryBurgersLossTenfold() {
        let points = TinyProblems.burgers(count: 16)
        for activation in [ActivationFunction.tanh, .snake(alpha: 1)] {
            for (name, objective) in TinyProblems.burgersObjectives(points, activation: activation, width: 12) {
                assertTrainsTenfold(objective, "\(name) \(activation)")
            }
        }
    }

    private func assertTrainsTenfold(_ objective: Objective<Double>, _ label: String,
                                     file: StaticString = #filePath, line: UInt = #line) {
        var adam = Adam<Double>(learningRate: 1e-2)
        let initial = objective.evaluate()
        for _ in 0..<400 {
            _ = objective.evaluate()
            objective.graph.backward(from: objective.loss)
            adam.step(objective.graph)
        }
        let final = objective.evaluate()
        XCTAssertLessThan(final, initial / 10, "\(label): \(initial) → \(final)", file: file, line: line)
    }
}
