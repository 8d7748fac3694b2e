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
        let xs = BurgersSolution.xDomain, ts = BurgersSolution.tDomain

        var initialRandom = DataStream.initial.generator(seed: seed)
        let icX = (0..<icPoints).map { _ in initialRandom.nextUniform(in: xs) }
        let initial = SupervisedSplit(inputColumns: ["x", "t"], targetColumns: ["u"],
                                      inputs: icX.flatMap { [$0, 0] }, targets: icX.map { -sin(Double.pi * $0) })

        var boundaryRandom = DataStream.boundary.generator(seed: seed)
        let boundaryInputs = (0..<bcPoints).flatMap { i in
            [i % 2 == 0 ? xs.lowerBound : xs.upperBound, boundaryRandom.nextUniform(in: ts)]
        }
        let boundary = SupervisedSplit(inputColumns: ["x", "t"], targetColumns: ["u"], inputs: boundaryInputs,
                                       targets: Array(repeating: 0, count: bcPoints))

        var collocationRandom = DataStream.collocation.generator(seed: seed)
        let collocationInputs = (0..<collocationPoints).flatMap { _ in
            [collocationRandom.nextUniform(in: xs), collocationRandom.nextUniform(in: ts)]
        }
        let collocation = SupervisedSplit(inputColumns: ["x", "t"], targetColumns: [], inputs: collocationInputs,
                                          targets: [])

        var dataRandom = DataStream.data.generator(seed: seed)
        var noise = DataStream.noise.generator(seed: seed)
        let picked = test.rows(dataRandom.sample(dataPoints, from: test.count))
        let data = noiseStd > 0
            ? SupervisedSplit(inputColumns: picked.inputColumns, targetColumns: picked.targetColumns,
                              inputs: picked.inputs, targets: picked.targets.map { $0 + noise.nextNormal(std: noiseStd) })
            : picked

        return BurgersDataset(solution: solution, reference: reference, initial: initial, boundary: boundary,
                              collocation: collocation, data: data, test: test)
    }
}
