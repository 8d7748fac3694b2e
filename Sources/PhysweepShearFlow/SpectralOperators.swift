import Foundation

/// Wavenumbers, the Laplacian and the 2/3 dealiasing mask of one grid's half spectrum.
///
/// Mode `(i, j)` (i < nx, j ≤ nz/2) is at `i * nzHalf + j`; kx = 2π·i/Lx for i ≤ nx/2 and
/// 2π·(i − nx)/Lx above, kz = 2π·j/Lz. Derivatives use zero at the Nyquist wavenumbers (their sign
/// is ambiguous), and the mask removes them anyway.
struct SpectralOperators {
    /// Complex values per spectral row.
    let nzHalf: Int
    /// Number of modes, nx · nzHalf.
    let modes: Int
    /// kx per spectral row (0 at the Nyquist row).
    let kx: [Double]
    /// kz per spectral column (0 at the Nyquist column).
    let kz: [Double]
    /// kx² + kz² per mode (with the Nyquist wavenumbers themselves).
    let k2: [Double]
    /// 1 / k² per mode, 0 for the mean mode.
    let inverseK2: [Double]
    /// 1 for the kept modes (|mx| ≤ ⌊(nx−1)/3⌋ and mz ≤ ⌊(nz−1)/3⌋, Orszag's 2/3 rule), 0 else.
    let mask: [Double]
    /// The spectral rows that hold kept modes (mx = 0…⌊(nx−1)/3⌋ and the negative ones), ascending.
    let keptRows: [Int]
    /// Kept spectral columns: mz = 0 ..< columns (⌊(nz−1)/3⌋ + 1); every kept mode is in one of
    /// `keptRows` and one of these columns, and every such mode is kept.
    let columns: Int

    init(grid: ShearFlowGrid) {
        let nx = grid.nx, nz = grid.nz
        nzHalf = nz / 2 + 1
        modes = nx * nzHalf
        let twoPiX = 2 * Double.pi / ShearFlowGrid.lengthX, twoPiZ = 2 * Double.pi / ShearFlowGrid.lengthZ
        let signedX = (0..<nx).map { $0 <= nx / 2 ? $0 : $0 - nx }
        kx = signedX.map { $0 == nx / 2 ? 0 : twoPiX * Double($0) }
        kz = (0..<nzHalf).map { $0 == nz / 2 ? 0 : twoPiZ * Double($0) }
        let keepX = (nx - 1) / 3, keepZ = (nz - 1) / 3
        var k2 = [Double](repeating: 0, count: modes), inverse = k2, mask = k2
        for i in 0..<nx {
            let kxTrue = twoPiX * Double(signedX[i])
            for j in 0..<nzHalf {
                let kzTrue = twoPiZ * Double(j)
                let m = i * nzHalf + j
                k2[m] = kxTrue * kxTrue + kzTrue * kzTrue
                inverse[m] = m == 0 ? 0 : 1 / k2[m]
                mask[m] = abs(signedX[i]) <= keepX && j <= keepZ ? 1 : 0
            }
        }
        self.k2 = k2
        inverseK2 = inverse
        self.mask = mask
        keptRows = (0..<nx).filter { abs(signedX[$0]) <= keepX }
        columns = keepZ + 1
    }
}
