import Foundation

/// One axis of a scatter plot: maps data values to [0, 1] and chooses ticks.
///
/// Logarithmic when every value is positive (costs and errors span decades), with a tick and label
/// at every decade; linear with 1-2-5 ticks otherwise (e.g. a zero-energy synthetic task).
struct PlotAxis {
    let title: String
    let isLogarithmic: Bool
    /// The axis range, in log10 units when logarithmic.
    let low: Double, high: Double

    init(title: String, values: [Double]) {
        self.title = title
        let finite = values.filter(\.isFinite)
        isLogarithmic = !finite.isEmpty && finite.allSatisfy { $0 > 0 }
        if isLogarithmic {
            var low = floor(log10(finite.min()!)), high = ceil(log10(finite.max()!))
            if low == high { low -= 1; high += 1 }
            (self.low, self.high) = (low, high)
        } else {
            var low = finite.min() ?? 0, high = finite.max() ?? 1
            if low == high { low -= max(1, abs(low) * 0.1); high += max(1, abs(high) * 0.1) }
            let step = Self.niceStep((high - low) / 5)
            (self.low, self.high) = (floor(low / step) * step, ceil(high / step) * step)
        }
    }

    /// Where `value` falls along the axis, 0 at the low end and 1 at the high end.
    func fraction(_ value: Double) -> Double {
        let v = isLogarithmic ? log10(value) : value
        return (v - low) / (high - low)
    }

    /// Labelled ticks: (value, exponent for log axes, label for linear ones).
    var majorTicks: [Tick] {
        if isLogarithmic {
            let decades = Int(high - low)
            let every = max(1, Int((Double(decades) / 8).rounded(.up)))
            return stride(from: Int(low), through: Int(high), by: every).map { Tick(value: pow(10, Double($0)), exponent: $0) }
        }
        let step = Self.niceStep((high - low) / 5)
        return stride(from: low, through: high + step / 2, by: step).map { Tick(value: abs($0) < step * 1e-9 ? 0 : $0) }
    }

    /// Unlabelled ticks at 2…9 × 10^k on log axes spanning few decades (none on linear axes).
    var minorTicks: [Double] {
        guard isLogarithmic, high - low <= 6 else { return [] }
        return stride(from: Int(low), to: Int(high), by: 1).flatMap { k in (2...9).map { Double($0) * pow(10, Double(k)) } }
    }

    /// The smallest step of the form 1, 2 or 5 × 10^k that is at least `raw`.
    private static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(log10(raw)))
        let scaled = raw / magnitude
        return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * magnitude
    }

    struct Tick {
        var value: Double
        /// Set on log axes: the label is 10^exponent.
        var exponent: Int? = nil
    }
}
