import Foundation
import PhysweepSweep

/// Numbers as printed in human-facing tables and plots (CSV and JSON keep full precision).
enum NumberFormat {
    /// Three significant digits, plain for 0.01 ≤ |x| < 100 000, otherwise scientific ("1.23e-4").
    static func short(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 0.01 && magnitude < 100_000 {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            return String(format: "%.\(decimals)f", value)
        }
        let text = String(format: "%.\(digits - 1)e", value)
        // "1.23e-04" → "1.23e-4", "1.00e+06" → "1.00e6".
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = text[..<e]
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// `short` without trailing zeros after the decimal point ("0.500" → "0.5", "1.00" → "1"), for
    /// axis ticks, which are round numbers.
    static func tick(_ value: Double) -> String {
        let text = short(value)
        guard text.contains("."), !text.contains("e") else { return text }
        let trimmed = text.reversed().drop { $0 == "0" }.drop { $0 == "." }
        return String(trimmed.reversed())
    }

    /// "mean ± std", or just the mean when there is no spread to show.
    static func meanStd(_ summary: MetricSummary) -> String {
        // A spread at rounding level (identical values summed in another order) is no spread.
        guard let std = summary.std, std > 1e-12 * abs(summary.mean) else { return short(summary.mean) }
        return "\(short(summary.mean)) ± \(short(std, digits: 2))"
    }
}
