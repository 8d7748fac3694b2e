import Foundation
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

    func draw(using rng: inout SplitMix64) -> ConfigValue {
        switch self {
        case .uniform(let low, let high, let integer):
            if integer {
                let span = UInt64(high - low) + 1
                return .int(Int(low) + Int(rng.next() % span))
            }
            return .double(low + (high - low) * rng.nextUnit())
        case .logUniform(let low, let high, let integer):
            let value = exp(log(low) + (log(high) - log(low)) * rng.nextUnit())
            return integer ? .int(Int(value.rounded())) : .double(value)
        case .choice(let values):
            return values[Int(rng.next() % UInt64(values.count))]
        }
    }
}

/// SplitMix64: a tiny, fast generator whose output is fixed by its seed on every platform,
/// so a spec's random samples are the same wherever it is expanded.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
