/// The physical system a task learns. Raw values are the public names used in specs and on the CLI.
public enum SystemKind: String, Codable, CaseIterable, Hashable, Sendable {
    /// Harmonic oscillator x'' + 2ζω0 x' + ω0² x = 0 (ζ = 0: undamped).
    case oscillator
    /// y = cos t + N(0, σ²) on [−5π, 5π], extrapolation test on [5π, 25π] (the paper's regression task).
    case noisyCosine = "noisy-cosine"
    /// Viscous Burgers u_t + u u_x = ν u_xx on x∈[−1,1], t∈[0,1], u(x,0) = −sin(πx), u(±1,t) = 0.
    case burgers
    /// 2-D incompressible shear flow with a passive tracer (The Well's `shear_flow`): next-frame
    /// prediction of tracer, pressure, velocity_x, velocity_z from 4 context frames.
    case shearFlow = "shear-flow"
    /// Does nothing and returns at once: for orchestration tests and overhead benchmarks.
    case noop
    /// Sleeps `sleep_seconds`: for orchestration tests (a task that is still running when killed).
    case sleep
    /// Any program, run as a process and metered from outside (`RunSettings.command`, docs/spec.md).
    case command

    /// Whether tasks of this system train a model (false for `noop` and `sleep`, which have no efficacy).
    public var trainsModel: Bool { self != .noop && self != .sleep }

    /// The models that make sense for this system.
    public var models: [ModelKind] {
        switch self {
        case .oscillator, .noisyCosine: return [.mlp, .pinn]
        case .burgers: return [.nn, .bPINN, .dPINN, .cPINN]
        case .shearFlow: return [.unet, .fno, .fm]
        case .noop, .sleep, .command: return [.none]
        }
    }
}

/// A rung of the inductive-bias ladder. Raw values are the public names used in specs and on the CLI.
public enum ModelKind: String, Codable, CaseIterable, Hashable, Sendable {
    /// Oscillator: MLP trained on data only.
    case mlp
    /// Oscillator: data loss + λ · ODE residual on collocation points.
    case pinn
    /// Burgers: network trained on data only.
    case nn
    /// Burgers: physics only (PDE residual + initial condition + boundary condition).
    case bPINN = "b-pinn"
    /// Burgers: physics + data.
    case dPINN = "d-pinn"
    /// Burgers: IC/BC built into the network by an output transform; residual [+ data].
    case cPINN = "c-pinn"
    /// Shear flow: U-Net (`depth` levels, base width `width`), next frame from the context frames.
    case unet
    /// Shear flow: Fourier neural operator (`depth` blocks of width `width`, `modes` kept modes).
    case fno
    /// Shear flow: flow matching in data space, a U-Net vector field and a `sampler_steps` Euler sampler.
    case fm
    /// No model (noop / sleep systems), or the program's own (command).
    case none
}

/// Hidden-layer activation.
public enum Activation: String, Codable, CaseIterable, Hashable, Sendable {
    case relu, tanh, sine, snake, gelu
}

/// Floating-point precision of the whole training run.
public enum DType: String, Codable, CaseIterable, Hashable, Sendable {
    case f32, f64
}

/// First-order optimizer used for the `steps` phase (an optional L-BFGS phase follows it).
public enum OptimizerKind: String, Codable, CaseIterable, Hashable, Sendable {
    case adam, adamw, sgd
}

/// Learning-rate schedule of the first-order phase.
public enum ScheduleKind: String, Codable, CaseIterable, Hashable, Sendable {
    /// Constant learning rate after warm-up.
    case constant
    /// Linear warm-up then cosine decay to zero.
    case cosine
}

/// What a `noop` task does, so tests can make poison tasks.
public enum FailureMode: String, Codable, CaseIterable, Hashable, Sendable {
    /// Succeed.
    case none
    /// Throw an error (the worker reports FAILED).
    case error
    /// Kill the whole worker process (the coordinator sees it die).
    case crash
}

/// One fully-resolved training configuration: everything that determines the numbers a task produces.
///
/// Its canonical JSON (sorted keys) is hashed into the task key, so two configs with the same
/// fields are the same task. Machine-dependent settings (threads, carbon intensity) live in
/// `RunSettings` instead and do not change the key. Every field has an entry in `ConfigField.table`,
/// which drives the JSON, the key and everything else that lists the fields.
public struct TrainConfig: Codable, Hashable, Sendable {
    public var system: SystemKind
    public var model: ModelKind
    public var activation: Activation
    /// Neurons per hidden layer.
    public var width: Int
    /// Number of hidden layers.
    public var depth: Int
    public var dtype: DType
    public var optimizer: OptimizerKind
    public var learningRate: Double
    /// Weight decay (AdamW: decoupled; SGD/Adam: L2 added to the gradient).
    public var weightDecay: Double
    public var schedule: ScheduleKind
    public var warmupSteps: Int
    /// First-order optimizer steps.
    public var steps: Int
    /// L-BFGS iterations after the first-order phase (0 = none).
    public var lbfgsSteps: Int
    /// Minibatch size for data losses (0 = full batch).
    public var batchSize: Int
    /// Physics-loss weight λ.
    public var physicsWeight: Double
    /// Collocation points for the residual.
    public var collocationPoints: Int
    /// Training data points (oscillator / noisy cosine: samples; Burgers: data points from the reference).
    public var dataPoints: Int
    /// Burgers: initial-condition points.
    public var icPoints: Int
    /// Burgers: boundary-condition points.
    public var bcPoints: Int
    /// Snake frequency a in x + sin²(ax)/a.
    public var snakeAlpha: Double
    /// Burgers viscosity ν.
    public var nu: Double
    /// Oscillator natural frequency ω0.
    public var omega0: Double
    /// Oscillator damping ratio ζ (d = 2ζ).
    public var zeta: Double
    /// Standard deviation of the noise added to training targets.
    public var noiseStd: Double
    /// `sleep` system: seconds to sleep.
    public var sleepSeconds: Double
    /// `noop` system: how the task fails, if at all.
    public var fail: FailureMode
    /// Seed of every random choice (data, noise, initial weights, minibatch order).
    public var seed: UInt64
    /// Shear flow, fno: Fourier modes kept per axis (rows 0..<m and −m..<0, columns 0..<m).
    public var modes: Int = 0
    /// Shear flow, fm: Euler steps of the sampler.
    public var samplerSteps: Int = 0
    /// Shear flow: grid points along x of the generated data set.
    public var gridNx: Int = 0
    /// Shear flow: grid points along z of the generated data set.
    public var gridNz: Int = 0
    /// Shear flow: frames simulated per trajectory.
    public var frames: Int = 0
    /// Shear flow: autoregressive rollout steps evaluated (VRMSE per step).
    public var horizon: Int = 0
    /// Command system: the point of the user-defined fields' grid, one digit per field in mixed
    /// radix (`CommandSettings.fields`); 0 for every other system.
    public var commandPoint: Int = 0
    /// Command system: `CommandSettings.fieldsDigest` of the grid `commandPoint` indexes, so that a
    /// point's key changes when the fields' value lists do (0 without user fields).
    public var commandDigest: Int = 0
}
