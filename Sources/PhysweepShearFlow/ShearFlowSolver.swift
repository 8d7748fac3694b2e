import Foundation

/// A pseudo-spectral solver of 2-D incompressible Navier–Stokes with a passive tracer on
/// `ShearFlowGrid`'s doubly periodic box, in vorticity–streamfunction form:
///
///     ∂t ω + u·∇ω = ν ∇²ω,   ∂t s + u·∇s = D ∇²s,   ∇²ψ = −ω,
///     u = U + ∂z ψ,  w = W − ∂x ψ,   ∇²p = −(∂i uj)(∂j ui)
///
/// with ω = ∂x w − ∂z u, (U, W) the (conserved) mean velocity. Diffusion is integrated exactly by
/// an integrating factor, the advection by Lawson's fourth-order Runge–Kutta, products dealiased by
/// the 2/3 rule. Every step:
///
///     ω̂ₙ, ŝₙ ──N──▶ k1 ──▶ dt = min(CFL limit, maxStep, time left) ──▶ stages 2–4 ──▶ ω̂ₙ₊₁, ŝₙ₊₁
///
/// N(ω̂, ŝ) = −mask · FFT(u ∂xω + w ∂zω, u ∂xs + w ∂zs): ψ̂ = ω̂/k², six inverse FFTs (u, w and the
/// gradients), the products on the grid, two forward FFTs. Spectral coefficients are stored divided
/// by nx·nz, so an inverse FFT gives grid values directly. Deterministic: the same inputs give the
/// same bits (plans are `FFTW_ESTIMATE`, all loops run in a fixed order on one thread).
///
/// ```swift
/// let grid = try ShearFlowGrid(nx: 64, nz: 128)
/// let solver = ShearFlowSolver(grid: grid, viscosity: 1e-3, diffusivity: 1e-3,
///                              velocityX: u0, velocityZ: w0, tracer: s0)
/// solver.advance(to: 0.1)
/// let fields = solver.fields()   // tracer, pressure, velocity_x, velocity_z on the grid
/// ```
public final class ShearFlowSolver {
    /// The grid.
    public let grid: ShearFlowGrid
    /// Kinematic viscosity ν (1/Re).
    public let viscosity: Double
    /// Tracer diffusivity D (ν/Sc).
    public let diffusivity: Double
    /// The CFL number: dt ≤ cfl / (max|u|/dx + max|w|/dz).
    public let cfl: Double
    /// The largest step taken, whatever the CFL limit allows.
    public let maxStep: Double
    /// The simulated time.
    public private(set) var time = 0.0
    /// Steps taken so far.
    public private(set) var steps = 0
    /// The mean velocity (U, W), constant in a periodic box.
    public let meanVelocity: (x: Double, z: Double)

    private let ops: SpectralOperators
    private let fft: FFTPlan2D
    private let normalisation: Double
    // State and Runge–Kutta work space (spectra: 2·modes doubles; grids: nx·nz doubles).
    private let omega: SpectralBuffer, tracer: SpectralBuffer
    private let stageOmega: SpectralBuffer, stageTracer: SpectralBuffer
    private let sumOmega: SpectralBuffer, sumTracer: SpectralBuffer
    private let rateOmega: SpectralBuffer, rateTracer: SpectralBuffer
    private let scratch: SpectralBuffer
    private let u: SpectralBuffer, w: SpectralBuffer, gradX: SpectralBuffer, gradZ: SpectralBuffer
    private let product: SpectralBuffer
    private var cachedStep = Double.nan
    private var factors = (omegaFull: [Double](), omegaHalf: [Double](), tracerFull: [Double](), tracerHalf: [Double]())

