import PhysweepMetering
import PhysweepModels
import PhysweepSystems
import PhysweepTensor

/// One training run in precision T: first-order steps, then L-BFGS, then evaluation and costs.
///
/// Generic over the scalar so the f32 and f64 paths are the same code.
struct TrainingRun<T: TensorScalar> {
    let config: TrainConfig
    let settings: RunSettings
    /// Other tasks run on other threads of this process: meter this thread only.
    let sharedProcess: Bool
    let problem: TrainingProblem
    let progress: ((TrainProgress) -> Void)?

    private var meterSettings: MeterSettings {
        MeterSettings(tdpWatts: settings.cpuTDPWatts, carbon: settings.carbon, sharedProcess: sharedProcess)
    }

    private var totalSteps: Int { config.steps + config.lbfgsSteps }

    func run() throws -> TrainResult {
        BLASThreads.set(settings.threads)
        let dataCount = problem.dataCount
        let minibatched = config.batchSize > 0 && config.batchSize < dataCount
        // The full objective gives the reported losses and drives L-BFGS; a minibatch objective (its
        // own graph, same initial weights) drives the first-order steps when batches are smaller.
        let full = problem.objective(T.self, batchRows: dataCount)
        let batches = minibatched ? problem.objective(T.self, batchRows: config.batchSize) : nil
        let initialLoss = full.evaluate()
        full.graph.resetFLOPCounter()

        let meter = PhaseMeter.start(settings: meterSettings)
        try firstOrderPhase(batches ?? full)
        if let batches { full.graph.parameterVector = batches.graph.parameterVector }
        try quasiNewtonPhase(full)
        let trainFLOPs = full.graph.executedFLOPs + (batches?.graph.executedFLOPs ?? 0)
        let trainCost = meter.stop(flops: trainFLOPs)

        let finalLoss = full.evaluate()
        guard finalLoss.isFinite else { throw TrainError.diverged(step: totalSteps) }
        let parameters = full.graph.parameterVector
        let (inferenceCost, efficacy) = evaluate(parameters, initialLoss: initialLoss, finalLoss: finalLoss)
        return TrainResult(
            config: config, efficacy: efficacy,
            efficiency: Efficiency(parameterCount: parameters.count, train: trainCost, inference: inferenceCost),
            settings: settings, machine: MachineFingerprint.current(), gitCommit: GitCommit.current())
    }

    // MARK: Training

    private func firstOrderPhase(_ objective: Objective<T>) throws {
        guard config.steps > 0 else { return }
        let rate = T(config.learningRate), decay = T(config.weightDecay)
        switch config.optimizer {
        case .adam:
            var adam = Adam<T>(learningRate: rate, weightDecay: decay)
            try firstOrderSteps(objective, &adam)
        case .adamw:
            var adamw = Adam<T>(learningRate: rate, weightDecay: decay, decoupled: true)
            try firstOrderSteps(objective, &adamw)
        case .sgd:
            var sgd = SGD<T>(learningRate: rate, weightDecay: decay)
            try firstOrderSteps(objective, &sgd)
        }
    }

    private func firstOrderSteps<O: Optimizer>(_ objective: Objective<T>, _ optimizer: inout O) throws
        where O.Scalar == T {
        let schedule = config.learningRateSchedule
        var order = SeededGenerator(seed: config.seed, stream: ModelStream.minibatches)
        var permutation: [Int] = [], cursor = 0
        let rows = objective.batchRows, minibatched = rows < objective.dataCount
        for step in 0..<config.steps {
            if minibatched {
                // A fresh permutation per epoch; the remainder that does not fill a batch waits.
                if cursor + rows > permutation.count {
                    permutation = order.permutation(of: objective.dataCount)
                    cursor = 0
                }
                objective.loadBatch(permutation[cursor..<(cursor + rows)])
                cursor += rows
            }
            let loss = objective.evaluate()
            guard loss.isFinite else { throw TrainError.diverged(step: step) }
            objective.graph.backward(from: objective.loss)
            optimizer.step(objective.graph, learningRate: T(schedule.rate(at: step)))
            report(step: step + 1, loss: loss)
        }
    }

    /// L-BFGS on the full objective; progress counts objective evaluations (line searches
    /// included), capped at the planned iterations until the run ends.
    private func quasiNewtonPhase(_ objective: Objective<T>) throws {
        guard config.lbfgsSteps > 0 else { return }
        let graph = objective.graph
        var evaluations = 0
        let result = LBFGS<T>().minimize(x0: graph.parameterVector, maxIterations: config.lbfgsSteps) { x, gradient in
            graph.withParameterBuffers { parameters, _ in _ = parameters.update(fromContentsOf: x) }
            let loss = objective.evaluate()
            graph.backward(from: objective.loss)
            graph.withParameterBuffers { _, parameterGradient in _ = gradient.update(fromContentsOf: parameterGradient) }
            evaluations += 1
            report(step: config.steps + min(evaluations, config.lbfgsSteps - 1), loss: loss)
            return T(loss)
        }
        guard result.reason != .nonFinite else { throw TrainError.diverged(step: config.steps + result.iterations) }
        graph.parameterVector = result.x
        report(step: totalSteps, loss: Double(result.value))
    }

    /// Reports about 200 times per run, and always the last step.
    private func report(step: Int, loss: Double) {
        guard let progress else { return }
        let every = max(1, totalSteps / 200)
        if step % every == 0 || step == totalSteps {
            progress(TrainProgress(step: step, totalSteps: totalSteps, loss: loss))
        }
    }

    // MARK: Evaluation

    /// Errors on the test and extrapolation points, and the median cost of one inference pass over the test set.
    private func evaluate(_ parameters: [T], initialLoss: Double, finalLoss: Double) -> (PhaseCost, Efficacy) {
        let test = Predictor<T>(spec: problem.network, points: problem.test)
        test.load(parameters: parameters)
        var prediction: [Double] = []
        let cost = PhaseMeter.medianPass(repeats: settings.inferenceRepeats, settings: meterSettings,
                                         flopsPerPass: test.graph.flopsPerForward) {
            prediction = test.predict()
        }
        let testErrors = test.errors(of: prediction)
        var efficacy = Efficacy(initialLoss: initialLoss, finalLoss: finalLoss,
                                testMSE: testErrors.mse, testRelL2: testErrors.relativeL2)
        if let points = problem.extrapolation {
            let beyond = Predictor<T>(spec: problem.network, points: points)
            beyond.load(parameters: parameters)
            let errors = beyond.errors(of: beyond.predict())
            efficacy.extrapolationMSE = errors.mse
            efficacy.extrapolationRelL2 = errors.relativeL2
        }
        return (cost, efficacy)
    }
}
