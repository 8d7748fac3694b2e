/// SplitMix64: a tiny deterministic generator so every test draws the same numbers on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` uniform draws in `range`.
    mutating func uniform(_ count: Int, in range: ClosedRange<Double>) -> [Double] {
        (0..<count).map { _ in Double.random(in: range, using: &self) }
    }

    /// `count` uniform draws whose magnitude lies in `magnitude`, with random sign.
    mutating func awayFromZero(_ count: Int, magnitude: ClosedRange<Double>) -> [Double] {
        (0..<count).map { _ in Double.random(in: magnitude, using: &self) * (Bool.random(using: &self) ? 1 : -1) }
    }
}