    /// A solver started from grid fields (storage order of `grid`). The velocity is projected onto
    /// its divergence-free part (only its vorticity and mean are kept); all fields are dealiased.
    public init(grid: ShearFlowGrid, viscosity: Double, diffusivity: Double,
                velocityX: [Double], velocityZ: [Double], tracer tracerField: [Double],
                cfl: Double = 0.5, maxStep: Double = 1e-2) {
        precondition(velocityX.count == grid.count && velocityZ.count == grid.count && tracerField.count == grid.count)
        precondition(viscosity >= 0 && diffusivity >= 0 && cfl > 0 && maxStep > 0)
        self.grid = grid
        self.viscosity = viscosity
        self.diffusivity = diffusivity
        self.cfl = cfl
        self.maxStep = maxStep
        ops = SpectralOperators(grid: grid)
        fft = FFTPlan2D.shared(nx: grid.nx, nz: grid.nz)
        normalisation = 1 / Double(grid.count)
        let spectrum = 2 * ops.modes
        omega = SpectralBuffer(count: spectrum); tracer = SpectralBuffer(count: spectrum)
        stageOmega = SpectralBuffer(count: spectrum); stageTracer = SpectralBuffer(count: spectrum)
        sumOmega = SpectralBuffer(count: spectrum); sumTracer = SpectralBuffer(count: spectrum)
        rateOmega = SpectralBuffer(count: spectrum); rateTracer = SpectralBuffer(count: spectrum)
        scratch = SpectralBuffer(count: spectrum)
        u = SpectralBuffer(count: grid.count); w = SpectralBuffer(count: grid.count)
        gradX = SpectralBuffer(count: grid.count); gradZ = SpectralBuffer(count: grid.count)
        product = SpectralBuffer(count: grid.count)
        meanVelocity = (velocityX.reduce(0, +) * normalisation, velocityZ.reduce(0, +) * normalisation)

        // ω̂ = i kx ŵ − i kz û, from the transforms of both components.
        let uHat = transform(velocityX), wHat = transform(velocityZ)
        for m in 0..<ops.modes {
            let i = m / ops.nzHalf, j = m - i * ops.nzHalf
            let kx = ops.kx[i], kz = ops.kz[j], keep = ops.mask[m]
            omega.pointer[2 * m] = keep * (-kx * wHat[2 * m + 1] + kz * uHat[2 * m + 1])
            omega.pointer[2 * m + 1] = keep * (kx * wHat[2 * m] - kz * uHat[2 * m])
        }
        let sHat = transform(tracerField)
        for m in 0..<ops.modes {
            tracer.pointer[2 * m] = ops.mask[m] * sHat[2 * m]
            tracer.pointer[2 * m + 1] = ops.mask[m] * sHat[2 * m + 1]
        }
    }

    /// The normalised spectrum of grid values.
    private func transform(_ values: [Double]) -> [Double] {
        values.withUnsafeBufferPointer { product.pointer.update(from: $0.baseAddress!, count: grid.count) }
        fft.forward(product, into: scratch)
        return scratch.array.map { $0 * normalisation }
    }

    // MARK: Stepping

    /// Steps under the CFL limit until `time == end` exactly (the last step is shortened to land
    /// on it). Does nothing if `end <= time`.
    public func advance(to end: Double) {
        while time < end {
            let left = end - time
            let taken = step(limit: left)
            time = taken == left ? end : time + taken
        }
    }

    /// `count` steps of exactly `dt` each (no CFL limit): for convergence studies.
    public func advance(steps count: Int, dt: Double) {
        for _ in 0..<count {
            _ = step(fixed: dt)
            time += dt
        }
    }

    /// One CFL-limited step of at most `limit`; returns the step taken. A step within 10⁻⁶ of
    /// `limit` is stretched to it, so rounding in the accumulated time never leaves a sliver of
    /// a last step.
    private func step(limit: Double) -> Double {
        let (maxU, maxW) = nonlinear(omega, tracer)
        let speed = maxU / grid.dx + maxW / grid.dz
        var dt = min(maxStep, limit)
        if speed > 0 { dt = min(dt, cfl / speed) }
        if limit - dt <= 1e-6 * dt { dt = limit }
        finishStep(dt: dt)
        return dt
    }

    /// One step of exactly `dt`; returns it.
    private func step(fixed dt: Double) -> Double {
        _ = nonlinear(omega, tracer)
        finishStep(dt: dt)
        return dt
    }

