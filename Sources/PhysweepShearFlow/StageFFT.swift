import CFFTW

/// The FFTs of one Runge–Kutta stage of `ShearFlowSolver`, on an `nx × nz` grid whose spectra are
/// band-limited in z (only the first `columns` complex columns nonzero, as after the 2/3 rule):
///
///     toGrid:    û, ŵ, ŝ ──x-pass, kept columns──▶ u + i w per row, full z range ──complex z-pass──▶ (u, w) on the grid
///                                               ŝ rows ──c2r z-pass──▶ s on the grid
///     toSpectra: (p₀ + i p₁), (p₂ + i p₃) on the grid ──complex z-pass──▶ split into p̂₀…p̂₃, kept columns ──x-pass──▶ p̂₀…p̂₃
///
/// Two real fields travel as one complex one (real and imaginary part) through the pass along z,
/// FFTW's vectorised complex codelets, instead of two scalar real-to-complex ones; each pass covers
/// all its rows or columns in one FFTW call (guru plans, `howmany`); the pass along x (the slow index)
/// runs on the kept columns only. Spectra are `FFTPlan2D`'s half spectra, stacked (field f at
/// f · nx · nzHalf complex values); complex grids interleave the pair, row-major, z fastest. Plans
/// are `FFTW_ESTIMATE` (the same algorithm in every run and process, see `FFTPlan2D`), immutable,
/// executed on new arrays of the planning arrays' alignment (`SpectralBuffer`s, fixed offsets).
///
/// ```swift
/// let fft = StageFFT.shared(nx: 64, nz: 128, columns: 43)
/// fft.toGrid(spectra, combined: work, velocity: uw, tracer: s)   // destroys `spectra`
/// fft.toSpectra(products, work: work, into: productSpectra)    // kept columns valid
/// ```
final class StageFFT: @unchecked Sendable {
    /// Grid points in x and z, complex values per spectral row, kept columns.
    let nx: Int, nz: Int, nzHalf: Int, columns: Int
    private let inverseX: fftw_plan, inverseZ: fftw_plan, inverseTracer: fftw_plan
    private let forwardZ: fftw_plan, forwardX: fftw_plan

    /// The process's plans for these sizes, made on first use.
    static func shared(nx: Int, nz: Int, columns: Int) -> StageFFT {
        cache.plan(for: [nx, nz, columns]) { StageFFT(nx: nx, nz: nz, columns: columns) }
    }

    private static let cache = FFTPlanCache<StageFFT>()

    /// Plans for an `nx × nz` grid (both even), `columns` in 1...nz/2 (the Nyquist column is never kept).
    init(nx: Int, nz: Int, columns: Int) {
        precondition(nx >= 2 && nz >= 2 && nx % 2 == 0 && nz % 2 == 0, "FFT grid must be even, got \(nx)×\(nz)")
        precondition(columns >= 1 && columns <= nz / 2)
        self.nx = nx
        self.nz = nz
        nzHalf = nz / 2 + 1
        self.columns = columns
        let modes = nx * nzHalf, count = nx * nz
        let combined = SpectralBuffer(count: 2 * count)
        let spectra = SpectralBuffer(count: 2 * 4 * modes), grid = SpectralBuffer(count: 2 * 2 * count)
        let tracerHat = UnsafeMutableRawPointer(spectra.pointer + 4 * modes).assumingMemoryBound(to: fftw_complex.self)
        // Along x: complex, length nx (stride nzHalf), per kept column of every field.
        var xDims = [fftw_iodim(n: Int32(nx), is: Int32(nzHalf), os: Int32(nzHalf))]
        var xOfThree = [fftw_iodim(n: Int32(columns), is: 1, os: 1), fftw_iodim(n: 3, is: Int32(modes), os: Int32(modes))]
        var xOfFour = [fftw_iodim(n: Int32(columns), is: 1, os: 1), fftw_iodim(n: 4, is: Int32(modes), os: Int32(modes))]
        // Along z: length nz, per row (complex rows of one pair, two pairs; real rows of the tracer).
        var zDims = [fftw_iodim(n: Int32(nz), is: 1, os: 1)]
        var zOfOnePair = [fftw_iodim(n: Int32(nx), is: Int32(nz), os: Int32(nz))]
        var zOfTwoPairs = [fftw_iodim(n: Int32(2 * nx), is: Int32(nz), os: Int32(nz))]
        var zOfTracer = [fftw_iodim(n: Int32(nx), is: Int32(nzHalf), os: Int32(nz))]
        let flags = UInt32(FFTW_ESTIMATE)
        FFTPlan2D.plannerLock.lock()
        defer { FFTPlan2D.plannerLock.unlock() }
        inverseX = fftw_plan_guru_dft(1, &xDims, 2, &xOfThree, spectra.complex, spectra.complex, FFTW_BACKWARD, flags)
        inverseZ = fftw_plan_guru_dft(1, &zDims, 1, &zOfOnePair, combined.complex, grid.complex, FFTW_BACKWARD,
                                      flags | UInt32(FFTW_PRESERVE_INPUT))
        inverseTracer = fftw_plan_guru_dft_c2r(1, &zDims, 1, &zOfTracer, tracerHat, grid.pointer, flags)
        let pairSpectra = SpectralBuffer(count: 2 * 2 * count)
        forwardZ = fftw_plan_guru_dft(1, &zDims, 1, &zOfTwoPairs, grid.complex, pairSpectra.complex, FFTW_FORWARD, flags)
        forwardX = fftw_plan_guru_dft(1, &xDims, 2, &xOfFour, spectra.complex, spectra.complex, FFTW_FORWARD, flags)
    }

