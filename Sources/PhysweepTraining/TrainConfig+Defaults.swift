extension TrainConfig {
    /// The default configuration of a (system, model) pair: the starting point every override applies to.
    public static func defaults(system: SystemKind, model: ModelKind? = nil) -> TrainConfig {
        let model = model ?? system.models[0]
        var c = TrainConfig(
            system: system, model: model, activation: .tanh, width: 64, depth: 2, dtype: .f32,
            optimizer: .adam, learningRate: 1e-3, weightDecay: 0, schedule: .constant, warmupSteps: 0,
            steps: 2000, lbfgsSteps: 0, batchSize: 0, physicsWeight: 0, collocationPoints: 0,
            dataPoints: 0, icPoints: 0, bcPoints: 0, snakeAlpha: 1, nu: 0.01 / Double.pi,
            omega0: 1, zeta: 0, noiseStd: 0, sleepSeconds: 0, fail: .none, seed: 0)
        switch system {
        case .noisyCosine:
            c.activation = .snake
            c.dataPoints = 10_000
            c.noiseStd = 0.3
            c.batchSize = 25
            c.learningRate = 1e-2
            if model == .pinn {
                c.physicsWeight = 1e-4
                c.collocationPoints = 100
            }
        case .oscillator:
            c.activation = .snake
            c.zeta = 0.01
            c.dataPoints = 25
            if model == .pinn {
                c.physicsWeight = 1e-4
                c.collocationPoints = 100
            }
        case .burgers:
            c.activation = .tanh
            c.width = 50
            c.depth = 4
            c.dtype = .f64
            c.steps = 2000
            c.lbfgsSteps = 1000
            c.icPoints = 256
            c.bcPoints = 200
            c.collocationPoints = model == .nn ? 0 : 10_000
            c.dataPoints = (model == .nn || model == .dPINN) ? 2000 : 0
            c.physicsWeight = model == .nn ? 0 : 1
        case .noop, .sleep:
            c.activation = .tanh
            c.width = 0
            c.depth = 0
            c.steps = 0
        }
        return c
    }
}
