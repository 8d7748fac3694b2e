import Foundation

/// The Burgers training and test data: the pieces each rung of the model ladder draws on.
///
/// All splits have input columns ["x", "t"]; the supervised ones have the target column ["u"].
public struct BurgersDataset: Sendable {
    /// The exact solution the data comes from.
    public let solution: BurgersSolution
    /// The reference solution on the test grid (see `BurgersGrid` for its layout).
    public let reference: BurgersGrid
    /// Initial-condition points: x uniform in [−1, 1], t = 0, u = −sin(πx).
    public let initial: SupervisedSplit
    /// Boundary-condition points: t uniform in [0, 1], x alternating −1, +1, −1, …, u = 0.
    public let boundary: SupervisedSplit
    /// Collocation points for the PDE residual: uniform in [−1, 1] × [0, 1], no targets.
    public let collocation: SupervisedSplit
    /// Data points: distinct reference-grid points drawn at random (plus noise, if any).
    public let data: SupervisedSplit
    /// The whole reference grid: relative L2 error is measured here.
    public let test: SupervisedSplit

    /// Builds every split from one `seed` (each from its own `DataStream`, so counts don't interact).
    public static func make(
        nu: Double = BurgersSolution.defaultNu, icPoints: Int = 256, bcPoints: Int = 200,
        collocationPoints: Int = 10_000, dataPoints: Int = 0, noiseStd: Double = 0, seed: UInt64 = 0,
        gridX: Int = 256, gridT: Int = 100
    ) throws(SystemsError) -> BurgersDataset {
        for (name, value, least) in [("ic_points", icPoints, 0), ("bc_points", bcPoints, 0),
                                     ("collocation_points", collocationPoints, 0), ("data_points", dataPoints, 0),
                                     ("grid_x", gridX, 2), ("grid_t", gridT, 2)] where value < least {
            throw .countOutOfRange(name: name, value: value, expected: "at least \(least)")
        }
        guard noiseStd >= 0, noiseStd.isFinite else {
            throw .parameterOutOfRange(name: "noise_std", value: noiseStd, expected: "a finite number ≥ 0")
        }
        guard dataPoints <= gridX * gridT else {
            throw .tooManyPoints(what: "data points from the reference grid", requested: dataPoints,
                                 available: gridX * gridT)
        }
        let solution = try BurgersSolution(nu: nu)
        let reference = solution.grid(gridX: gridX, gridT: gridT)
        let test = reference.split
        return BurgersDataset(
            solution: solution, reference: reference,
            initial: initialSplit(icPoints, seed: seed), boundary: boundarySplit(bcPoints, seed: seed),
            collocation: collocationSplit(collocationPoints, seed: seed),
            data: dataSplit(dataPoints, from: test, noiseStd: noiseStd, seed: seed), test: test)
    }

    /// x uniform in [−1, 1] at t = 0, with the initial condition's exact value.
    private static func initialSplit(_ count: Int, seed: UInt64) -> SupervisedSplit {
        var random = DataStream.initial.generator(seed: seed)
        let xs = (0..<count).map { _ in random.nextUniform(in: BurgersSolution.xDomain) }
        return SupervisedSplit(inputColumns: ["x", "t"], targetColumns: ["u"],
                               inputs: xs.flatMap { [$0, 0] }, targets: xs.map { -sin(Double.pi * $0) })
    }

    /// t uniform in [0, 1] on alternating ends x = −1, +1 (so both walls get half), where u = 0.
    private static func boundarySplit(_ count: Int, seed: UInt64) -> SupervisedSplit {
        var random = DataStream.boundary.generator(seed: seed)
        let walls = BurgersSolution.xDomain
        let inputs = (0..<count).flatMap { i in
            [i % 2 == 0 ? walls.lowerBound : walls.upperBound, random.nextUniform(in: BurgersSolution.tDomain)]
        }
        return SupervisedSplit(inputColumns: ["x", "t"], targetColumns: ["u"], inputs: inputs,
                               targets: Array(repeating: 0, count: count))
    }

    /// Points uniform in the space-time domain, without targets.
    private static func collocationSplit(_ count: Int, seed: UInt64) -> SupervisedSplit {
        var random = DataStream.collocation.generator(seed: seed)
        let inputs = (0..<count).flatMap { _ in
            [random.nextUniform(in: BurgersSolution.xDomain), random.nextUniform(in: BurgersSolution.tDomain)]
        }
        return SupervisedSplit(inputColumns: ["x", "t"], targetColumns: [], inputs: inputs, targets: [])
    }

    /// `count` distinct points of `reference`, with Gaussian noise on u if `noiseStd` > 0.
    private static func dataSplit(_ count: Int, from reference: SupervisedSplit, noiseStd: Double,
                                   seed: UInt64) -> SupervisedSplit {
        var random = DataStream.data.generator(seed: seed)
        let picked = reference.rows(random.sample(count, from: reference.count))
        guard noiseStd > 0 else { return picked }
        var noise = DataStream.noise.generator(seed: seed)
        return SupervisedSplit(inputColumns: picked.inputColumns, targetColumns: picked.targetColumns,
                               inputs: picked.inputs, targets: picked.targets.map { $0 + noise.nextNormal(std: noiseStd) })
    }
}
