/// The hypervolume indicator: the volume of objective space dominated by a set of points and
/// bounded by a reference point, all in the minimisation frame. Larger is better.
///
/// Exact in any dimension by slicing (HSO): sort by the last objective, and between consecutive
/// levels the dominated region is a prism whose base is the (d−1)-dimensional hypervolume of the
/// points at or below that level. Two dimensions are a sort-and-sweep. Cost grows like n^(d−1)
/// (times log n), ample for the fronts of a sweep (hundreds of points, 2–4 objectives).
public enum Hypervolume {
    /// The volume dominated by `points` inside the box bounded by `reference`. Points that are not
    /// strictly better than the reference in every coordinate add nothing.
    public static func of(_ points: [[Double]], reference: [Double]) -> Double {
        precondition(points.allSatisfy { $0.count == reference.count }, "points and reference differ in dimension")
        let inside = points.filter { zip($0, reference).allSatisfy { $0 < $1 } }
        return volume(inside, reference)
    }

    private static func volume(_ points: [[Double]], _ reference: [Double]) -> Double {
        guard !points.isEmpty else { return 0 }
        switch reference.count {
        case 0: return 0
        case 1: return reference[0] - points.map { $0[0] }.min()!
        case 2: return area(points, reference)
        default: return slicedVolume(points, reference)
        }
    }

    /// Two dimensions: sweep in increasing f1; each point that lowers the running minimum of f2
    /// adds the strip between its f2 and that minimum, extending to the reference's f1.
    private static func area(_ points: [[Double]], _ reference: [Double]) -> Double {
        let sorted = points.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        var lowestY = reference[1]
        var total = 0.0
        for p in sorted where p[1] < lowestY {
            total += (reference[0] - p[0]) * (lowestY - p[1])
            lowestY = p[1]
        }
        return total
    }

    /// d ≥ 3: slices along the last coordinate. The projected base set is kept non-dominated as
    /// points are added, and a point whose projection is dominated leaves the base volume unchanged,
    /// so that volume is reused instead of recomputed.
    private static func slicedVolume(_ points: [[Double]], _ reference: [Double]) -> Double {
        let last = reference.count - 1
        let baseReference = Array(reference.prefix(last))
        let sorted = points.sorted { $0[last] < $1[last] }
        var base: [[Double]] = []
        var baseVolume = 0.0
        var total = 0.0
        for (i, point) in sorted.enumerated() {
            let projection = Array(point.prefix(last))
            let covered = base.contains { $0 == projection || NonDominatedSort.dominates($0, projection) }
            if !covered {
                base.removeAll { NonDominatedSort.dominates(projection, $0) }
                base.append(projection)
                baseVolume = volume(base, baseReference)
            }
            let top = i + 1 < sorted.count ? sorted[i + 1][last] : reference[last]
            total += baseVolume * (top - point[last])
        }
        return total
    }
}
