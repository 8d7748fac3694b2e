extension PhaseMeter {
    /// Runs `pass` `repeats` times, metering each, and returns the pass with the median wall time
    /// (see `PhaseCost.medianByWallTime`). Each pass is charged `flopsPerPass`.
    public static func medianPass(repeats: Int, settings: MeterSettings = MeterSettings(), flopsPerPass: Double,
                                  _ pass: () throws -> Void) rethrows -> PhaseCost {
        var costs: [PhaseCost] = []
        for _ in 0..<max(1, repeats) {
            let meter = start(settings: settings)
            try pass()
            costs.append(meter.stop(flops: flopsPerPass))
        }
        return PhaseCost.medianByWallTime(costs)!  // non-empty: at least one pass ran
    }
}

extension PhaseCost {
    /// The pass whose wall time is the median (the lower middle one for an even count), whole.
    ///
    /// Taking one real pass, rather than the median of each field separately, keeps the figures of the
    /// result consistent with each other: its energy, CO2 and label belong to the same pass as its time.
    /// Per-field medians could pair a measured energy from one pass with the time of another. Nil when
    /// `passes` is empty.
    public static func medianByWallTime(_ passes: [PhaseCost]) -> PhaseCost? {
        guard !passes.isEmpty else { return nil }
        let sorted = passes.sorted { $0.wallSeconds < $1.wallSeconds }
        return sorted[(sorted.count - 1) / 2]
    }
}
