import Foundation
import PhysweepMetering
import PhysweepTraining
import XCTest
@testable import PhysweepSweep

final class SpecExpansionTests: XCTestCase {
    private func spec(_ body: String, objectives: Bool = true) throws -> SweepSpec {
        let tail = objectives ? "\nobjectives: [test_mse, train_co2_g]\n" : "\n"
        return try SweepSpec.parse(yaml: body + tail, file: "t.yaml")
    }

    func testGridZipRandomAndSeedsMultiply() throws {
        let s = try spec("""
            name: product
            systems:
              noisy-cosine: {models: [mlp, pinn]}
              burgers: {models: [c-pinn]}
            grid: {width: [16, 32], activation: [tanh, snake]}
            zip: {learning_rate: [1e-2, 3e-3], warmup_steps: [0, 10]}
            random: {samples: 3, seed: 7, params: {weight_decay: {log_uniform: [1e-6, 1e-3]}}}
            seeds: 2
            """)
        XCTAssertEqual(s.taskCount, 3 * 2 * 2 * 2 * 3 * 2)
        let tasks = s.tasks()
        XCTAssertEqual(tasks.count, 144)
        XCTAssertEqual(Set(tasks.map(\.key)).count, 144)
        XCTAssertEqual(Set(tasks.map(\.config.width)), [16, 32])
        XCTAssertEqual(Set(tasks.map(\.config.activation)), [.tanh, .snake])
        XCTAssertEqual(Set(tasks.map(\.config.weightDecay)).count, 3)
        // Zipped fields vary together, never crossed.
        for task in tasks {
            XCTAssertEqual(task.config.warmupSteps, task.config.learningRate == 1e-2 ? 0 : 10)
            XCTAssertEqual(task.key, task.config.key)
        }
        // Seeds are the outermost loop: the first half is seed 0, in system then model order.
        XCTAssertEqual(tasks.prefix(72).map(\.config.seed), Array(repeating: 0, count: 72))
        XCTAssertEqual(tasks.suffix(72).map(\.config.seed), Array(repeating: 1, count: 72))
        XCTAssertEqual(tasks.prefix(72).map(\.config.model),
                       Array(repeating: .mlp, count: 24) + Array(repeating: .pinn, count: 24)
                           + Array(repeating: .cPINN, count: 24))
        // The last axis varies fastest: consecutive tasks differ in the random sample first.
        XCTAssertNotEqual(tasks[0].config.weightDecay, tasks[1].config.weightDecay)
        XCTAssertEqual(tasks[0].config.width, tasks[1].config.width)
    }

    func testDefaultsFixedAndSeedListApply() throws {
        let s = try spec("""
            name: fixed
            systems: [burgers]
            fixed: {steps: 123, learning_rate: 1}
            seeds: [3, 5]
            """)
        let tasks = s.tasks()
        XCTAssertEqual(tasks.map(\.config.model), [.nn, .bPINN, .dPINN, .cPINN, .nn, .bPINN, .dPINN, .cPINN])
        XCTAssertEqual(tasks.map(\.config.seed), [3, 3, 3, 3, 5, 5, 5, 5])
        var expected = TrainConfig.defaults(system: .burgers, model: .nn)
        expected.steps = 123
        expected.learningRate = 1.0  // an integer is a valid number
        expected.seed = 3
        XCTAssertEqual(tasks[0].config, expected)
    }

    func testSystemsShorthands() throws {
        let s = try spec("""
            name: shorthands
            systems:
              oscillator: [pinn]
              noisy-cosine:
            """)
        XCTAssertEqual(s.systems.map(\.models), [[.pinn], [.mlp, .pinn]])
    }

    func testDuplicateGridPointsCollapse() throws {
        let s = try spec("""
            name: dupes
            systems: {oscillator: {models: [mlp]}}
            grid: {width: [16, 32, 16], learning_rate: [1e-2, 0.01]}
            """)
        XCTAssertEqual(s.taskCount, 6)
        let tasks = s.tasks()
        XCTAssertEqual(tasks.map(\.config.width), [16, 32])
        XCTAssertEqual(tasks.map(\.config.learningRate), [0.01, 0.01])
    }

