import Foundation
import PhysweepSystems
import PhysweepTraining

/// How a `random:` parameter is drawn.
enum SpecDistribution: Hashable {
    /// Uniform on [low, high] (bounds written as numbers).
    case uniform(low: Double, high: Double)
    /// Uniform on the integers low...high, both bounds written as integers (high − low < Int.max, checked when parsed).
    case uniformInteger(low: Int, high: Int)
    /// Uniform in log space on [low, high] (low > 0); rounded to integers when both bounds are integers.
    case logUniform(low: Double, high: Double, integer: Bool)
    /// One of the listed values, each equally likely.
    case choice([ConfigValue])

    /// The spec keyword of each kind, for messages and suggestions.
    static let keywords = ["uniform", "log_uniform", "choice"]

    func draw(using rng: inout SeededGenerator) -> ConfigValue {
        switch self {
        case .uniform(let low, let high):
            return .double(rng.nextUniform(in: low..<high))
        case .uniformInteger(let low, let high):
            return .int(low + rng.nextIndex(below: high - low + 1))
        case .logUniform(let low, let high, let integer):
            let value = exp(rng.nextUniform(in: log(low)..<log(high)))
            return integer ? .int(Self.integer(value.rounded(), in: low...high)) : .double(value)
        case .choice(let values):
            return values[rng.nextIndex(below: values.count)]
        }
    }

    /// A whole number clamped into `range` (whose bounds are integers) before it becomes an `Int`,
    /// so rounding at the top of a range near `Int.max` cannot overflow the conversion.
    private static func integer(_ value: Double, in range: ClosedRange<Double>) -> Int {
        if value <= range.lowerBound { return Int(range.lowerBound) }
        if value >= range.upperBound { return range.upperBound >= 0x1p63 ? Int.max : Int(range.upperBound) }
        return Int(value)
    }
}
