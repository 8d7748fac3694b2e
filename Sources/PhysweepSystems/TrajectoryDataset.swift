/// A one-dimensional forecasting task: learn a trajectory from samples in a training window, then
/// predict inside that window (`test`) and beyond it (`extrapolation`).
///
/// The oscillator and noisy-cosine tasks are both of this shape, and both clean signals solve an
/// oscillator ODE (cos t is the undamped ω0 = 1 oscillator), so a PINN uses `oscillator`'s residual
/// on `collocation` for either. Every split has the single input column "t"; the target column is
/// `targetName` ("x" for the oscillator, "y" for the noisy cosine).
public struct TrajectoryDataset: Sendable {
    /// The ODE whose exact solution is the clean signal (and whose residual a PINN penalises).
    public let oscillator: Oscillator
    /// Name of the target column.
    public let targetName: String
    /// Standard deviation of the Gaussian noise added to the training targets (0: clean).
    public let noiseStd: Double
    /// The interval the training samples cover.
    public let trainingDomain: ClosedRange<Double>
    /// The interval beyond the training window that `extrapolation` covers.
    public let extrapolationDomain: ClosedRange<Double>
    /// Training samples: evenly spaced t (ends included), targets = clean signal + noise.
    public let train: SupervisedSplit
    /// Collocation points for the ODE residual: evenly spaced t (ends included), no targets.
    public let collocation: SupervisedSplit
    /// Clean signal at cell centres of the training domain (never on a training point).
    public let test: SupervisedSplit
    /// Clean signal at cell centres of the extrapolation domain.
    public let extrapolation: SupervisedSplit

    /// Where the points go and how many; `build` turns it into a data set.
    struct Layout {
        var targetName: String
        var trainingDomain: ClosedRange<Double>
        var extrapolationDomain: ClosedRange<Double>
        var collocationDomain: ClosedRange<Double>
        var dataPoints: Int
        var collocationPoints: Int
        var testPoints: Int
        var extrapolationPoints: Int
    }

    static func build(_ oscillator: Oscillator, _ layout: Layout, noiseStd: Double, seed: UInt64)
        throws(SystemsError) -> TrajectoryDataset {
        guard layout.dataPoints >= 1 else {
            throw .countOutOfRange(name: "data_points", value: layout.dataPoints, expected: "at least 1")
        }
        guard layout.collocationPoints >= 0 else {
            throw .countOutOfRange(name: "collocation_points", value: layout.collocationPoints, expected: "at least 0")
        }
        guard noiseStd >= 0, noiseStd.isFinite else {
            throw .parameterOutOfRange(name: "noise_std", value: noiseStd, expected: "a finite number ≥ 0")
        }
        var noise = DataStream.noise.generator(seed: seed)
        let name = layout.targetName
        func samples(_ times: [Double], noisy: Bool) -> SupervisedSplit {
            let values = times.map { t in
                oscillator.position(at: t) + (noisy && noiseStd > 0 ? noise.nextNormal(std: noiseStd) : 0)
            }
            return SupervisedSplit(inputColumns: ["t"], targetColumns: [name], inputs: times, targets: values)
        }
        let training = layout.trainingDomain, beyond = layout.extrapolationDomain, residual = layout.collocationDomain
        return TrajectoryDataset(
            oscillator: oscillator, targetName: name, noiseStd: noiseStd,
            trainingDomain: training, extrapolationDomain: beyond,
            train: samples(Spacing.linspace(training.lowerBound, training.upperBound, count: layout.dataPoints),
                           noisy: true),
            collocation: SupervisedSplit(
                inputColumns: ["t"], targetColumns: [],
                inputs: Spacing.linspace(residual.lowerBound, residual.upperBound, count: layout.collocationPoints),
                targets: []),
            test: samples(Spacing.cellCentres(training.lowerBound, training.upperBound, count: layout.testPoints),
                          noisy: false),
            extrapolation: samples(Spacing.cellCentres(beyond.lowerBound, beyond.upperBound,
                                                       count: layout.extrapolationPoints), noisy: false))
    }
}
