import CFFTW

/// FFTW transforms of a stack of `fields` grids whose spectra are band-limited in z: only the first
/// `columns` complex columns (kz index j < columns) are nonzero, as after the 2/3 rule. Each 2-D
/// transform is split into its two 1-D passes, and the pass along x (the slow index) runs on the
/// kept columns only; every pass covers the whole stack in one FFTW call (guru plans, `howmany`).
///
/// Layout as `FFTPlan2D`'s, stacked: grid `f` at `f · nx · nz` doubles, spectrum `f` at
/// `f · nx · nzHalf` complex values. Plans are `FFTW_ESTIMATE` (same algorithm in every run and
/// process, see `FFTPlan2D`), immutable once made, executed on new arrays (thread-safe).
///
///     inverse: spectrum ──x-pass, kept columns (in place)──▶ zero the other columns ──z-pass c2r──▶ grid
///     forward: grid ──z-pass r2c──▶ spectrum ──x-pass, kept columns (in place)──▶ spectrum (kept columns valid)
///
/// ```swift
/// let fft = BandFFT.shared(nx: 64, nz: 128, columns: 43, fields: 3)
/// fft.inverse(spectra, into: grids)   // reads the kept columns, destroys `spectra`
/// fft.forward(grids, into: spectra)   // only the kept columns of `spectra` are meaningful
/// ```
final class BandFFT: @unchecked Sendable {
    /// Grid points in x and z, complex values per spectral row, kept columns, stacked fields.
    let nx: Int, nz: Int, nzHalf: Int, columns: Int, fields: Int
    private let forwardZ: fftw_plan, forwardX: fftw_plan
    private let inverseX: fftw_plan, inverseZ: fftw_plan

    /// The process's plans for these sizes, made on first use.
    static func shared(nx: Int, nz: Int, columns: Int, fields: Int) -> BandFFT {
        cache.plan(for: [nx, nz, columns, fields]) { BandFFT(nx: nx, nz: nz, columns: columns, fields: fields) }
    }

    private static let cache = FFTPlanCache<BandFFT>()

    /// Plans for a stack of `fields` grids of `nx × nz` (both even), `columns` in 1...nz/2 + 1.
    init(nx: Int, nz: Int, columns: Int, fields: Int) {
        precondition(nx >= 2 && nz >= 2 && nx % 2 == 0 && nz % 2 == 0, "FFT grid must be even, got \(nx)×\(nz)")
        precondition(columns >= 1 && columns <= nz / 2 + 1 && fields >= 1)
        self.nx = nx
        self.nz = nz
        nzHalf = nz / 2 + 1
        self.columns = columns
        self.fields = fields
        let real = SpectralBuffer(count: fields * nx * nz)
        let spectrum = SpectralBuffer(count: 2 * fields * nx * nzHalf)
        let rows = Int32(fields * nx), half = Int32(nzHalf), modes = Int32(nx * nzHalf)
        // Along z: one real transform of length nz per row of every field.
        var zDims = [fftw_iodim(n: Int32(nz), is: 1, os: 1)]
        var zForRows = [fftw_iodim(n: rows, is: Int32(nz), os: half)]
        var zBackRows = [fftw_iodim(n: rows, is: half, os: Int32(nz))]
        // Along x: one complex transform of length nx (stride nzHalf) per kept column of every field.
        var xDims = [fftw_iodim(n: Int32(nx), is: half, os: half)]
        var xColumns = [fftw_iodim(n: Int32(columns), is: 1, os: 1), fftw_iodim(n: Int32(fields), is: modes, os: modes)]
        let flags = UInt32(FFTW_ESTIMATE)
        FFTPlan2D.plannerLock.lock()
        defer { FFTPlan2D.plannerLock.unlock() }
        forwardZ = fftw_plan_guru_dft_r2c(1, &zDims, 1, &zForRows, real.pointer, spectrum.complex, flags)
        inverseZ = fftw_plan_guru_dft_c2r(1, &zDims, 1, &zBackRows, spectrum.complex, real.pointer, flags)
        forwardX = fftw_plan_guru_dft(1, &xDims, 2, &xColumns, spectrum.complex, spectrum.complex, FFTW_FORWARD, flags)
        inverseX = fftw_plan_guru_dft(1, &xDims, 2, &xColumns, spectrum.complex, spectrum.complex, FFTW_BACKWARD, flags)
    }

    deinit {
        FFTPlan2D.plannerLock.lock()
        defer { FFTPlan2D.plannerLock.unlock() }
        for plan in [forwardZ, forwardX, inverseX, inverseZ] { fftw_destroy_plan(plan) }
    }

    /// Unnormalised forward transforms of the stacked grids; only the kept columns of `spectra` hold
    /// the 2-D transform (the others hold the z-pass only). The grids are kept.
    func forward(_ grids: SpectralBuffer, into spectra: SpectralBuffer) {
        precondition(grids.count == fields * nx * nz && spectra.count == 2 * fields * nx * nzHalf)
        fftw_execute_dft_r2c(forwardZ, grids.pointer, spectra.complex)
        fftw_execute_dft(forwardX, spectra.complex, spectra.complex)
    }

    /// Unnormalised inverse transforms of the stacked spectra, of which only the kept columns are
    /// read (the others are taken as zero); overwrites `spectra`.
    func inverse(_ spectra: SpectralBuffer, into grids: SpectralBuffer) {
        precondition(grids.count == fields * nx * nz && spectra.count == 2 * fields * nx * nzHalf)
        fftw_execute_dft(inverseX, spectra.complex, spectra.complex)
        let s = spectra.pointer, dropped = 2 * (nzHalf - columns)
        if dropped > 0 {
            for row in 0..<(fields * nx) { (s + 2 * (row * nzHalf + columns)).update(repeating: 0, count: dropped) }
        }
        fftw_execute_dft_c2r(inverseZ, spectra.complex, grids.pointer)
    }
}
