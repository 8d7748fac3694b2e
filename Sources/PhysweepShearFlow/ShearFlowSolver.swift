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
/// N(ω̂, ŝ) = −mask · FFT(u·∇ω, u·∇s), in the divergence form u·∇ω = (∂x² − ∂z²)(uw) + ∂x∂z(w² − u²)
/// (the curl of ∇·(u⊗u), equal to the advective form for a divergence-free u) and u·∇s = ∂x(us) +
/// ∂z(ws): ψ̂ = ω̂/k², three inverse FFTs (u, w, s), four products on the grid (uw, w² − u², us, ws),
/// four forward FFTs, the derivatives in spectral space: seven real transforms a stage instead of the
/// advective form's eight, run by `StageFFT` as five FFTW calls (two real fields as one complex one
/// along z; since the state is dealiased, the pass along x covers the kept third of the columns only). All spectral loops run
/// over the kept modes only (the others are zero and stay zero). Spectral coefficients are stored
/// divided by nx·nz, so an inverse FFT gives grid values directly. Deterministic: the same inputs
/// give the same bits (plans are `FFTW_ESTIMATE`, all loops run in a fixed order on one thread).
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
    /// The stage's transforms: 3 fields to the grid (u, w, s), 4 products back (`StageFFT`).
    private let stageFFT: StageFFT
    private let normalisation: Double
    // State and Runge–Kutta work space (spectra: 2·modes doubles; grids: nx·nz doubles).
    private let omega: SpectralBuffer, tracer: SpectralBuffer
    private let stageOmega: SpectralBuffer, stageTracer: SpectralBuffer
    private let sumOmega: SpectralBuffer, sumTracer: SpectralBuffer
    private let rateOmega: SpectralBuffer, rateTracer: SpectralBuffer
    private let scratch: SpectralBuffer
    private let u: SpectralBuffer, w: SpectralBuffer, gradX: SpectralBuffer, gradZ: SpectralBuffer
    private let product: SpectralBuffer
    // A stage's stacks: û, ŵ, ŝ (3 spectra) → u + i w (complex grid; `combined`: its z-spectra) and s
    // (grid) → (uw + i(w² − u²)), (us + i ws) (2 complex grids) → their 4 spectra.
    private let stageHat: SpectralBuffer, combined: SpectralBuffer, velocityGrid: SpectralBuffer, tracerGrid: SpectralBuffer
    private let productGrid: SpectralBuffer, productWork: SpectralBuffer, productHat: SpectralBuffer
    // Wavenumbers and 1/k² as raw doubles for the loops (copies of `ops`'s arrays).
    private let kxs: SpectralBuffer, kzs: SpectralBuffer, inverseK2s: SpectralBuffer
    private var cachedStep = Double.nan
    // Integrating factors per mode (kept modes only): E and H for ω and for s.
    private let omegaFull: SpectralBuffer, omegaHalf: SpectralBuffer
    private let tracerFull: SpectralBuffer, tracerHalf: SpectralBuffer

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
        stageFFT = StageFFT.shared(nx: grid.nx, nz: grid.nz, columns: ops.columns)
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
        stageHat = SpectralBuffer(count: 3 * spectrum); combined = SpectralBuffer(count: 2 * grid.count)
        velocityGrid = SpectralBuffer(count: 2 * grid.count); tracerGrid = SpectralBuffer(count: grid.count)
        productHat = SpectralBuffer(count: 4 * spectrum); productGrid = SpectralBuffer(count: 4 * grid.count)
        productWork = SpectralBuffer(count: 4 * grid.count)
        kxs = SpectralBuffer(values: ops.kx); kzs = SpectralBuffer(values: ops.kz)
        inverseK2s = SpectralBuffer(values: ops.inverseK2)
        omegaFull = SpectralBuffer(count: ops.modes); omegaHalf = SpectralBuffer(count: ops.modes)
        tracerFull = SpectralBuffer(count: ops.modes); tracerHalf = SpectralBuffer(count: ops.modes)
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
        let (maxU, maxW) = nonlinear(omega, tracer, speeds: true)
        let speed = maxU / grid.dx + maxW / grid.dz
        var dt = min(maxStep, limit)
        if speed > 0 { dt = min(dt, cfl / speed) }
        if limit - dt <= 1e-6 * dt { dt = limit }
        finishStep(dt: dt)
        return dt
    }

    /// One step of exactly `dt`; returns it.
    private func step(fixed dt: Double) -> Double {
        _ = nonlinear(omega, tracer, speeds: false)
        finishStep(dt: dt)
        return dt
    }

    /// Lawson RK4 after the first rate (in rateOmega/rateTracer) is known:
    ///
    ///     y₁ = H(yₙ + dt/2 k1)   y₂ = H yₙ + dt/2 k2   y₃ = E yₙ + dt H k3
    ///     yₙ₊₁ = E yₙ + dt/6 (E k1 + 2H (k2 + k3) + k4),   E = e^(−νk²dt), H = e^(−νk²dt/2)
    private func finishStep(dt: Double) {
        updateFactors(dt: dt)
        let sixth = dt / 6, halfStep = 0.5 * dt
        // Each pass runs over the kept modes, row by row (index arithmetic wraps: the sizes are
        // bounded by ShearFlowGrid, and unchecked indices let the loops vectorise).
        forEachKeptRow { row, m in
            let (y, k, stage, sum) = (row.state, row.rate, row.stage, row.sum)
            for j in 0..<m {
                for c in 0..<2 {
                    let a = 2 &* j &+ c
                    sum[a] = row.full[j] * (y[a] + sixth * k[a])
                    stage[a] = row.half[j] * (y[a] + halfStep * k[a])
                }
            }
        }
        _ = nonlinear(stageOmega, stageTracer, speeds: false)
        // Stages 2 and 3 add the same term to the sum; y₂ = H yₙ + dt/2 k2, y₃ = E yₙ + dt H k3.
        for third in [false, true] {
            forEachKeptRow { row, m in
                let (y, k, stage, sum) = (row.state, row.rate, row.stage, row.sum)
                for j in 0..<m {
                    for c in 0..<2 {
                        let a = 2 &* j &+ c
                        sum[a] += 2 * sixth * row.half[j] * k[a]
                        stage[a] = third ? row.full[j] * y[a] + dt * row.half[j] * k[a] : row.half[j] * y[a] + halfStep * k[a]
                    }
                }
            }
            _ = nonlinear(stageOmega, stageTracer, speeds: false)
        }
        forEachKeptRow { row, m in
            let (y, k, sum) = (row.state, row.rate, row.sum)
            for a in 0..<(2 &* m) { y[a] = sum[a] + sixth * k[a] }
        }
        steps += 1
    }

    /// One kept spectral row of one field (ω or s): its state, rate, stage and sum from the row's
    /// first mode, and its integrating factors E (`full`) and H (`half`) per mode.
    private struct KeptRow {
        let state, rate, stage, sum: UnsafeMutablePointer<Double>
        let full, half: UnsafeMutablePointer<Double>
    }

    /// Calls `body` for every kept row of ω and then of s, with the number of kept modes in it.
    @inline(__always)
    private func forEachKeptRow(_ body: (KeptRow, Int) -> Void) {
        let fields = [(omega, rateOmega, stageOmega, sumOmega, omegaFull, omegaHalf),
                      (tracer, rateTracer, stageTracer, sumTracer, tracerFull, tracerHalf)]
        for (y, k, stage, sum, full, half) in fields {
            for i in ops.keptRows {
                let m = i &* ops.nzHalf
                body(KeptRow(state: y.pointer + 2 &* m, rate: k.pointer + 2 &* m, stage: stage.pointer + 2 &* m,
                             sum: sum.pointer + 2 &* m, full: full.pointer + m, half: half.pointer + m), ops.columns)
            }
        }
    }

    /// The integrating factors for `dt` on the kept modes (recomputed only when dt changes, which
    /// under the CFL limit is every step): H = e^(−νk²dt/2), E = H².
    private func updateFactors(dt: Double) {
        guard dt != cachedStep else { return }
        cachedStep = dt
        let k2 = ops.k2, half = ops.nzHalf
        let pairs = [(viscosity, omegaHalf.pointer, omegaFull.pointer), (diffusivity, tracerHalf.pointer, tracerFull.pointer)]
        for (coefficient, h, e) in pairs {
            for row in ops.keptRows {
                for m in (row * half)..<(row * half + ops.columns) {
                    h[m] = exp(-coefficient * k2[m] * (dt / 2))
                    e[m] = h[m] * h[m]
                }
            }
        }
    }

    // MARK: Nonlinear term

    /// rateOmega, rateTracer = N(ω̂, ŝ); returns max |u| and max |w| on the grid if `speeds` (else 0).
    private func nonlinear(_ omegaHat: SpectralBuffer, _ tracerHat: SpectralBuffer, speeds: Bool) -> (Double, Double) {
        let half = ops.nzHalf, columns = ops.columns, modes = ops.modes, n = grid.count
        let o = omegaHat.pointer, t = tracerHat.pointer, kx = kxs.pointer, kz = kzs.pointer, inverseK2 = inverseK2s.pointer
        // û = i kz ψ̂, ŵ = −i kx ψ̂ (ψ̂ = ω̂/k²) and ŝ, on every row of the kept columns (BandFFT's input).
        let v = (stageHat.pointer, stageHat.pointer + 2 &* modes, stageHat.pointer + 4 &* modes)
        for i in 0..<grid.nx {
            let m0 = i &* half, kxi = kx[i], r = 2 &* m0
            let (oRow, tRow, invRow) = (o + r, t + r, inverseK2 + m0)
            let (uRow, wRow, sRow) = (v.0 + r, v.1 + r, v.2 + r)
            for j in 0..<columns {
                let re = 2 &* j, im = 2 &* j &+ 1
                let psiRe = oRow[re] * invRow[j], psiIm = oRow[im] * invRow[j]
                uRow[re] = -kz[j] * psiIm
                uRow[im] = kz[j] * psiRe
                wRow[re] = kxi * psiIm
                wRow[im] = -kxi * psiRe
                sRow[re] = tRow[re]
                sRow[im] = tRow[im]
            }
        }
        v.0[0] = meanVelocity.x
        v.1[0] = meanVelocity.z
        stageFFT.toGrid(stageHat, combined: combined, velocity: velocityGrid, tracer: tracerGrid)

        let uw = velocityGrid.pointer, s = tracerGrid.pointer, pairA = productGrid.pointer, pairB = productGrid.pointer + 2 &* n
        var maxU = 0.0, maxW = 0.0
        if speeds {
            for a in 0..<n {
                maxU = max(maxU, abs(uw[2 &* a]))
                maxW = max(maxW, abs(uw[2 &* a &+ 1]))
            }
        }
        for a in 0..<n {
            let ua = uw[2 &* a], wa = uw[2 &* a &+ 1], sa = s[a]
            pairA[2 &* a] = ua * wa
            pairA[2 &* a &+ 1] = wa * wa - ua * ua
            pairB[2 &* a] = ua * sa
            pairB[2 &* a &+ 1] = wa * sa
        }
        stageFFT.toSpectra(productGrid, work: productWork, into: productHat)

        // −û·∇ω = (kx² − kz²) F(uw) + kx kz F(w² − u²),  −û·∇s = −i (kx F(us) + kz F(ws)), on the kept modes.
        let q = productHat.pointer
        for i in ops.keptRows {
            let r = 2 &* i &* half, kxi = kx[i]
            let (ro, rs) = (rateOmega.pointer + r, rateTracer.pointer + r)
            let (uwRow, wwRow, usRow, wsRow) = (q + r, q + (2 &* modes &+ r), q + (4 &* modes &+ r), q + (6 &* modes &+ r))
            for j in 0..<columns {
                let re = 2 &* j, im = 2 &* j &+ 1, kzj = kz[j]
                let a = (kxi * kxi - kzj * kzj) * normalisation, b = kxi * kzj * normalisation
                ro[re] = a * uwRow[re] + b * wwRow[re]
                ro[im] = a * uwRow[im] + b * wwRow[im]
                rs[re] = (kxi * usRow[im] + kzj * wsRow[im]) * normalisation
                rs[im] = -(kxi * usRow[re] + kzj * wsRow[re]) * normalisation
            }
        }
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
