/// A solution u(x, t) tabulated on a tensor grid.
///
/// Layout: `u[it * xs.count + ix]` is u(xs[ix], ts[it]) — time is the slow index, so each
/// `xs.count`-long run of `u` is one snapshot in time.
public struct BurgersGrid: Equatable, Sendable {
    /// Grid positions in x, ascending.
    public let xs: [Double]
    /// Grid times, ascending.
    public let ts: [Double]
    /// The values, row-major [ts.count, xs.count].
    public let u: [Double]

    /// A grid of `u` values laid out as described on the type.
    public init(xs: [Double], ts: [Double], u: [Double]) {
        precondition(u.count == xs.count * ts.count, "\(u.count) values for a \(xs.count) × \(ts.count) grid")
        self.xs = xs
        self.ts = ts
        self.u = u
    }

    /// Number of grid points.
    public var count: Int { u.count }

    /// u(xs[ix], ts[it]).
    public func value(ix: Int, it: Int) -> Double { u[it * xs.count + ix] }

    /// Every grid point as an (x, t) → u split, in the storage order of `u`.
    public var split: SupervisedSplit {
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * count)
        for t in ts {
            for x in xs { inputs.append(x); inputs.append(t) }
        }
        return SupervisedSplit(inputColumns: ["x", "t"], targetColumns: ["u"], inputs: inputs, targets: u)
    }
}
