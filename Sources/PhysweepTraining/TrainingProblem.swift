import PhysweepModels
import PhysweepSystems
import PhysweepTensor

/// What one configuration trains on: its data (drawn from the system, seeded), its loss, its
/// network, and the points it is judged on.
struct TrainingProblem {
    enum Task {
        case trajectory(TrajectoryDataset, TrajectoryLoss)
        case burgers(BurgersPoints, BurgersLoss)
    }

    let config: TrainConfig
    let task: Task
    let network: NetworkSpec
    /// Points and exact values inside the training domain.
    let test: SupervisedSplit
    /// Points and exact values beyond it, for systems that have them.
    let extrapolation: SupervisedSplit?

    init(_ config: TrainConfig) throws {
        self.config = config
        let activation = config.activation.function(snakeAlpha: config.snakeAlpha)
        switch config.system {
        case .oscillator, .noisyCosine:
            let dataset = try Self.trajectory(config)
            task = .trajectory(dataset, config.model == .pinn ? .dataAndResidual(physicsWeight: config.physicsWeight) : .data)
            network = NetworkSpec(inputs: 1, width: config.width, depth: config.depth, activation: activation,
                                  seed: config.seed)
            test = dataset.test
            extrapolation = dataset.extrapolation
        case .burgers:
            let dataset = try BurgersDataset.make(
                nu: config.nu, icPoints: config.icPoints, bcPoints: config.bcPoints,
                collocationPoints: config.collocationPoints, dataPoints: config.dataPoints,
                noiseStd: config.noiseStd, seed: config.seed)
            let points = BurgersPoints(collocation: dataset.collocation, initial: dataset.initial,
                                       boundary: dataset.boundary, data: dataset.data)
            let withData = config.dataPoints > 0
            let loss: BurgersLoss
            switch config.model {
            case .nn: loss = .data
            case .bPINN: loss = .softConstraints(withData: false)
            case .dPINN: loss = .softConstraints(withData: true)
            default: loss = .hardConstraints(withData: withData)
            }
            let columns = dataset.test.inputColumns
            let constraint = config.model == .cPINN
                ? BurgersHardConstraint(xColumn: columns.firstIndex(of: "x")!, tColumn: columns.firstIndex(of: "t")!)
                : nil
            task = .burgers(points, loss)
            network = NetworkSpec(inputs: 2, width: config.width, depth: config.depth, activation: activation,
                                  constraint: constraint, seed: config.seed)
            test = dataset.test
            extrapolation = nil
        case .noop, .sleep, .command:
            preconditionFailure("\(config.system.rawValue) tasks train nothing; Trainer runs them synthetically")
        case .shearFlow:
            preconditionFailure("shear-flow tasks are grid models; Trainer runs them as a ShearFlowRun")
        }
    }

    /// Supervised training points the data term draws batches from (0 without a data term).
    var dataCount: Int {
        switch task {
        case .trajectory(let dataset, _): return dataset.train.count
        case .burgers(let points, let loss): return loss.usesData ? points.data.count : 0
        }
    }

    /// The loss on a fresh graph, with `batchRows` data points per evaluation.
    func objective<T: TensorScalar>(_: T.Type, batchRows: Int) -> Objective<T> {
        switch task {
        case .trajectory(let dataset, let loss):
            return .trajectory(dataset, loss: loss, network: network, batchRows: batchRows)
        case .burgers(let points, let loss):
            return .burgers(points, loss: loss, nu: config.nu, physicsWeight: config.physicsWeight,
                            network: network, batchRows: batchRows)
        }
    }

    private static func trajectory(_ config: TrainConfig) throws -> TrajectoryDataset {
        if config.system == .noisyCosine {
            return try TrajectoryDataset.noisyCosine(dataPoints: config.dataPoints, noiseStd: config.noiseStd,
                                                     collocationPoints: config.collocationPoints, seed: config.seed)
        }
        let oscillator = try Oscillator(omega0: config.omega0, zeta: config.zeta)
        return try TrajectoryDataset.oscillator(oscillator, dataPoints: config.dataPoints,
                                                collocationPoints: config.collocationPoints,
                                                noiseStd: config.noiseStd, seed: config.seed)
    }
}
