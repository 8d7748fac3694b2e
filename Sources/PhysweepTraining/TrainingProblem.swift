import PhysweepModels
import PhysweepSystems
import PhysweepTensor

/// What one configuration trains on: its data (drawn from the system, seeded), its loss, its
/// network, and the points it is judged on.
struct TrainingProblem {
    enum Task {
        case trajectory(TrajectoryDataset, TrajectoryLoss)
    }

    let task: Task
    let network: NetworkSpec
    /// Points and exact values inside the training domain.
    let test: SupervisedSplit
    /// Points and exact values beyond it, for systems that have them.
    let extrapolation: SupervisedSplit?

    init(_ config: TrainConfig) throws {
        let activation = config.activation.function(snakeAlpha: config.snakeAlpha)
        switch config.system {
        case .oscillator, .noisyCosine:
            let dataset = try Self.trajectory(config)
            let loss: TrajectoryLoss = config.model == .pinn ? .dataAndResidual(physicsWeight: config.physicsWeight) : .data
            task = .trajectory(dataset, loss)
            network = NetworkSpec(inputs: 1, width: config.width, depth: config.depth, activation: activation,
                                  seed: config.seed)
            test = dataset.test
            extrapolation = dataset.extrapolation
        case .burgers, .noop, .sleep:
            throw TrainError.unsupported("system \(config.system.rawValue) has no training problem yet")
        }
    }

    /// Supervised training points (the pool minibatches are drawn from).
    var dataCount: Int {
        switch task {
        case .trajectory(let dataset, _): return dataset.train.count
        }
    }

    /// The loss on a fresh graph, with `batchRows` data points per evaluation.
    func objective<T: TensorScalar>(_: T.Type, batchRows: Int) -> Objective<T> {
        switch task {
        case .trajectory(let dataset, let loss):
            return .trajectory(dataset, loss: loss, network: network, batchRows: batchRows)
        }
    }

    private static func trajectory(_ config: TrainConfig) throws -> TrajectoryDataset {
        let collocation = config.collocationPoints
        if config.system == .noisyCosine {
            return try TrajectoryDataset.noisyCosine(dataPoints: config.dataPoints, noiseStd: config.noiseStd,
                                                     collocationPoints: collocation, seed: config.seed)
        }
        let oscillator = try Oscillator(omega0: config.omega0, zeta: config.zeta)
        return try TrajectoryDataset.oscillator(oscillator, dataPoints: config.dataPoints,
                                                collocationPoints: collocation, noiseStd: config.noiseStd,
                                                seed: config.seed)
    }
}
