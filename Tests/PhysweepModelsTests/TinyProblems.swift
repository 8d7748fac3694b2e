import PhysweepModels
import PhysweepSystems
import PhysweepTensor
import XCTest

/// Small data sets and networks that make exact checks cheap.
enum TinyProblems {
    static let activations: [ActivationFunction] = [.tanh, .snake(alpha: 0.7), .sine, .gelu]

    static func network(inputs: Int, activation: ActivationFunction, hard: Bool = false, width: Int = 5,
                        depth: Int = 2, seed: UInt64 = 3) -> NetworkSpec {
        NetworkSpec(inputs: inputs, width: width, depth: depth, activation: activation,
                    constraint: hard ? BurgersHardConstraint(xColumn: 0, tColumn: 1) : nil, seed: seed)
    }

    static func oscillator(dataPoints: Int = 6, collocationPoints: Int = 9) throws -> TrajectoryDataset {
        try TrajectoryDataset.oscillator(try Oscillator(omega0: 1.3, zeta: 0.1), dataPoints: dataPoints,
                                         collocationPoints: collocationPoints, testPoints: 4, extrapolationPoints: 4)
    }

    /// Random (x, t) in [−1, 1] × [0, 1] with targets from a smooth stand-in for the solution (the
    /// checks here are about derivatives and training, not about Burgers' true solution).
    static func burgers(count: Int = 7, seed: UInt64 = 5) -> BurgersPoints {
        var generator = SeededGenerator(seed: seed)
        func split(_ n: Int, x: ((inout SeededGenerator) -> Double)? = nil, t: ((inout SeededGenerator) -> Double)? = nil,
                   targets: Bool) -> SupervisedSplit {
            var inputs: [Double] = [], values: [Double] = []
            for _ in 0..<n {
                let xi = x?(&generator) ?? generator.nextUniform(in: -1.0...1.0)
                let ti = t?(&generator) ?? generator.nextUniform(in: 0.0...1.0)
                inputs += [xi, ti]
                values.append(-sin(Double.pi * xi) * exp(-ti))
            }
            return SupervisedSplit(inputColumns: ["x", "t"], targetColumns: targets ? ["u"] : [],
                                   inputs: inputs, targets: targets ? values : [])
        }
        return BurgersPoints(
            collocation: split(count, targets: false),
            initial: split(count, t: { _ in 0 }, targets: true),
            boundary: split(count, x: { $0.nextUniform(in: 0..<1) < 0.5 ? -1 : 1 }, targets: true),
            data: split(count, targets: true))
    }

    /// Every Burgers rung on `points`, with the network it needs.
    static func burgersObjectives(_ points: BurgersPoints, activation: ActivationFunction, width: Int = 5,
                                  depth: Int = 2, nu: Double = 0.05, physicsWeight: Double = 0.7) -> [(String, Objective<Double>)] {
        let losses: [(String, BurgersLoss)] = [
            ("nn", .data), ("b-pinn", .softConstraints(withData: false)), ("d-pinn", .softConstraints(withData: true)),
            ("c-pinn", .hardConstraints(withData: false)), ("c-pinn+data", .hardConstraints(withData: true)),
        ]
        return losses.map { name, loss in
            let hard: Bool
            if case .hardConstraints = loss { hard = true } else { hard = false }
            let spec = network(inputs: 2, activation: activation, hard: hard, width: width, depth: depth)
            return (name, Objective<Double>.burgers(points, loss: loss, nu: nu, physicsWeight: physicsWeight,
                                                    network: spec, batchRows: points.data.count))
        }
    }

    /// Both trajectory rungs on `dataset`.
    static func trajectoryObjectives(_ dataset: TrajectoryDataset, activation: ActivationFunction,
                                     width: Int = 5, depth: Int = 2) -> [(String, Objective<Double>)] {
        let spec = network(inputs: 1, activation: activation, width: width, depth: depth)
        return [("mlp", .data), ("pinn", .dataAndResidual(physicsWeight: 0.3))].map { name, loss in
            (name, Objective<Double>.trajectory(dataset, loss: loss, network: spec, batchRows: dataset.train.count))
        }
    }
}

/// ‖a − b‖ / ‖b‖.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var difference = 0.0, norm = 0.0
    for (x, y) in zip(a, b) {
        difference += (x - y) * (x - y)
        norm += y * y
    }
    return (difference / norm).squareRoot()
}
