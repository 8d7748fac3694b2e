import PhysweepModels
import PhysweepSystems
import PhysweepTensor
import XCTest

/// Every rung's loss is trainable: a 600 Adam steps on a tiny net cut it at least tenfold.
final class AdamTrainingTests: XCTestCase {
    func testAdamCutsEveryTrajectoryLossTenfold() throws {
        let dataset = try TinyProblems.oscillator(dataPoints: 8, collocationPoints: 12)
        for activation in [ActivationFunction.tanh, .snake(alpha: 1)] {
            for (name, objective) in TinyProblems.trajectoryObjectives(dataset, activation: activation, width: 12) {
                assertTrainsTenfold(objective, "\(name) \(activation)")
            }
        }
    }

    func testAdamCutsEveryBurgersLossTenfold() throws {
        // Real reference data: a stand-in target the PDE does not satisfy would put a floor under
        // the physics-plus-data losses.
        let dataset = try BurgersDataset.make(icPoints: 16, bcPoints: 16, collocationPoints: 32, dataPoints: 32,
                                              seed: 2, gridX: 32, gridT: 10)
        let points = BurgersPoints(collocation: dataset.collocation, initial: dataset.initial,
                                   boundary: dataset.boundary, data: dataset.data)
        for activation in [ActivationFunction.tanh, .snake(alpha: 1)] {
            for (name, objective) in TinyProblems.burgersObjectives(points, activation: activation, width: 12, nu: dataset.solution.nu) {
                assertTrainsTenfold(objective, "\(name) \(activation)")
            }
        }
    }

    private func assertTrainsTenfold(_ objective: Objective<Double>, _ label: String,
                                     file: StaticString = #filePath, line: UInt = #line) {
        var adam = Adam<Double>(learningRate: 1e-2)
        let initial = objective.evaluate()
        for _ in 0..<600 {
            _ = objective.evaluate()
            objective.graph.backward(from: objective.loss)
            adam.step(objective.graph)
        }
        let final = objective.evaluate()
        XCTAssertLessThan(final, initial / 10, "\(label): \(initial) → \(final)", file: file, line: line)
    }
}
