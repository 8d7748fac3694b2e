import Foundation

/// The damped harmonic oscillator x'' + 2ζω0 x' + ω0² x = 0, x(0) = x0, x'(0) = v0, solved exactly.
///
/// Only the undamped (ζ = 0) and under-damped (0 < ζ < 1) regimes are supported: they oscillate,
/// which is what the extrapolation experiments are about.
public struct Oscillator: Equatable, Sendable {
    /// Natural angular frequency ω0 (> 0).
    public let omega0: Double
    /// Damping ratio ζ, in [0, 1).
    public let zeta: Double
    /// Initial position x(0).
    public let x0: Double
    /// Initial velocity x'(0).
    public let v0: Double

    /// An oscillator; throws unless ω0 > 0 and 0 ≤ ζ < 1 (critical and over-damping are not covered).
    public init(omega0: Double, zeta: Double, x0: Double = 1, v0: Double = 0) throws(SystemsError) {
        guard omega0 > 0, omega0.isFinite else {
            throw .parameterOutOfRange(name: "omega0", value: omega0, expected: "a finite number > 0")
        }
        guard zeta >= 0, zeta < 1 else {
            throw .parameterOutOfRange(name: "zeta", value: zeta,
                                       expected: "0 ≤ zeta < 1 (undamped or under-damped)")
        }
        guard x0.isFinite, v0.isFinite else {
            throw .parameterOutOfRange(name: x0.isFinite ? "v0" : "x0", value: x0.isFinite ? v0 : x0,
                                       expected: "a finite number")
        }
        self.omega0 = omega0
        self.zeta = zeta
        self.x0 = x0
        self.v0 = v0
    }

    /// The coefficient of x' in the ODE, 2ζω0 (the paper's d·ω0 with d = 2ζ).
    public var damping: Double { 2 * zeta * omega0 }
    /// The coefficient of x in the ODE, ω0².
    public var stiffness: Double { omega0 * omega0 }
    /// The damped angular frequency ωd = ω0 √(1 − ζ²).
    public var dampedFrequency: Double { omega0 * (1 - zeta * zeta).squareRoot() }

    /// The exact position x(t) = e^(−ζω0 t) (x0 cos ωd t + B sin ωd t), B = (v0 + ζω0 x0) / ωd.
    public func position(at t: Double) -> Double {
        let (a, b) = coefficients
        let wd = dampedFrequency
        return exp(-zeta * omega0 * t) * (a * cos(wd * t) + b * sin(wd * t))
    }

    /// The exact velocity x'(t).
    public func velocity(at t: Double) -> Double {
        let (a, b) = coefficients
        let wd = dampedFrequency
        let decay = zeta * omega0
        return exp(-decay * t) * ((wd * b - decay * a) * cos(wd * t) - (wd * a + decay * b) * sin(wd * t))
    }

    /// The ODE residual x'' + 2ζω0 x' + ω0² x of a candidate solution's derivatives (0 for the exact one).
    public func residual(position x: Double, velocity dx: Double, acceleration d2x: Double) -> Double {
        d2x + damping * dx + stiffness * x
    }

    /// The cosine and sine amplitudes of the solution inside the decaying envelope.
    private var coefficients: (Double, Double) {
        (x0, (v0 + zeta * omega0 * x0) / dampedFrequency)
    }
}
