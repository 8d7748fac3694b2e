/// Evenly spaced sample positions on an interval.
public enum Spacing {
    /// `count` points from `start` to `end`, both ends included (like numpy's `linspace`).
    public static func linspace(_ start: Double, _ end: Double, count: Int) -> [Double] {
        precondition(count >= 0, "a negative number of points")
        if count == 1 { return [start] }
        let step = (end - start) / Double(count - 1)
        // The last point is set exactly so that the interval's end is hit without rounding drift.
        return (0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }
    }

    /// The centres of `count` equal cells covering [start, end]: evenly spaced, never on an end.
    ///
    /// Test grids use these so that they never coincide with `linspace` training points.
    public static func cellCentres(_ start: Double, _ end: Double, count: Int) -> [Double] {
        precondition(count >= 0, "a negative number of points")
        let step = (end - start) / Double(count)
        return (0..<count).map { start + (Double($0) + 0.5) * step }
    }
}
