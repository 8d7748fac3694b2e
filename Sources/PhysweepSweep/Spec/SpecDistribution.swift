import Foundation
import PhysweepSystems
import PhysweepTraining

/// How a `random:` parameter is drawn.
enum SpecDistribution: Hashable {
    /// Uniform on [low, high]; integers (inclusive) when both bounds are written as integers.
    case uniform(low: Double, high: Double, integer: Bool)
    /// Uniform in log space on [low, high] (low > 0); rounded to integers when both bounds are integers.
    case logUniform(low: Double, high: Double, integer: Bool)
    /// One of the listed values, each equally likely.
    case choice([ConfigValue])

    /// The spec keyword of each kind, for messages and suggestions.
    static let keywords = ["uniform", "log_uniform", "choice"]

    func draw(using rng: inout SeededGenerator) -> ConfigValue {
        switch self {
        case .uniform(let low, let high, let integer):
            if integer {
                return .int(Int(low) + rng.nextIndex(below: Int(high - low) + 1))
            }
            return .double(rng.nextUniform(in: low..<high))
        case .logUniform(let low, let high, let integer):
            let value = exp(rng.nextUniform(in: log(low)..<log(high)))
            return integer ? .int(Int(value.rounded())) : .double(value)
        case .choice(let values):
            return values[rng.nextIndex(below: values.count)]
        }
    }
}
