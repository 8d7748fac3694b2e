extension TrajectoryDataset {
    /// The oscillator task (as in the paper): `dataPoints` samples evenly spaced on [0, 10] (ends
    /// included), collocation points evenly spaced on [0, 30], a dense test set on [0, 10] and an
    /// extrapolation set on [10, 30] at the same density.
    public static func oscillator(
        _ oscillator: Oscillator, dataPoints: Int = 25, collocationPoints: Int = 100,
        noiseStd: Double = 0, seed: UInt64 = 0, testPoints: Int = 1000, extrapolationPoints: Int = 2000
    ) throws(SystemsError) -> TrajectoryDataset {
        let layout = Layout(
            targetName: "x", trainingDomain: 0...10, extrapolationDomain: 10...30, collocationDomain: 0...30,
            dataPoints: dataPoints, collocationPoints: collocationPoints,
            testPoints: testPoints, extrapolationPoints: extrapolationPoints)
        return try build(oscillator, layout, noiseStd: noiseStd, seed: seed)
    }
}
