/// Branch-free elementary functions written so the compiler can vectorize loops calling them
/// (libm's calls cannot be vectorized, and at batch sizes in the tens of thousands they dominate).
/// Double versions are accurate to a few ulp; Float versions likewise for Float.
extension Double {
    private static let roundingMagic = 6_755_399_441_055_744.0  // 1.5·2⁵²: x + magic rounds x to an integer

    /// eˣ for x in [−708, 709] (clamped outside): 2ᵏ·e^r with |r| ≤ ln2/2, degree-13 Taylor.
    @inline(__always)
    static func fastExp(_ x: Double) -> Double {
        let clamped = Swift.min(Swift.max(x, -708), 709)
        let shifted = clamped * 1.4426950408889634 + roundingMagic
        let k = shifted - roundingMagic
        let r = (clamped - k * 0.6931471803691238) - k * 1.9082149292705877e-10
        var p = 1.0 / 6_227_020_800
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let scale = Double(bitPattern: (shifted.bitPattern &+ 1023) &<< 52)
        return p * scale
    }

    /// eʸ − 1 for 0 ≤ y ≤ 40: 2ᵏ(1 + r·q(r)) − 1 = 2ᵏ·r·q(r) + (2ᵏ − 1), exact near 0 where k = 0.
    @inline(__always)
    static func fastExpm1(_ y: Double) -> Double {
        let shifted = y * 1.4426950408889634 + roundingMagic
        let k = shifted - roundingMagic
        let r = (y - k * 0.6931471803691238) - k * 1.9082149292705877e-10
        var q = 1.0 / 6_227_020_800
        q = q * r + 1.0 / 479_001_600
        q = q * r + 1.0 / 39_916_800
        q = q * r + 1.0 / 3_628_800
        q = q * r + 1.0 / 362_880
        q = q * r + 1.0 / 40_320
        q = q * r + 1.0 / 5_040
        q = q * r + 1.0 / 720
        q = q * r + 1.0 / 120
        q = q * r + 1.0 / 24
        q = q * r + 1.0 / 6
        q = q * r + 0.5
        q = q * r + 1
        let scale = Double(bitPattern: (shifted.bitPattern &+ 1023) &<< 52)
        return scale * (r * q) + (scale - 1)
    }

    /// tanh x = sign(x)·m/(m + 2) with m = e^{2|x|} − 1.
    @inline(__always)
    static func fastTanh(_ x: Double) -> Double {
        let m = fastExpm1(Swift.min(2 * Swift.abs(x), 40))
        let t = m / (m + 2)
        return x < 0 ? -t : t
    }

    /// sin(r) for |r| ≤ π/2 by its Taylor series to r²¹.
    @inline(__always)
    private static func reducedSin(_ r: Double) -> Double {
        let r2 = r * r
        var p = -1.0 / 51_090_942_171_709_440_000
        p = p * r2 + 1.0 / 121_645_100_408_832_000
        p = p * r2 - 1.0 / 355_687_428_096_000
        p = p * r2 + 1.0 / 1_307_674_368_000
        p = p * r2 - 1.0 / 6_227_020_800
        p = p * r2 + 1.0 / 39_916_800
        p = p * r2 - 1.0 / 362_880
        p = p * r2 + 1.0 / 5_040
        p = p * r2 - 1.0 / 120
        p = p * r2 + 1.0 / 6
        return r - r * r2 * p
    }

    /// sin x for |x| < 2²⁰: x = kπ + r (three-part π), sin x = (−1)ᵏ sin r.
    @inline(__always)
    static func fastSin(_ x: Double) -> Double { sinOfShifted(x, halfTurns: 0) }

    /// cos x = sin(x + π/2), reduced without forming x + π/2.
    @inline(__always)
    static func fastCos(_ x: Double) -> Double { sinOfShifted(x, halfTurns: 0.5) }

    @inline(__always)
    private static func sinOfShifted(_ x: Double, halfTurns: Double) -> Double {
        let shifted = x * 0.3183098861837907 + halfTurns + roundingMagic
        let k = shifted - roundingMagic - halfTurns
        let r = ((x - k * 3.141592653589793) - k * 1.2246467991473532e-16) - k * -2.9947698097183397e-33
        let s = reducedSin(r)
        return Double(bitPattern: s.bitPattern ^ (shifted.bitPattern &<< 63))
    }
}

