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
            // Measured (release build, 1 BLAS thread, seed 0; CPU seconds, the machine was shared):
            // c-pinn 4×20 tanh f64, 3000 collocation + 2000 data points, Adam 2000 + L-BFGS 3000
            // reaches test rel L2 0.0021 in 111 CPU s. Physics-only c-pinn stayed above 1e-2 within
            // minutes (2000 collocation: 0.18 in 63 s; 4×30 with 3000: 0.022 in 173 s), so c-pinn
            // defaults to the reference data too; set data_points 0 for the pure-physics rung.
            c.activation = .tanh
            c.width = 20
            c.depth = 4
            c.dtype = .f64
            c.steps = 2000
            c.lbfgsSteps = 3000
            c.icPoints = 256
            c.bcPoints = 200
            c.collocationPoints = model == .nn ? 0 : 3000
            c.dataPoints = model == .bPINN ? 0 : 2000
            c.physicsWeight = model == .nn ? 0 : 1
        case .shearFlow:
            // Small enough for about a minute of training on 2 cores (release build): a 32 × 64 set
            // of 8 trajectories × 40 frames, batch 4; at the reference size (../shared/anchors) unet
            // is width 16, depth 4; fno width 32, depth 4, modes 12.
            c.activation = .gelu
            c.dtype = .f32
            c.optimizer = .adamw
            c.weightDecay = 1e-4
            c.steps = 500
            c.batchSize = 4
            c.gridNx = 32
            c.gridNz = 64
            c.frames = 40
            c.horizon = 4
            c.width = model == .fno ? 16 : 8
            c.depth = model == .fno ? 4 : 3
            if model == .fno { c.modes = 8 }
            if model == .fm { c.samplerSteps = 9 }
        case .noop, .sleep, .command:
            c.activation = .tanh
            c.width = 0
            c.depth = 0
            c.steps = 0
        }
        return c
    }
}
