/// The default hypervolume reference point, so that hypervolumes of one night can be recomputed and
/// compared with another's (the point used is always stored with the number).
public enum ReferencePoint {
    /// How the default is chosen, as printed in reports.
    public static let rule = "per objective: the worst value among the analysed results plus 10% of that objective's range "
        + "(max − min), in the minimisation frame; when the range is zero, plus 10% of |worst| (or plus 1 when the worst is 0)"

    /// The default reference point for `points` (minimisation frame, all of one dimension, at least one point).
    public static func standard(for points: [[Double]]) -> [Double] {
        precondition(!points.isEmpty, "a reference point needs at least one point")
        return points[0].indices.map { j in
            let column = points.map { $0[j] }
            let worst = column.max()!, best = column.min()!
            let margin = worst > best ? 0.1 * (worst - best) : (worst != 0 ? 0.1 * abs(worst) : 1)
            return worst + margin
        }
    }
}
