import PhysweepModels
import PhysweepSystems
import PhysweepTensor

/// The three training configurations the training-core benchmarks time, each the same model,
/// data, loss and optimizer as the JAX / PyTorch anchors in docs/benchmarks.md.
public enum TrainingCase: String, CaseIterable, Sendable {
    /// 1→64→64→1 Snake (α = 1), f32, minibatches of 25 from 10 000 noisy-cosine points, Adam 1e-2.
    case oscMLP = "osc-mlp"
    /// The same network, f32, on the damped oscillator (ω0 = 1, ζ = 0.01): data MSE on 25 points in
    /// [0, 10] + 1e-4 · mean residual² on 100 collocation points in [0, 30], Adam 1e-3.
    case oscPINN = "osc-pinn"
    /// 2→50→50→50→50→1 tanh, f64, Burgers (ν = 0.01/π): mean residual² on 10 000 collocation
    /// points + IC MSE (256 points) + BC MSE (200 points), Adam 1e-3 (the b-pinn rung).
    case burgersPINN = "burgers-pinn"

    /// Builds the loss and its optimizer, ready to step.
    public func makeStepper() throws -> any TrainingSteps {
        switch self {
        case .oscMLP:
            let dataset = try TrajectoryDataset.noisyCosine(dataPoints: 10_000, noiseStd: 0.3)
            let objective = Objective<Float>.trajectory(dataset, loss: .data, network: Self.oscillatorNetwork,
                                                        batchRows: 25)
            return TrainingStepper(objective, learningRate: 1e-2)
        case .oscPINN:
            let dataset = try TrajectoryDataset.oscillator(try Oscillator(omega0: 1, zeta: 0.01),
                                                           dataPoints: 25, collocationPoints: 100)
            let objective = Objective<Float>.trajectory(dataset, loss: .dataAndResidual(physicsWeight: 1e-4),
                                                        network: Self.oscillatorNetwork, batchRows: 25)
            return TrainingStepper(objective, learningRate: 1e-3)
        case .burgersPINN:
            let nu = 0.01 / Double.pi
            let dataset = try BurgersDataset.make(nu: nu, icPoints: 256, bcPoints: 200, collocationPoints: 10_000)
            let points = BurgersPoints(collocation: dataset.collocation, initial: dataset.initial,
                                       boundary: dataset.boundary, data: dataset.data)
            let network = NetworkSpec(inputs: 2, width: 50, depth: 4, activation: .tanh, seed: 0)
            let objective = Objective<Double>.burgers(points, loss: .softConstraints(withData: false), nu: nu,
                                                      physicsWeight: 1, network: network, batchRows: 0)
            return TrainingStepper(objective, learningRate: 1e-3)
        }
    }

    private static let oscillatorNetwork = NetworkSpec(inputs: 1, width: 64, depth: 2,
                                                       activation: .snake(alpha: 1), seed: 0)
}
