import CFFTW
import Foundation
import PhysweepTensor

/// FFTW's real-to-complex and complex-to-real 2-D transforms of one grid size, planned once.
///
/// The grid is `nx × nz` doubles, row-major with z fastest; its spectrum is `nx × (nz/2 + 1)`
/// complex values. Plans are made with `FFTW_ESTIMATE`: `FFTW_MEASURE` picks an algorithm by timing
/// it, so two runs could use different algorithms and round differently, and physweep promises
/// bit-identical data for the same settings. Planning is not thread-safe in FFTW, so all plans of
/// the process are made under one lock; executing a plan on other (`fftw_malloc`-aligned) arrays
/// through the new-array functions is thread-safe.
///
/// `shared(nx:nz:)` keeps one plan pair per grid size for the whole process, so every solver and
/// trajectory of a data set reuses the same plans. A plan is immutable once made and FFTW's
/// new-array execution is thread-safe, hence `@unchecked Sendable`.
///
/// ```swift
/// let fft = FFTPlan2D.shared(nx: 64, nz: 128)
/// fft.forward(grid, into: spectrum)   // unnormalised, like FFTW
/// fft.inverse(spectrum, into: grid)   // destroys `spectrum`
/// ```
final class FFTPlan2D: @unchecked Sendable {
    /// Grid points in x (the slow index) and z (the fast index).
    let nx: Int, nz: Int
    /// Complex values per spectral row: nz / 2 + 1.
    let nzHalf: Int
    private let forwardPlan: fftw_plan
    private let inversePlan: fftw_plan

    /// Serialises FFTW's planner, which is not thread-safe: the process-wide lock that
    /// PhysweepTensor's spectral convolution plans under too.
    static var plannerLock: NSLock { FFTWPlanner.lock }

    /// The process's plans for an `nx × nz` grid, made on first use.
    static func shared(nx: Int, nz: Int) -> FFTPlan2D {
        cache.plan(for: [nx, nz]) { FFTPlan2D(nx: nx, nz: nz) }
    }

    private static let cache = FFTPlanCache<FFTPlan2D>()

    /// Plans both directions for an `nx × nz` grid (both even, at least 2).
    init(nx: Int, nz: Int) {
        precondition(nx >= 2 && nz >= 2 && nx % 2 == 0 && nz % 2 == 0, "FFT grid must be even, got \(nx)×\(nz)")
        self.nx = nx
        self.nz = nz
        nzHalf = nz / 2 + 1
        let real = SpectralBuffer(count: nx * nz)
        let spectrum = SpectralBuffer(count: 2 * nx * nzHalf)
        Self.plannerLock.lock()
        defer { Self.plannerLock.unlock() }
        forwardPlan = fftw_plan_dft_r2c_2d(Int32(nx), Int32(nz), real.pointer, spectrum.complex, UInt32(FFTW_ESTIMATE))
        inversePlan = fftw_plan_dft_c2r_2d(Int32(nx), Int32(nz), spectrum.complex, real.pointer, UInt32(FFTW_ESTIMATE))
    }

    deinit {
        Self.plannerLock.lock()
        defer { Self.plannerLock.unlock() }
        fftw_destroy_plan(forwardPlan)
        fftw_destroy_plan(inversePlan)
    }

    /// Unnormalised forward transform of the grid `real` into `spectrum` (`real` is kept).
    func forward(_ real: SpectralBuffer, into spectrum: SpectralBuffer) {
        precondition(real.count == nx * nz && spectrum.count == 2 * nx * nzHalf)
        fftw_execute_dft_r2c(forwardPlan, real.pointer, spectrum.complex)
    }

    /// Unnormalised inverse transform of `spectrum` into the grid `real`; overwrites `spectrum`.
    func inverse(_ spectrum: SpectralBuffer, into real: SpectralBuffer) {
        precondition(real.count == nx * nz && spectrum.count == 2 * nx * nzHalf)
        fftw_execute_dft_c2r(inversePlan, spectrum.complex, real.pointer)
    }
}