    func testRandomSamplesAreDeterministicAndInRange() throws {
        let yaml = """
            name: random
            systems: {oscillator: {models: [pinn]}}
            random:
              samples: 50
              seed: 11
              params:
                learning_rate: {log_uniform: [1e-4, 1e-2]}
                width: {uniform: [8, 64]}
                physics_weight: {uniform: [0.5, 2]}
                activation: {choice: [tanh, snake]}
            """
        let a = try spec(yaml).tasks(), b = try spec(yaml).tasks()
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 50)
        for t in a.map(\.config) {
            XCTAssertTrue((1e-4...1e-2).contains(t.learningRate))
            XCTAssertTrue((8...64).contains(t.width))
            XCTAssertTrue((0.5...2).contains(t.physicsWeight))
        }
        XCTAssertEqual(Set(a.map(\.config.activation)), [.tanh, .snake])
        XCTAssertGreaterThan(Set(a.map(\.config.width)).count, 10)
        let reseeded = try spec(yaml.replacingOccurrences(of: "seed: 11", with: "seed: 12")).tasks()
        XCTAssertNotEqual(a.map(\.config.learningRate), reseeded.map(\.config.learningRate))
    }

    func testPerSystemSettingsOverrideTopLevel() throws {
        let s = try spec("""
            name: override
            systems:
              oscillator: {models: [mlp]}
              burgers: {models: [nn], fixed: {width: 20}, grid: {depth: [3, 5]}}
            grid: {width: [16, 32], depth: [2]}
            fixed: {steps: 100}
            """)
        XCTAssertEqual(s.taskCount, 2 + 2)
        let tasks = s.tasks()
        XCTAssertEqual(tasks.map { "\($0.config.system.rawValue) \($0.config.width)x\($0.config.depth)" },
                       ["oscillator 16x2", "oscillator 32x2", "burgers 20x3", "burgers 20x5"])
        XCTAssertEqual(Set(tasks.map(\.config.steps)), [100])
    }

    func testSettingsTextAndCodableRoundTrip() throws {
        let s = try spec("""
            name: settings
            systems: [noop]
            grid: {sleep_seconds: [0, 0.5]}
            carbon: {intensity_g_per_kwh: 400, pue: 1.2}
            resources: {threads: 2}
            measurement: {inference_repeats: 7, cpu_tdp_watts: 95}
            max_attempts: 5
            """)
        XCTAssertTrue(s.yaml.hasPrefix("name: settings\n"))
        XCTAssertEqual(s.runSettings, RunSettings(threads: 2, carbon: CarbonSettings(intensityGramsPerKWh: 400, pue: 1.2),
                                                  cpuTDPWatts: 95, inferenceRepeats: 7))
        XCTAssertEqual(s.maxAttempts, 5)
        XCTAssertEqual(s.objectives, [ParetoObjective(.testMSE, .minimize), ParetoObjective(.trainCO2Grams, .minimize)])
        let decoded = try JSONDecoder().decode(SweepSpec.self, from: JSONEncoder().encode(s))
        XCTAssertEqual(decoded, s)
        XCTAssertEqual(decoded.tasks(), s.tasks())
    }

    func testYAMLScalarsKeepTheirTypes() throws {
        let s = try spec("""
            name: scalars
            systems: {oscillator: {models: [mlp]}}
            fixed: {learning_rate: 1e-3, weight_decay: .5, width: 0x10, activation: sine}
            """)
        let c = try XCTUnwrap(s.tasks().first?.config)
        XCTAssertEqual(c.learningRate, 1e-3)
        XCTAssertEqual(c.weightDecay, 0.5)
        XCTAssertEqual(c.width, 16)
        XCTAssertEqual(c.activation, .sine)
        XCTAssertEqual(s.fixed.map(\.value), [.double(1e-3), .double(0.5), .int(16), .string("sine")])
    }
}
