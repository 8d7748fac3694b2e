// Time per optimizer step of the three anchor configurations (see docs/benchmarks.md, "Training
// core"). Each measured iteration runs `scalingFactor` steps (minibatch load, forward, backward, Adam),
// named in the benchmark ("osc-mlp (1000 steps)") so exported samples convert to per-step times;
// `--scale` shows per-step figures directly. State carries over between iterations as in training.
import Benchmark
import PhysweepTensor
import TrainingCases

let benchmarks: @Sendable () -> Void = {
    BLASThreads.set(2)
    for trainingCase in TrainingCase.allCases {
        // osc-mlp and osc-pinn take tens to hundreds of µs a step: 1 000 steps (2.5 epochs of
        // osc-mlp, shuffles included) per iteration; burgers-pinn takes tens of ms: one step.
        let fast = trainingCase != .burgersPINN
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
            timeUnits: .microseconds,
            warmupIterations: fast ? 2 : 3,
            scalingFactor: fast ? .kilo : .one,
            maxDuration: .seconds(10),
            maxIterations: fast ? 40 : 120)
        let steps = configuration.scalingFactor.rawValue
        let holder = StepperHolder()
        Benchmark("\(trainingCase.rawValue) (\(steps) step\(steps == 1 ? "" : "s"))",
                  configuration: configuration) { benchmark in
            let stepper = holder.stepper!
            for _ in benchmark.scaledIterations { stepper.step() }
        } setup: {
            holder.stepper = try trainingCase.makeStepper()
        } teardown: {
            holder.stepper = nil
        }
    }
}

/// The stepper of one benchmark, built in its setup (outside the timed region) and kept across iterations.
final class StepperHolder: @unchecked Sendable {
    var stepper: (any TrainingSteps)?
}
