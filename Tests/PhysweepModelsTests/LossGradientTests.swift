import PhysweepModels
import PhysweepSystems
import PhysweepTensor
import XCTest

/// The reverse-mode gradient of every rung's full loss (jets included) against central finite
/// differences in the weights: if a jet formula or a loss term were wrong, these would disagree.
final class LossGradientTests: XCTestCase {
    func testTrajectoryLossGradientsMatchFiniteDifferences() throws {
        let dataset = try TinyProblems.oscillator()
        for activation in TinyProblems.activations {
            for (name, objective) in TinyProblems.trajectoryObjectives(dataset, activation: activation) {
                assertGradientMatchesFiniteDifferences(objective, "\(name) \(activation)")
            }
        }
    }

    func testBurgersLossGradientsMatchFiniteDifferences() {
        let points = TinyProblems.burgers()
        for activation in TinyProblems.activations {
            for (name, objective) in TinyProblems.burgersObjectives(points, activation: activation) {
                assertGradientMatchesFiniteDifferences(objective, "\(name) \(activation)")
            }
        }
    }

    /// Enough collocation points that the fused jet MLP runs in several blocks, in two parts.
    func testBurgersLossGradientsMatchFiniteDifferencesInSeveralBlocks() {
        let points = TinyProblems.burgers(count: 3_000)
        for (name, objective) in TinyProblems.burgersObjectives(points, activation: .tanh, width: 4) where name != "nn" {
            assertGradientMatchesFiniteDifferences(objective, "\(name), 3 000 points")
        }
    }

    /// Depth 40 on every rung of the ladder: the fused jet MLP then has 2·40 + 3 = 83 operands, more
    /// than one 64-bit word of per-operand flags holds (from depth 31 the output bias lost its flag and
    /// its gradient was overwritten instead of summed where the plain network also uses it).
    func testEveryRungsGradientMatchesFiniteDifferencesAtDepth40() throws {
        let depth = 40
        let trajectories = [
            ("oscillator", try TinyProblems.oscillator(dataPoints: 3, collocationPoints: 4)),
            ("noisy-cosine", try TrajectoryDataset.noisyCosine(dataPoints: 4, collocationPoints: 4, testPoints: 2,
                                                               extrapolationPoints: 2)),
        ]
        for (system, dataset) in trajectories {
            for (name, objective) in TinyProblems.trajectoryObjectives(dataset, activation: .tanh, width: 2, depth: depth) {
                assertGradientMatchesFiniteDifferences(objective, "\(system) \(name), depth \(depth)")
            }
        }
        let points = TinyProblems.burgers(count: 3)
        for (name, objective) in TinyProblems.burgersObjectives(points, activation: .tanh, width: 2, depth: depth) {
            assertGradientMatchesFiniteDifferences(objective, "burgers \(name), depth \(depth)")
        }
    }

    func testMinibatchLossGradientMatchesFiniteDifferences() throws {
        let dataset = try TinyProblems.oscillator()
        let objective = Objective<Double>.trajectory(
            dataset, loss: .dataAndResidual(physicsWeight: 0.5),
            network: TinyProblems.network(inputs: 1, activation: .tanh), batchRows: 3)
        objective.loadBatch([4, 0, 2])
        assertGradientMatchesFiniteDifferences(objective, "pinn minibatch")
    }

    private func assertGradientMatchesFiniteDifferences(_ objective: Objective<Double>, _ label: String,
                                                        file: StaticString = #filePath, line: UInt = #line) {
        let (analytic, numeric) = lossGradients(of: objective.graph, loss: objective.loss) { objective.evaluate() }
        XCTAssertGreaterThan(analytic.map { $0 * $0 }.reduce(0, +), 1e-12, "\(label): zero gradient", file: file, line: line)
        XCTAssertLessThan(relativeError(analytic, numeric), 1e-6, label, file: file, line: line)
    }
}
