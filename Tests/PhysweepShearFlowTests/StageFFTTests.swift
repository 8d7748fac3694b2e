import Foundation
@testable import PhysweepShearFlow
import XCTest

/// The solver's stage transforms against FFTW's plain 2-D ones, field by field.
final class StageFFTTests: XCTestCase {
    private func random(_ count: Int, seed: inout UInt64) -> [Double] {
        (0..<count).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) - 0.5
        }
    }

    /// toSpectra: the kept columns of p̂₀…p̂₃ equal the 2-D transforms of the four grids it got as
    /// two complex pairs. toGrid of band-limited half spectra of real fields (zero beyond the kept
    /// columns, Hermitian in column 0; 99s in the dropped columns on entry): u, w and s equal the
    /// 2-D inverses. Sizes with radix 5 and 3 (20 × 12) included; the same work space twice.
    func testStageTransformsMatchTheFull2DTransforms() throws {
        var seed: UInt64 = 7
        for (nx, nz) in [(8, 16), (20, 12), (64, 128)] {
            let columns = (nz - 1) / 3 + 1, nzHalf = nz / 2 + 1, modes = nx * nzHalf, count = nx * nz
            let full = FFTPlan2D.shared(nx: nx, nz: nz), stage = StageFFT.shared(nx: nx, nz: nz, columns: columns)
            let grids = (0..<4).map { _ in random(count, seed: &seed) }
            var pairs = [Double](repeating: 0, count: 4 * count)
            for a in 0..<count {
                (pairs[2 * a], pairs[2 * a + 1]) = (grids[0][a], grids[1][a])
                (pairs[2 * count + 2 * a], pairs[2 * count + 2 * a + 1]) = (grids[2][a], grids[3][a])
            }
            let spectra = SpectralBuffer(count: 8 * modes)
            stage.toSpectra(SpectralBuffer(values: pairs), work: SpectralBuffer(count: 4 * count), into: spectra)
            for f in 0..<4 {
                let want = SpectralBuffer(count: 2 * modes)
                full.forward(SpectralBuffer(values: grids[f]), into: want)
                for i in 0..<nx {
                    for j in 0..<columns {
                        for c in 0..<2 {
                            let a = 2 * (i * nzHalf + j) + c
                            XCTAssertEqual(spectra.pointer[2 * f * modes + a], want.pointer[a], accuracy: 1e-12,
                                           "\(nx)×\(nz) p\(f) (\(i), \(j))")
                        }
                    }
                }
            }

            let combined = SpectralBuffer(count: 2 * count)
            for _ in 0..<2 {
                var values = random(6 * modes, seed: &seed)
                for f in 0..<3 {
                    let base = 2 * f * modes
                    for i in 0..<nx {
                        for j in columns..<nzHalf { values[base + 2 * (i * nzHalf + j)] = 0; values[base + 2 * (i * nzHalf + j) + 1] = 0 }
                    }
                    for i in 0...(nx / 2) {
                        let a = base + 2 * i * nzHalf, b = base + 2 * ((nx - i) % nx) * nzHalf
                        if a == b { values[a + 1] = 0 } else { values[b] = values[a]; values[b + 1] = -values[a + 1] }
                    }
                }
                let input = SpectralBuffer(values: values.enumerated().map { index, v in (index / 2) % nzHalf >= columns ? 99 : v })
                let velocity = SpectralBuffer(count: 2 * count), tracer = SpectralBuffer(count: count)
                stage.toGrid(input, combined: combined, velocity: velocity, tracer: tracer)
                for f in 0..<3 {
                    let want = SpectralBuffer(count: count)
                    full.inverse(SpectralBuffer(values: Array(values[(2 * f * modes)..<(2 * (f + 1) * modes)])), into: want)
                    for a in 0..<count {
                        let got = f == 2 ? tracer.pointer[a] : velocity.pointer[2 * a + f]
                        XCTAssertEqual(got, want.pointer[a], accuracy: 1e-12 * Double(count), "\(nx)×\(nz) field \(f) point \(a)")
                    }
                }
            }
        }
    }
}
