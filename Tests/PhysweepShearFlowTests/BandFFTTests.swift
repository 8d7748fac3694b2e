import Foundation
@testable import PhysweepShearFlow
import XCTest

/// The solver's batched, band-limited transforms against FFTW's plain 2-D ones, field by field.
final class BandFFTTests: XCTestCase {
    private func random(_ count: Int, seed: inout UInt64) -> [Double] {
        (0..<count).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) - 0.5
        }
    }

    /// Forward: the kept columns of every stacked spectrum equal the 2-D transform's; inverse of a
    /// spectrum that is zero beyond the kept columns: the 2-D inverse, whatever the dropped columns
    /// held on entry. Odd sizes of the factors (20 × 12: radix 5 and 3) included.
    func testBandTransformsMatchTheFull2DTransforms() throws {
        var seed: UInt64 = 7
        for (nx, nz) in [(8, 16), (20, 12), (64, 128)] {
            let fields = 3, columns = (nz - 1) / 3 + 1, nzHalf = nz / 2 + 1, modes = nx * nzHalf
            let full = FFTPlan2D.shared(nx: nx, nz: nz)
            let band = BandFFT.shared(nx: nx, nz: nz, columns: columns, fields: fields)
            let grids = SpectralBuffer(values: random(fields * nx * nz, seed: &seed))
            let spectra = SpectralBuffer(count: 2 * fields * modes)
            band.forward(grids, into: spectra)
            for f in 0..<fields {
                let one = SpectralBuffer(values: Array(grids.array[(f * nx * nz)..<((f + 1) * nx * nz)]))
                let want = SpectralBuffer(count: 2 * modes)
                full.forward(one, into: want)
                for i in 0..<nx {
                    for j in 0..<columns {
                        for c in 0..<2 {
                            let a = 2 * (i * nzHalf + j) + c
                            XCTAssertEqual(spectra.pointer[2 * f * modes + a], want.pointer[a], accuracy: 1e-12, "\(nx)×\(nz) f\(f) (\(i), \(j))")
                        }
                    }
                }
            }
            // A band-limited spectrum of real fields: zero beyond `columns`, Hermitian in column 0
            // (X[nx − i, 0] = conj X[i, 0]); the band inverse gets 99s in the dropped columns.
            var values = random(2 * fields * modes, seed: &seed)
            for f in 0..<fields {
                let base = 2 * f * modes
                for i in 0..<nx {
                    for j in columns..<nzHalf { values[base + 2 * (i * nzHalf + j)] = 0; values[base + 2 * (i * nzHalf + j) + 1] = 0 }
                }
                for i in 0...(nx / 2) {
                    let a = base + 2 * i * nzHalf, b = base + 2 * ((nx - i) % nx) * nzHalf
                    if a == b { values[a + 1] = 0 } else { values[b] = values[a]; values[b + 1] = -values[a + 1] }
                }
            }
            let bandInput = SpectralBuffer(values: values.enumerated().map { index, v in
                (index / 2) % nzHalf >= columns ? 99 : v })
            let grid = SpectralBuffer(count: fields * nx * nz)
            band.inverse(bandInput, into: grid)
            for f in 0..<fields {
                let spectrum = SpectralBuffer(values: Array(values[(2 * f * modes)..<(2 * (f + 1) * modes)]))
                let want = SpectralBuffer(count: nx * nz)
                full.inverse(spectrum, into: want)
                for a in 0..<(nx * nz) {
                    XCTAssertEqual(grid.pointer[f * nx * nz + a], want.pointer[a], accuracy: 1e-12 * Double(nx * nz), "\(nx)×\(nz) f\(f) point \(a)")
                }
            }
        }
    }
}