extension Float {
    private static let roundingMagic: Float = 12_582_912  // 1.5·2²³

    @inline(__always)
    static func fastExp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87), 88)
        let shifted = clamped * 1.442695 + roundingMagic
        let k = shifted - roundingMagic
        let r = (clamped - k * 0.693359375) - k * -2.12194440e-4
        var p: Float = 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let scale = Float(bitPattern: (shifted.bitPattern &+ 127) &<< 23)
        return p * scale
    }

    @inline(__always)
    static func fastExpm1(_ y: Float) -> Float {
        let shifted = y * 1.442695 + roundingMagic
        let k = shifted - roundingMagic
        let r = (y - k * 0.693359375) - k * -2.12194440e-4
        var q: Float = 1.0 / 5_040
        q = q * r + 1.0 / 720
        q = q * r + 1.0 / 120
        q = q * r + 1.0 / 24
        q = q * r + 1.0 / 6
        q = q * r + 0.5
        q = q * r + 1
        let scale = Float(bitPattern: (shifted.bitPattern &+ 127) &<< 23)
        return scale * (r * q) + (scale - 1)
    }

    /// erf x with an absolute error under 5·10⁻⁷ (Abramowitz & Stegun 7.1.26, |ε| ≤ 1.5·10⁻⁷, plus
    /// Float's rounding in the cancellation below x ≈ 0.3): 1 − t·P(t)·e^{−x²} with t = 1/(1 + p|x|), odd in x.
    @inline(__always)
    static func fastErf(_ x: Float) -> Float {
        let a = Swift.abs(x)
        let t = 1 / (1 + 0.3275911 * a)
        var p: Float = 1.061405429
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let y = 1 - p * t * fastExp(-a * a)
        return x < 0 ? -y : y
    }

    @inline(__always)
    static func fastTanh(_ x: Float) -> Float {
        let m = fastExpm1(Swift.min(2 * Swift.abs(x), 20))
        let t = m / (m + 2)
        return x < 0 ? -t : t
    }

    @inline(__always)
    private static func reducedSin(_ r: Float) -> Float {
        let r2 = r * r
        var p: Float = -7.6471637e-13  // −1/15!
        p = p * r2 + 1.0 / 6_227_020_800
        p = p * r2 - 1.0 / 39_916_800
        p = p * r2 + 1.0 / 362_880
        p = p * r2 - 1.0 / 5_040
        p = p * r2 + 1.0 / 120
        p = p * r2 - 1.0 / 6
        return r + r * r2 * p
    }

    @inline(__always)
    static func fastSin(_ x: Float) -> Float { sinOfShifted(x, halfTurns: 0) }

    @inline(__always)
    static func fastCos(_ x: Float) -> Float { sinOfShifted(x, halfTurns: 0.5) }

    @inline(__always)
    private static func sinOfShifted(_ x: Float, halfTurns: Float) -> Float {
        let shifted = x * 0.31830988 + halfTurns + roundingMagic
        let k = shifted - roundingMagic - halfTurns
        let r = ((x - k * 3.140625) - k * 9.67502593994140625e-4) - k * 1.509957990978376432e-7
        let s = reducedSin(r)
        return Float(bitPattern: s.bitPattern ^ (shifted.bitPattern &<< 31))
    }
}

extension Double {
    /// √x for x ≥ 0 from a bit-level 1/√x guess refined by four Newton steps (libm's sqrt call
    /// keeps an errno branch that stops vectorization).
    @inline(__always)
    static func fastSquareRoot(_ x: Double) -> Double {
        let v = Swift.max(x, .leastNormalMagnitude)
        var y = Double(bitPattern: 0x5FE6_EB50_C7B5_37A9 &- (v.bitPattern &>> 1))
        let half = 0.5 * v
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        return x * y
    }
}

extension Float {
    /// √x for x ≥ 0 (three Newton steps on the bit-level 1/√x guess).
    @inline(__always)
    static func fastSquareRoot(_ x: Float) -> Float {
        let v = Swift.max(x, .leastNormalMagnitude)
        var y = Float(bitPattern: 0x5F37_5A86 &- (v.bitPattern &>> 1))
        let half = 0.5 * v
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        return x * y
    }
}
