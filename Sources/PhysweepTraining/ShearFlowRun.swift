import PhysweepMetering
import PhysweepModels
import PhysweepSystems
import PhysweepTensor

/// One shear-flow training run in precision T:
///
///     load (or generate) the set ─▶ loss on a fixed batch ─▶ `steps` × [random windows of the
///     training split ─▶ forward ─▶ backward ─▶ optimizer] ─▶ loss on the fixed batch ─▶ one-step
///     errors over every test window ─▶ rollouts of `horizon` steps ─▶ inference cost of one batch
///
/// Inputs are 4 normalised context frames, the target the next frame (fm: its path's u_t), plus
/// `physics_weight` × the mean square vorticity residual (`VorticityResidual`) when it is positive; errors
/// are reported in physical units (`GridMetrics`). Inference is the predictor (fm: its whole sampler)
/// on one batch, timed over `RunSettings.inferenceRepeats` passes.
struct ShearFlowRun<T: TensorScalar> {
    let config: TrainConfig
    let settings: RunSettings
    let sharedProcess: Bool
    let progress: ((TrainProgress) -> Void)?

    /// Context frames of every model.
    static var contextFrames: Int { 4 }

    private var meterSettings: MeterSettings {
        MeterSettings(tdpWatts: settings.cpuTDPWatts, carbon: settings.carbon, sharedProcess: sharedProcess)
    }