    /// Lawson RK4 after the first rate (in rateOmega/rateTracer) is known:
    ///
    ///     y₁ = H(yₙ + dt/2 k1)   y₂ = H yₙ + dt/2 k2   y₃ = E yₙ + dt H k3
    ///     yₙ₊₁ = E yₙ + dt/6 (E k1 + 2H (k2 + k3) + k4),   E = e^(−νk²dt), H = e^(−νk²dt/2)
    private func finishStep(dt: Double) {
        updateFactors(dt: dt)
        let n = ops.modes
        let eO = factors.omegaFull, hO = factors.omegaHalf, eS = factors.tracerFull, hS = factors.tracerHalf
        let y = (omega.pointer, tracer.pointer), k = (rateOmega.pointer, rateTracer.pointer)
        let stage = (stageOmega.pointer, stageTracer.pointer), sum = (sumOmega.pointer, sumTracer.pointer)
        let sixth = dt / 6
        for m in 0..<n {
            for c in 0..<2 {
                let a = 2 * m + c
                sum.0[a] = eO[m] * (y.0[a] + sixth * k.0[a])
                sum.1[a] = eS[m] * (y.1[a] + sixth * k.1[a])
                stage.0[a] = hO[m] * (y.0[a] + 0.5 * dt * k.0[a])
                stage.1[a] = hS[m] * (y.1[a] + 0.5 * dt * k.1[a])
            }
        }
        _ = nonlinear(stageOmega, stageTracer)
        for m in 0..<n {
            for c in 0..<2 {
                let a = 2 * m + c
                sum.0[a] += 2 * sixth * hO[m] * k.0[a]
                sum.1[a] += 2 * sixth * hS[m] * k.1[a]
                stage.0[a] = hO[m] * y.0[a] + 0.5 * dt * k.0[a]
                stage.1[a] = hS[m] * y.1[a] + 0.5 * dt * k.1[a]
            }
        }
        _ = nonlinear(stageOmega, stageTracer)
        for m in 0..<n {
            for c in 0..<2 {
                let a = 2 * m + c
                sum.0[a] += 2 * sixth * hO[m] * k.0[a]
                sum.1[a] += 2 * sixth * hS[m] * k.1[a]
                stage.0[a] = eO[m] * y.0[a] + dt * hO[m] * k.0[a]
                stage.1[a] = eS[m] * y.1[a] + dt * hS[m] * k.1[a]
            }
        }
        _ = nonlinear(stageOmega, stageTracer)
        for a in 0..<(2 * n) {
            y.0[a] = sum.0[a] + sixth * k.0[a]
            y.1[a] = sum.1[a] + sixth * k.1[a]
        }
        steps += 1
    }

    /// The integrating factors for `dt` (recomputed only when dt changes, which under the CFL limit
    /// is every step): H = e^(−νk²dt/2) on the kept modes, E = H².
    private func updateFactors(dt: Double) {
        guard dt != cachedStep else { return }
        cachedStep = dt
        let omegaHalf = ops.decay(coefficient: viscosity, dt: dt / 2)
        let tracerHalf = ops.decay(coefficient: diffusivity, dt: dt / 2)
        factors = (omegaHalf.map { $0 * $0 }, omegaHalf, tracerHalf.map { $0 * $0 }, tracerHalf)
    }

    // MARK: Nonlinear term

    /// rateOmega, rateTracer = N(ω̂, ŝ); returns max |u| and max |w| on the grid.
    private func nonlinear(_ omegaHat: SpectralBuffer, _ tracerHat: SpectralBuffer) -> (Double, Double) {
        velocity(from: omegaHat)
        let maxU = maxAbs(u), maxW = maxAbs(w)
        advection(of: omegaHat, into: rateOmega)
        advection(of: tracerHat, into: rateTracer)
        return (maxU, maxW)
    }

    /// u and w on the grid from ω̂ (through ψ̂ = ω̂/k²).
    private func velocity(from omegaHat: SpectralBuffer) {
        let o = omegaHat.pointer, s = scratch.pointer
        for direction in 0..<2 {
            for m in 0..<ops.modes {
                let i = m / ops.nzHalf, j = m - i * ops.nzHalf
                let psiRe = o[2 * m] * ops.inverseK2[m], psiIm = o[2 * m + 1] * ops.inverseK2[m]
                // û = i kz ψ̂, ŵ = −i kx ψ̂.
                let k = direction == 0 ? ops.kz[j] : -ops.kx[i]
                s[2 * m] = -k * psiIm
                s[2 * m + 1] = k * psiRe
            }
            s[0] = direction == 0 ? meanVelocity.x : meanVelocity.z
            s[1] = 0
            fft.inverse(scratch, into: direction == 0 ? u : w)
        }
    }

    /// −mask · FFT(u ∂x f + w ∂z f) / (nx·nz) into `rate`, with u and w already on the grid.
    private func advection(of fieldHat: SpectralBuffer, into rate: SpectralBuffer) {
        derivative(fieldHat, alongX: true, into: gradX)
        derivative(fieldHat, alongX: false, into: gradZ)
        let up = u.pointer, wp = w.pointer, gx = gradX.pointer, gz = gradZ.pointer, p = product.pointer
        for a in 0..<grid.count { p[a] = up[a] * gx[a] + wp[a] * gz[a] }
        fft.forward(product, into: rate)
        let r = rate.pointer
        for m in 0..<ops.modes {
            let scale = -ops.mask[m] * normalisation
            r[2 * m] *= scale
            r[2 * m + 1] *= scale
        }
    }

