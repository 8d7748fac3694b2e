/// Non-dominated sorting: splits points into successive Pareto fronts.
///
/// Points are in the *minimisation frame* (smaller is better in every coordinate; see
/// `ParetoObjective.oriented(_:)`) and must be finite: callers exclude missing or non-finite values first.
/// Identical points do not dominate each other, so exact duplicates always share a rank.
public enum NonDominatedSort {
    /// Whether `a` dominates `b`: no worse in every coordinate and strictly better in at least one.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var strictlyBetter = false
        for j in a.indices {
            if a[j] > b[j] { return false }
            if a[j] < b[j] { strictlyBetter = true }
        }
        return strictlyBetter
    }

    /// The front rank of every point: 0 = not dominated by any point, 1 = not dominated once the
    /// rank-0 points are removed, and so on.
    public static func ranks(_ points: [[Double]]) -> [Int] {
        guard let dimension = points.first?.count else { return [] }
        precondition(points.allSatisfy { $0.count == dimension }, "points of different dimensions")
        return dimension == 2 ? ranks2D(points) : ranksGeneral(points)
    }

    /// O(n log n) for two objectives.
    ///
    /// After sorting by (f1, f2), a later point can never dominate an earlier one, so each point's
    /// rank is final when it is visited. Within one front, points with equal f2 have equal f1 (else
    /// one would dominate the other), so a front is summarised by the key (f2, f1) of its lowest
    /// point, and these keys strictly increase from front to front. A point is dominated by front k
    /// exactly when that front's key is lexicographically smaller than the point's own key (f2, f1),
    /// so its rank is the first front whose key is not smaller: a binary search.
    static func ranks2D(_ points: [[Double]]) -> [Int] {
        let order = points.indices.sorted { (points[$0][0], points[$0][1]) < (points[$1][0], points[$1][1]) }
        var frontKeys: [(Double, Double)] = []
        var ranks = [Int](repeating: 0, count: points.count)
        for i in order {
            let key = (points[i][1], points[i][0])
            var low = 0, high = frontKeys.count
            while low < high {
                let mid = (low + high) / 2
                if frontKeys[mid] < key { low = mid + 1 } else { high = mid }
            }
            ranks[i] = low
            if low == frontKeys.count { frontKeys.append(key) } else { frontKeys[low] = key }
        }
        return ranks
    }

    /// O(M n²) for any number of objectives (Deb et al.'s fast non-dominated sort): count how many
    /// points dominate each point, then peel off the fronts.
    static func ranksGeneral(_ points: [[Double]]) -> [Int] {
        let n = points.count
        var dominatorCount = [Int](repeating: 0, count: n)
        var dominatedSets = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                if dominates(points[i], points[j]) {
                    dominatedSets[i].append(j)
                    dominatorCount[j] += 1
                } else if dominates(points[j], points[i]) {
                    dominatedSets[j].append(i)
                    dominatorCount[i] += 1
                }
            }
        }
        var ranks = [Int](repeating: 0, count: n)
        var current = (0..<n).filter { dominatorCount[$0] == 0 }
        var rank = 0
        while !current.isEmpty {
            var next: [Int] = []
            for i in current {
                ranks[i] = rank
                for j in dominatedSets[i] {
                    dominatorCount[j] -= 1
                    if dominatorCount[j] == 0 { next.append(j) }
                }
            }
            current = next
            rank += 1
        }
        return ranks
    }
}
