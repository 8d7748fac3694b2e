import ArgumentParser
import Foundation
import PhysweepSweep
import PhysweepTraining

/// `physweep validate SPEC.yaml`: checks a sweep spec and shows what it would run, before anything is dispatched.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a sweep spec and count the tasks it expands to.",
        discussion: """
        Every problem is reported as FILE:LINE:COLUMN: KEY: message; the exit code is 1 if there \
        is any. A spec is YAML (the full reference is docs/spec.md):

          name: quickstart                     # letters, digits, . _ -
          systems:                             # models are part of the grid
            oscillator: {models: [mlp, pinn]}
            burgers: {models: [c-pinn], fixed: {nu: 0.025}}
          fixed: {steps: 300}                  # one value for every task
          grid: {width: [16, 32], activation: [tanh, snake]}   # cartesian product
          zip: {learning_rate: [1e-2, 3e-3], warmup_steps: [0, 50]}  # together
          random:                              # seeded random samples
            samples: 4
            seed: 7
            params: {weight_decay: {log_uniform: [1e-6, 1e-3]}}
          seeds: 2                             # or [0, 1, 2]
          objectives: [{test_mse: minimize}, {train_co2_g: minimize}]  # 2 to 4
          carbon: {intensity_g_per_kwh: 475, pue: 1.2}
          resources: {threads: 1}
          measurement: {inference_repeats: 5, cpu_tdp_watts: 65}
          max_attempts: 3

        Field names are those of TrainConfig (width, depth, activation, learning_rate, ...). \
        Per-system settings override top-level ones.
        """)

    @Argument(help: "The spec file (YAML).")
    var spec: String

    @Flag(help: "Print only the task count and how long validation and expansion took (wall and CPU).")
    var count = false

    func run() throws {
        let url = URL(fileURLWithPath: spec)
        let parseStart = Date(), parseCPU = clock()
        let sweep: SweepSpec
        do {
            sweep = try SweepSpec.load(from: url)
        } catch let errors as SpecErrors {
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            let n = errors.errors.count
            FileHandle.standardError.write(Data("\(n) error\(n == 1 ? "" : "s") in \(spec)\n".utf8))
            throw ExitCode(1)
        }
        let parseSeconds = Date().timeIntervalSince(parseStart), parseCPUSeconds = cpuSeconds(since: parseCPU)
        let expandStart = Date(), expandCPU = clock()
        let tasks = sweep.tasks()
        let expandSeconds = Date().timeIntervalSince(expandStart), expandCPUSeconds = cpuSeconds(since: expandCPU)

        if count {
            print("\(tasks.count) tasks (\(sweep.taskCount) points before deduplication)")
            print(String(format: "validated in %.3f s (%.3f s CPU), expanded and keyed in %.3f s (%.3f s CPU)",
                         parseSeconds, parseCPUSeconds, expandSeconds, expandCPUSeconds))
            return
        }
        print("\(sweep.name) (\(spec)): \(tasks.count) tasks")
        for (pair, n) in countsPerModel(tasks) {
            print("  " + pair.padding(toLength: 24, withPad: " ", startingAt: 0) + String(n))
        }
        let objectives = sweep.objectives.map { "\($0.metric.rawValue) (\($0.direction.rawValue))" }
        print("objectives: " + objectives.joined(separator: ", "))
        print("seeds: \(sweep.seeds.count); threads per task: \(sweep.threads); max attempts: \(sweep.maxAttempts)")
        print("carbon: \(sweep.carbon.intensityGramsPerKWh) g/kWh × PUE \(sweep.carbon.pue)")
    }

    /// Process CPU time since `start`: unlike wall time, not inflated when other jobs share the cores.
    private func cpuSeconds(since start: clock_t) -> Double {
        Double(clock() - start) / Double(CLOCKS_PER_SEC)
    }

    /// Task counts per `system/model`, in the order the tasks come.
    private func countsPerModel(_ tasks: [SweepTask]) -> [(String, Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for task in tasks {
            let pair = "\(task.config.system.rawValue)/\(task.config.model.rawValue)"
            if counts[pair] == nil { order.append(pair) }
            counts[pair, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }
    }
}
