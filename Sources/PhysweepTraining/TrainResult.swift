import PhysweepMetering

/// How well a trained model does.
public struct Efficacy: Codable, Hashable, Sendable {
    /// Training loss before the first step.
    public var initialLoss: Double
    /// Training loss after the last step.
    public var finalLoss: Double
    /// Mean squared error on the test set (inside the training domain).
    public var testMSE: Double
    /// Relative L2 error ‖pred − ref‖ / ‖ref‖ on the test set.
    public var testRelL2: Double
    /// Mean squared error outside the training domain (systems that have an extrapolation set).
    public var extrapolationMSE: Double?
    /// Relative L2 error outside the training domain.
    public var extrapolationRelL2: Double?
    /// Gridded systems (shear flow): MSE, NMSE, VRMSE per field and averaged, rollout VRMSE.
    public var grid: GridMetrics?

    public init(initialLoss: Double, finalLoss: Double, testMSE: Double, testRelL2: Double,
                extrapolationMSE: Double? = nil, extrapolationRelL2: Double? = nil) {
        self.initialLoss = initialLoss
        self.finalLoss = finalLoss
        self.testMSE = testMSE
        self.testRelL2 = testRelL2
        self.extrapolationMSE = extrapolationMSE
        self.extrapolationRelL2 = extrapolationRelL2
    }

    enum CodingKeys: String, CodingKey {
        case initialLoss = "initial_loss", finalLoss = "final_loss", testMSE = "test_mse"
        case testRelL2 = "test_rel_l2", extrapolationMSE = "extrap_mse", extrapolationRelL2 = "extrap_rel_l2"
        case grid = "grid_metrics"
    }
}

/// What training and inference cost.
public struct Efficiency: Codable, Hashable, Sendable {
    /// Trainable parameters.
    public var parameterCount: Int
    /// The whole training phase.
    public var train: PhaseCost
    /// One inference pass over the test set (median of `RunSettings.inferenceRepeats`).
    public var inference: PhaseCost

    public init(parameterCount: Int, train: PhaseCost, inference: PhaseCost) {
        self.parameterCount = parameterCount
        self.train = train
        self.inference = inference
    }

    enum CodingKeys: String, CodingKey {
        case parameterCount = "params", train, inference
    }
}

/// Everything one task produced: the unit stored, sent over the wire and printed by `physweep train --json`.
public struct TrainResult: Codable, Hashable, Sendable {
    public var config: TrainConfig
    /// `config.key`, stored so readers need not recompute it.
    public var configHash: String
    public var seed: UInt64
    /// How well the model does; nil for tasks that train nothing (`noop`, `sleep`), which have no
    /// model to rank (absent from the JSON then).
    public var efficacy: Efficacy?
    public var efficiency: Efficiency
    /// Pictures of a test rollout (gridded systems; absent from the JSON otherwise).
    public var fieldSnapshots: FieldSnapshots?
    public var settings: RunSettings
    public var machine: MachineFingerprint
    /// The physweep commit that produced this result, when known.
    public var gitCommit: String?
    /// Command system: the program's reported metrics and where its files are (nil otherwise).
    public var command: CommandRecord?

    public init(config: TrainConfig, efficacy: Efficacy?, efficiency: Efficiency, settings: RunSettings,
                machine: MachineFingerprint, gitCommit: String?) {
        self.config = config
        self.configHash = config.key
        self.seed = config.seed
        self.efficacy = efficacy
        self.efficiency = efficiency
        self.settings = settings
        self.machine = machine
        self.gitCommit = gitCommit
    }

    enum CodingKeys: String, CodingKey {
        case config, configHash = "config_hash", seed, efficacy, efficiency, settings, machine
        case gitCommit = "git_commit", fieldSnapshots = "field_snapshots", command
    }
}