    /// ∂x f or ∂z f on the grid, from f̂.
    private func derivative(_ fieldHat: SpectralBuffer, alongX: Bool, into out: SpectralBuffer) {
        let f = fieldHat.pointer, s = scratch.pointer
        for m in 0..<ops.modes {
            let i = m / ops.nzHalf, j = m - i * ops.nzHalf
            let k = alongX ? ops.kx[i] : ops.kz[j]
            s[2 * m] = -k * f[2 * m + 1]
            s[2 * m + 1] = k * f[2 * m]
        }
        fft.inverse(scratch, into: out)
    }

    private func maxAbs(_ buffer: SpectralBuffer) -> Double {
        var result = 0.0
        for a in 0..<buffer.count { result = max(result, abs(buffer.pointer[a])) }
        return result
    }

    // MARK: Output

    /// The current fields on the grid (storage order of `grid`).
    public func fields() -> ShearFlowFields {
        velocity(from: omega)
        let velocityX = u.array, velocityZ = w.array
        // ∇²p = −(ux² + 2 uz wx + wz²), with ux = −wz (divergence-free): −2(ux² + uz wx).
        derivativeOfVelocity(component: 0, alongX: true, into: gradX)   // ux
        derivativeOfVelocity(component: 0, alongX: false, into: gradZ)  // uz
        derivativeOfVelocity(component: 1, alongX: true, into: product) // wx
        let ux = gradX.pointer, uz = gradZ.pointer, wx = product.pointer
        for a in 0..<grid.count { ux[a] = 2 * (ux[a] * ux[a] + uz[a] * wx[a]) }
        fft.forward(gradX, into: scratch)
        let s = scratch.pointer
        for m in 0..<ops.modes {
            // −k² p̂ = −q̂  ⇒  p̂ = q̂ / k² (mean pressure 0, The Well's gauge).
            let scale = ops.mask[m] * ops.inverseK2[m] * normalisation
            s[2 * m] *= scale
            s[2 * m + 1] *= scale
        }
        fft.inverse(scratch, into: product)
        let pressure = product.array
        scratch.copy(from: tracer)
        fft.inverse(scratch, into: gradZ)
        let tracerField = gradZ.array
        scratch.copy(from: omega)
        fft.inverse(scratch, into: gradX)
        return ShearFlowFields(grid: grid, time: time, tracer: tracerField, pressure: pressure,
                               velocityX: velocityX, velocityZ: velocityZ, vorticity: gradX.array)
    }

    /// A derivative of u (component 0) or w (component 1) on the grid.
    private func derivativeOfVelocity(component: Int, alongX: Bool, into out: SpectralBuffer) {
        let o = omega.pointer, s = scratch.pointer
        for m in 0..<ops.modes {
            let i = m / ops.nzHalf, j = m - i * ops.nzHalf
            let psiRe = o[2 * m] * ops.inverseK2[m], psiIm = o[2 * m + 1] * ops.inverseK2[m]
            // û = i kz ψ̂, ŵ = −i kx ψ̂; ∂ multiplies by i k once more: ∂û = −kz k ψ̂, ∂ŵ = kx k ψ̂.
            let k = alongX ? ops.kx[i] : ops.kz[j]
            let factor = component == 0 ? -ops.kz[j] * k : ops.kx[i] * k
            s[2 * m] = factor * psiRe
            s[2 * m + 1] = factor * psiIm
        }
        fft.inverse(scratch, into: out)
    }
}

/// One snapshot of the four fields The Well stores (and the vorticity), on `grid`.
public struct ShearFlowFields: Sendable, Equatable {
    /// The grid the values are on.
    public let grid: ShearFlowGrid
    /// The simulated time of the snapshot.
    public let time: Double
    /// The passive tracer s.
    public let tracer: [Double]
    /// The pressure p (mean zero).
    public let pressure: [Double]
    /// The velocity component along x, u.
    public let velocityX: [Double]
    /// The velocity component along z, w.
    public let velocityZ: [Double]
    /// The vorticity ω = ∂x w − ∂z u.
    public let vorticity: [Double]
}
