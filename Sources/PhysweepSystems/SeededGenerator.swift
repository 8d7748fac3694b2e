import Foundation

/// A deterministic random number generator: xoshiro256** seeded through SplitMix64.
///
/// Every random choice in physweep (data, noise, initial weights, minibatch order) draws from one of
/// these, so the same seed gives the same numbers on every run. The bit stream and the uniforms are
/// the same on every platform; normals go through the C library's `log`, which may differ in the
/// last bit between platforms. Independent components use independent `stream`s of the same seed,
/// so changing how many numbers one of them draws (say, more collocation points) leaves the others
/// unchanged.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for `seed`; different `stream`s of one seed are statistically independent.
    public init(seed: UInt64, stream: UInt64 = 0) {
        // SplitMix64 spreads any seed (including 0) over the full 256-bit state, which xoshiro needs
        // to be non-zero. The stream is hashed in so that (seed, stream) pairs don't overlap.
        var mixer = SplitMix64(state: seed ^ SplitMix64.mix(stream &+ 0x6A09_E667_F3BC_C909))
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    /// A uniform double in `range` (half-open), with 53 random bits.
    public mutating func nextUniform(in range: Range<Double> = 0..<1) -> Double {
        range.lowerBound + unitInterval() * (range.upperBound - range.lowerBound)
    }

    /// A uniform double in the closed `range`; the upper end is reachable only as a rounding limit.
    public mutating func nextUniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unitInterval() * (range.upperBound - range.lowerBound)
    }

    /// A normally distributed double (Marsaglia's polar method; one draw per call, so the sequence
    /// depends only on how many normals were drawn, not on a cached spare).
    public mutating func nextNormal(mean: Double = 0, std: Double = 1) -> Double {
        while true {
            let u = 2 * unitInterval() - 1
            let v = 2 * unitInterval() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return mean + std * u * (-2 * log(s) / s).squareRoot()
            }
        }
    }

    /// A uniform integer in `0..<upperBound` without modulo bias (Lemire's method).
    public mutating func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextIndex(below:) needs a positive bound")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// Shuffles `array` in place (Fisher–Yates), reproducibly for a given generator state.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, nextIndex(below: i + 1))
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(of count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }

    /// `count` distinct indices from `0..<population`, in random order (partial Fisher–Yates).
    public mutating func sample(_ count: Int, from population: Int) -> [Int] {
        precondition(count <= population, "cannot draw \(count) distinct indices from \(population)")
        var indices = Array(0..<population)
        for i in 0..<count { indices.swapAt(i, i + nextIndex(below: population - i)) }
        return Array(indices.prefix(count))
    }

    /// A double in [0, 1) from the top 53 bits, so every value is an exact multiple of 2⁻⁵³.
    private mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64 (Steele, Lea and Flood 2014): only used to expand a seed into xoshiro's state.
private struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
