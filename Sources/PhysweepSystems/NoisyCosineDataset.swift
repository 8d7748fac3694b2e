extension TrajectoryDataset {
    /// The paper's regression task: y = cos t + N(0, σ²) at `dataPoints` evenly spaced t on
    /// [−5π, 5π] (ends included); tested against the clean cos t on a dense grid of cell centres in
    /// [−5π, 5π] and, for extrapolation, in [5π, 25π] at the same density.
    ///
    /// cos t is the undamped oscillator with ω0 = 1, x(0) = 1, x'(0) = 0, so the PINN residual is
    /// x'' + x; its collocation points are evenly spaced over the whole range [−5π, 25π] (ends
    /// included), because the residual is what can carry the model past the training window.
    public static func noisyCosine(
        dataPoints: Int = 10_000, noiseStd: Double = 0.3, collocationPoints: Int = 100, seed: UInt64 = 0,
        testPoints: Int = 2000, extrapolationPoints: Int = 4000
    ) throws(SystemsError) -> TrajectoryDataset {
        let layout = Layout(
            targetName: "y", trainingDomain: -5 * .pi...5 * .pi, extrapolationDomain: 5 * .pi...25 * .pi,
            collocationDomain: -5 * .pi...25 * .pi,
            dataPoints: dataPoints, collocationPoints: collocationPoints,
            testPoints: testPoints, extrapolationPoints: extrapolationPoints)
        return try build(try Oscillator(omega0: 1, zeta: 0), layout, noiseStd: noiseStd, seed: seed)
    }
}