    /// The model `config` names, at its sizes.
    static func model(_ config: TrainConfig) -> NextFrameModel {
        let groups = gcd(8, config.width)
        let architecture: NextFrameArchitecture
        switch config.model {
        case .fno:
            architecture = .fno(width: config.width, modeRows: config.modes, modeColumns: config.modes, blocks: config.depth,
                                projectionWidth: 4 * config.width)
        case .fm:
            architecture = .flowMatching(levels: config.depth, baseWidth: config.width, groups: groups,
                                         path: FlowMatchingPath(), samplerSteps: config.samplerSteps)
        default:
            architecture = .unet(levels: config.depth, baseWidth: config.width, groups: groups)
        }
        return NextFrameModel(architecture: architecture, fields: ShearFlowData.fieldNames.count,
                              contextFrames: contextFrames, seed: config.seed)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    func run() throws -> TrainResult {
        BLASThreads.set(settings.threads)
        let (train, test) = try ShearFlowData.load(config)
        let context = Self.contextFrames, batch = config.batchSize
        let trainWindows = train.windows(context: context, ahead: 1)
        guard !trainWindows.isEmpty else { throw TrainError.unsupported("shear-flow: frames \(config.frames) leave no training window") }
        let model = Self.model(config)
        guard config.physicsWeight == 0 || (train.interval.isFinite && train.interval > 0 && train.viscosity.isFinite
                                            && train.viscosity >= 0) else {
            throw TrainError.unsupported("shear-flow: the physics loss needs frames a finite positive interval apart and "
                                         + "a Reynolds number > 0; the set has Δt \(train.interval), 1/Re \(train.viscosity)")
        }
        let physics = config.physicsWeight > 0 ? (train.vorticityResidual, config.physicsWeight) : nil
        let objective = NextFrameObjective<T>(model: model, batch: batch, height: train.height, width: train.width,
                                              physics: physics)
        var batchBuffers = BatchBuffers(batch: batch, data: train, context: context)
        // The loss before and after training: the first windows, fixed t and ε (fm).
        let fixed = (0..<batch).map { trainWindows[$0 % trainWindows.count] }
        func fixedLoss() -> Double {
            var noise = SeededGenerator(seed: config.seed, stream: ModelStream.sampler)
            batchBuffers.load(fixed, from: train, into: objective, generator: &noise)
            return Double(objective.evaluate())
        }
        let initialLoss = fixedLoss()
        objective.graph.resetFLOPCounter()

        let meter = PhaseMeter.start(settings: meterSettings)
        var generator = SeededGenerator(seed: config.seed, stream: ModelStream.minibatches)
        let schedule = config.learningRateSchedule
        func steps<O: Optimizer>(_ optimizer: inout O) throws where O.Scalar == T {
            for step in 0..<config.steps {
                let windows = (0..<batch).map { _ in trainWindows[generator.nextIndex(below: trainWindows.count)] }
                batchBuffers.load(windows, from: train, into: objective, generator: &generator)
                let loss = objective.evaluate()
                guard loss.isFinite else { throw TrainError.diverged(step: step) }
                objective.graph.backward(from: objective.loss)
                optimizer.step(objective.graph, learningRate: T(schedule.rate(at: step)))
                if let progress, step % max(1, config.steps / 200) == 0 || step + 1 == config.steps {
                    progress(TrainProgress(step: step + 1, totalSteps: config.steps, loss: Double(loss)))
                }
            }
        }
        let rate = T(config.learningRate), decay = T(config.weightDecay)
        switch config.optimizer {
        case .adam:
            var adam = Adam<T>(learningRate: rate, weightDecay: decay)
            try steps(&adam)
        case .adamw:
            var adamw = Adam<T>(learningRate: rate, weightDecay: decay, decoupled: true)
            try steps(&adamw)
        case .sgd:
            var sgd = SGD<T>(learningRate: rate, weightDecay: decay)
            try steps(&sgd)
        }
        let trainCost = meter.stop(flops: objective.graph.executedFLOPs)
        let finalLoss = fixedLoss()
        guard finalLoss.isFinite else { throw TrainError.diverged(step: config.steps) }

        let predictor = NextFramePredictor<T>(model: model, batch: batch, height: test.height, width: test.width)
        predictor.graph.parameterVector = objective.graph.parameterVector
        let evaluation = ShearFlowEvaluation(predictor: predictor, data: test, context: context, seed: config.seed)
        let outcome = evaluation.metrics(horizon: config.horizon)
        let inputs = evaluation.contexts(of: Array(test.windows(context: context, ahead: 1).prefix(batch)))
        var noise = SeededGenerator(seed: config.seed, stream: ModelStream.sampler)
        let inferenceCost = PhaseMeter.medianPass(repeats: settings.inferenceRepeats, settings: meterSettings,
                                                  flopsPerPass: predictor.graph.flopsPerForward * Double(predictor.forwardPasses)) {
            _ = inputs.withUnsafeBufferPointer { predictor.predict(context: $0, generator: &noise) }
        }
        var efficacy = Efficacy(initialLoss: initialLoss, finalLoss: finalLoss, testMSE: outcome.grid.mse,
                                testRelL2: outcome.relativeL2)
        efficacy.grid = outcome.grid
        var result = TrainResult(
            config: config, efficacy: efficacy,
            efficiency: Efficiency(parameterCount: objective.graph.parameterCount, train: trainCost, inference: inferenceCost),
            settings: settings, machine: MachineFingerprint.current(), gitCommit: GitCommit.current())
        result.fieldSnapshots = outcome.snapshots
        return result
    }

    /// Reusable context and next-frame buffers of one batch.
    private struct BatchBuffers {
        var context: [T], next: [T]
        let contextFrames: Int

        init(batch: Int, data: ShearFlowData, context: Int) {
            self.context = [T](repeating: 0, count: batch * context * data.frameCount)
            next = [T](repeating: 0, count: batch * data.frameCount)
            contextFrames = context
        }

        mutating func load(_ windows: [(trajectory: Int, start: Int)], from data: ShearFlowData,
                           into objective: NextFrameObjective<T>, generator: inout SeededGenerator) {
            let frame = data.frameCount, c = contextFrames
            for (i, window) in windows.enumerated() {
                let run = data.frames(trajectory: window.trajectory, start: window.start, count: c + 1)
                for (j, value) in run.enumerated() {
                    if j < c * frame { context[i * c * frame + j] = T(value) } else { next[i * frame + j - c * frame] = T(value) }
                }
            }
            context.withUnsafeBufferPointer { c in
                next.withUnsafeBufferPointer { objective.load(context: c, next: $0, generator: &generator) }
            }
        }
    }
}