    deinit {
        FFTPlan2D.plannerLock.lock()
        defer { FFTPlan2D.plannerLock.unlock() }
        for plan in [inverseX, inverseZ, inverseTracer, forwardZ, forwardX] { fftw_destroy_plan(plan) }
    }

    /// Grid values of the stacked half spectra û, ŵ, ŝ (3 · nx · nzHalf complex, kept columns read,
    /// destroyed): (u, w) interleaved into `velocity` (nx · nz complex), s into `tracer` (nx · nz).
    /// `combined` (nx · nz complex) is the caller's work space, zero on first use; only the kept
    /// columns and their mirror images are written, so it stays zero elsewhere.
    func toGrid(_ spectra: SpectralBuffer, combined: SpectralBuffer, velocity: SpectralBuffer, tracer: SpectralBuffer) {
        let modes = nx * nzHalf, count = nx * nz
        precondition(spectra.count == 2 * 3 * modes && combined.count == 2 * count && velocity.count == 2 * count
                     && tracer.count == count)
        fftw_execute_dft(inverseX, spectra.complex, spectra.complex)
        // Per row, U and W are the z-spectra of real rows (Hermitian: U[−j] = conj U[j]), so u + i w has
        // Z[j] = U[j] + i W[j] and Z[nz − j] = conj U[j] + i conj W[j]; at j = 0 the real parts only (as c2r).
        let sp = spectra.pointer, z = combined.pointer
        for i in 0..<nx {
            let u = sp + 2 &* i &* nzHalf, w = u + 2 &* modes, row = z + 2 &* i &* nz
            row[0] = u[0]
            row[1] = w[0]
            for j in 1..<columns {
                let (ur, ui, wr, wi) = (u[2 &* j], u[2 &* j &+ 1], w[2 &* j], w[2 &* j &+ 1])
                row[2 &* j] = ur - wi
                row[2 &* j &+ 1] = ui + wr
                row[2 &* (nz &- j)] = ur + wi
                row[2 &* (nz &- j) &+ 1] = wr - ui
            }
        }
        fftw_execute_dft(inverseZ, combined.complex, velocity.complex)
        // ŝ: c2r reads whole rows (and may overwrite them), so its dropped columns are zeroed each time.
        let tracerHat = sp + 4 &* modes, dropped = 2 &* (nzHalf &- columns)
        for i in 0..<nx { (tracerHat + 2 &* (i &* nzHalf &+ columns)).update(repeating: 0, count: dropped) }
        fftw_execute_dft_c2r(inverseTracer, UnsafeMutableRawPointer(tracerHat).assumingMemoryBound(to: fftw_complex.self),
                             tracer.pointer)
    }

    /// Half spectra p̂₀…p̂₃ (4 · nx · nzHalf complex; the kept columns are valid, the others are not
    /// written) of two interleaved pairs of grids, (p₀ + i p₁) then (p₂ + i p₃) (2 · nx · nz complex);
    /// `work` (the same size) holds their z-spectra (out of place: FFTW copies rows through a buffer
    /// in place).
    func toSpectra(_ products: SpectralBuffer, work: SpectralBuffer, into spectra: SpectralBuffer) {
        let modes = nx * nzHalf, count = nx * nz
        precondition(products.count == 2 * 2 * count && work.count == 2 * 2 * count && spectra.count == 2 * 4 * modes)
        fftw_execute_dft(forwardZ, products.complex, work.complex)
        // A[j] = (Z[j] + conj Z[nz − j]) / 2, B[j] = (Z[j] − conj Z[nz − j]) / 2i, per row.
        let zp = work.pointer, sp = spectra.pointer
        for pair in 0..<2 {
            for i in 0..<nx {
                let row = zp + 2 &* (pair &* count &+ i &* nz)
                let a = sp + 2 &* (2 &* pair &* modes &+ i &* nzHalf), b = a + 2 &* modes
                for j in 0..<columns {
                    let mirror = j == 0 ? 0 : 2 &* (nz &- j)
                    let (zr, zi, cr, ci) = (row[2 &* j], row[2 &* j &+ 1], row[mirror], -row[mirror &+ 1])
                    a[2 &* j] = 0.5 * (zr + cr)
                    a[2 &* j &+ 1] = 0.5 * (zi + ci)
                    b[2 &* j] = 0.5 * (zi - ci)
                    b[2 &* j &+ 1] = -0.5 * (zr - cr)
                }
            }
        }
        fftw_execute_dft(forwardX, spectra.complex, spectra.complex)
    }
}
