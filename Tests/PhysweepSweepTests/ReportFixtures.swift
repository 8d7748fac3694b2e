import Foundation
import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// Builds plausible `ResultRecord`s for Pareto and report tests (the real trainer is not needed).
enum ReportFixtures {
    static let machine = MachineFingerprint(cpuModel: "Fixture CPU @ 3.00GHz", logicalCores: 8,
                                            os: "Linux 6.1.0 x86_64", hostname: "fixture-host")

    /// One record with the given figures; everything not given is derived plausibly from them.
    static func record(system: SystemKind = .oscillator, model: ModelKind? = nil, activation: Activation = .snake,
                       width: Int = 32, depth: Int = 2, seed: UInt64 = 0,
                       testMSE: Double, testRelL2: Double? = nil, extrapolationMSE: Double? = nil,
                       trainFLOPs: Double = 1e9, trainWallSeconds: Double = 2, trainJoules: Double = 100,
                       energySource: EnergySource = .estimated, energyMethod: String = "tdp-share:65W",
                       carbon: CarbonSettings = CarbonSettings(), sweep: String = "fixture",
                       attempt: Int = 1) -> ResultRecord {
        var config = TrainConfig.defaults(system: system, model: model)
        config.activation = activation
        config.width = width
        config.depth = depth
        config.seed = seed
        let trainEnergy = EnergyReading(joules: trainJoules, source: energySource, method: energyMethod)
        let inferEnergy = EnergyReading(joules: trainJoules / 5000, source: energySource, method: energyMethod)
        let train = PhaseCost(wallSeconds: trainWallSeconds, cpuSeconds: trainWallSeconds * 0.97, flops: trainFLOPs,
                              peakRSSBytes: 40_000_000 + width * depth * 1000, energy: trainEnergy,
                              co2Grams: carbon.grams(for: trainEnergy))
        let inference = PhaseCost(wallSeconds: trainWallSeconds / 5000, cpuSeconds: trainWallSeconds / 5200,
                                  flops: trainFLOPs / 6000, peakRSSBytes: 30_000_000, energy: inferEnergy,
                                  co2Grams: carbon.grams(for: inferEnergy))
        let efficacy = Efficacy(initialLoss: 1, finalLoss: testMSE * 0.8, testMSE: testMSE,
                                testRelL2: testRelL2 ?? testMSE.squareRoot(),
                                extrapolationMSE: extrapolationMSE, extrapolationRelL2: extrapolationMSE?.squareRoot())
        let result = TrainResult(config: config, efficacy: efficacy,
                                 efficiency: Efficiency(parameterCount: parameters(width: width, depth: depth),
                                                        train: train, inference: inference),
                                 settings: RunSettings(carbon: carbon), machine: machine, gitCommit: "0123abc")
        return ResultRecord(sweep: sweep, taskKey: config.key, attempt: attempt, worker: "fixture-host:1",
                            result: result)
    }

    /// Trainable parameters of a 1-in, 1-out MLP.
    static func parameters(width: Int, depth: Int) -> Int {
        2 * width + (depth - 1) * (width * width + width) + width + 1
    }

    /// A small deterministic sweep: two systems, their models, three widths, two depths, three seeds.
    /// Bigger networks cost more and fit better, PINNs extrapolate better, seeds add noise.
    static func sweep(name: String = "fixture-night") -> [ResultRecord] {
        var noise = LinearCongruential(state: 42)
        var records: [ResultRecord] = []
        for system in [SystemKind.oscillator, .burgers] {
            for (rung, model) in system.models.enumerated() {
                for width in [16, 32, 64] {
                    for depth in [2, 3] {
                        for seed: UInt64 in 0..<3 {
                            let params = Double(parameters(width: width, depth: depth))
                            let flops = 6 * params * 2000 * (system == .burgers ? 10_000 : 100) * Double(1 + rung)
                            let wall = flops / 4e9
                            let mse = 0.5 / params * pow(0.6, Double(rung)) * (1 + 0.4 * noise.next())
                            records.append(record(
                                system: system, model: model, activation: system == .burgers ? .tanh : .snake,
                                width: width, depth: depth, seed: seed, testMSE: mse,
                                extrapolationMSE: system == .oscillator ? mse * 40 * pow(0.3, Double(rung)) : nil,
                                trainFLOPs: flops, trainWallSeconds: wall, trainJoules: wall * 21,
                                energySource: system == .burgers ? .measured : .estimated,
                                energyMethod: system == .burgers ? "rapl:intel-rapl:0" : "tdp-share:65W",
                                sweep: name))
                        }
                    }
                }
            }
        }
        return records
    }
}

/// A tiny deterministic generator of numbers in [0, 1) for fixtures.
struct LinearCongruential {
    var state: UInt64

    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}
