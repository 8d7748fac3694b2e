/// A spectral convolution (the Fourier layer of an FNO), planned once: x [N, Cin, H, W] →
/// y = irfft2(S(rfft2(x))) [N, Cout, H, W], where S keeps the modes of rows 0..<m₁ and H−m₁..<H and
/// columns 0..<m₂ of each channel's half spectrum and mixes channels there with complex weights,
/// Z[n,o,k] = Σᵢ X̂[n,i,k]·W[i,o,k]; every other mode is zero. The weight node is
/// [Cin, Cout, 2m₁, m₂, 2] (the low rows, then the high rows; last axis re, im): PyTorch's
/// `w1`, `w2` of [Cin, Cout, m₁, m₂, 2] stacked along the mode rows. rfft2 is unnormalised and
/// irfft2 divides by H·W (NumPy/PyTorch norm "backward").
///
/// Backward (the adjoints of the three real-linear maps, both transforms again FFTW's):
/// dZ = (c_k/HW)·rfft2(dy) on the kept modes (c_k = 1 in column 0, 2 elsewhere: a column k > 0 of
/// the half spectrum stands for itself and its conjugate); dW = Σₙ conj(X̂)·dZ; dX̂ = Σₒ dZ·conj(W); dx = irfft2'(dX̂/c_k)
/// (unnormalised). Before each inverse transform, column 0 is made Hermitian
/// (Z[k,0] ← (Z[k,0] + conj Z[−k,0])/2), which does not change the real result but makes it the
/// same for any FFTW algorithm. The kept input modes X̂ are saved at `savedOffset` for dW.
final class SpectralConvolutionPlan<T: TensorScalar> {
    let input: GridShape
    let outChannels: Int
    let modeRows: Int
    let modeColumns: Int
    let savedOffset: Int
    let fft: RealFFT2D<T>

    init(input: GridShape, outChannels: Int, modeRows: Int, modeColumns: Int, savedOffset: Int) {
        self.input = input
        self.outChannels = outChannels
        self.modeRows = modeRows
        self.modeColumns = modeColumns
        self.savedOffset = savedOffset
        fft = RealFFT2D(height: input.height, width: input.width)
    }

    /// Kept modes per channel: 2m₁·m₂.
    var modes: Int { 2 * modeRows * modeColumns }
    /// Scalars of one half spectrum.
    var spectrumCount: Int { 2 * input.height * fft.halfWidth }
    /// Scalars of the saved kept input modes.
    static func savedCount(_ input: GridShape, modeRows: Int, modeColumns: Int) -> Int {
        input.batch * input.channels * 4 * modeRows * modeColumns
    }
    /// Work space: one spectrum, one real grid, the kept output-mode gradients.
    var scratchCount: Int { spectrumCount + input.plane + input.batch * outChannels * 2 * modes }

    /// The scalar offset in a half spectrum of kept mode `m` (row-major over 2m₁ rows, m₂ columns).
    @inline(__always)
    private func spectrumOffset(_ m: Int) -> Int {
        let row = m / modeColumns, column = m % modeColumns
        let z = row < modeRows ? row : input.height - 2 * modeRows + row
        return 2 * (z * fft.halfWidth + column)
    }

    /// Column 0 of a half spectrum made Hermitian: Z[k] ← (Z[k] + conj Z[(H − k) mod H])/2.
    private func symmetrizeColumnZero(_ spectrum: UnsafeMutablePointer<T>) {
        let height = input.height, row = 2 * fft.halfWidth
        for k in 0...(height / 2) {
            let a = spectrum + k * row, b = spectrum + ((height - k) % height) * row
            let re = (a[0] + b[0]) / 2, im = (a[1] - b[1]) / 2
            a[0] = re; a[1] = im
            b[0] = re; b[1] = -im
        }
    }

    /// y = irfft2(S(rfft2(x))).
    func forward(x: UnsafePointer<T>, weight: UnsafePointer<T>, out: UnsafeMutablePointer<T>,
                 saved: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
        let plane = input.plane, cin = input.channels, modes = self.modes
        let spectrum = scratch
        for channel in 0..<(input.batch * cin) {
            fft.forward(x + channel * plane, into: spectrum)
            let kept = saved + channel * 2 * modes
            for m in 0..<modes {
                let offset = spectrumOffset(m)
                kept[2 * m] = spectrum[offset]; kept[2 * m + 1] = spectrum[offset + 1]
            }
        }
        let normalization = 1 / T(plane)
        let mixed = scratch + spectrumCount      // 2·modes ≤ H·W scalars: the grid's place
        for n in 0..<input.batch {
            for o in 0..<outChannels {
                mixed.update(repeating: 0, count: 2 * modes)
                for i in 0..<cin {
                    complexMultiplyAdd(mixed, saved + 2 * (n * cin + i) * modes, weight + 2 * (i * outChannels + o) * modes,
                                       modes, conjugate: .none)
                }
                spectrum.update(repeating: 0, count: spectrumCount)
                for m in 0..<modes {
                    let offset = spectrumOffset(m)
                    spectrum[offset] = mixed[2 * m]; spectrum[offset + 1] = mixed[2 * m + 1]
                }
                symmetrizeColumnZero(spectrum)
                let result = out + (n * outChannels + o) * plane
                fft.inverse(spectrum, into: result)
                for i in 0..<plane { result[i] *= normalization }
            }
        }
    }

    /// The operand gradients, each only when asked (nil) and added when `accumulate…`.
    func backward(weight: UnsafePointer<T>, g: UnsafePointer<T>, saved: UnsafePointer<T>,
                  gx: UnsafeMutablePointer<T>?, accumulateX: Bool, gw: UnsafeMutablePointer<T>?, accumulateWeight: Bool,
                  scratch: UnsafeMutablePointer<T>) {
        let plane = input.plane, cin = input.channels, modes = self.modes
        let spectrum = scratch, grid = scratch + spectrumCount, dZ = grid + plane
        let scale = 1 / T(plane)
        for channel in 0..<(input.batch * outChannels) {
            fft.forward(g + channel * plane, into: spectrum)
            for m in 0..<modes {
                let offset = spectrumOffset(m), c: T = m % modeColumns == 0 ? scale : 2 * scale
                dZ[2 * (channel * modes + m)] = c * spectrum[offset]
                dZ[2 * (channel * modes + m) + 1] = c * spectrum[offset + 1]
            }
        }
        if let gw {
            if !accumulateWeight { gw.update(repeating: 0, count: 2 * cin * outChannels * modes) }
            for i in 0..<cin {
                for o in 0..<outChannels {
                    for n in 0..<input.batch {
                        complexMultiplyAdd(gw + 2 * (i * outChannels + o) * modes, saved + 2 * (n * cin + i) * modes,
                                           dZ + 2 * (n * outChannels + o) * modes, modes, conjugate: .first)
                    }
                }
            }
        }
        guard let gx else { return }
        for n in 0..<input.batch {
            for i in 0..<cin {
                let mixed = grid      // 2·modes ≤ H·W scalars; the grid is free until the inverse transform
                mixed.update(repeating: 0, count: 2 * modes)
                for o in 0..<outChannels {
                    complexMultiplyAdd(mixed, dZ + 2 * (n * outChannels + o) * modes, weight + 2 * (i * outChannels + o) * modes,
                                       modes, conjugate: .second)
                }
                spectrum.update(repeating: 0, count: spectrumCount)
                for m in 0..<modes {
                    let offset = spectrumOffset(m), c: T = m % modeColumns == 0 ? 1 : 2
                    spectrum[offset] = mixed[2 * m] / c; spectrum[offset + 1] = mixed[2 * m + 1] / c
                }
                symmetrizeColumnZero(spectrum)
                let target = gx + (n * cin + i) * plane
                if accumulateX {
                    fft.inverse(spectrum, into: grid)
                    for j in 0..<plane { target[j] += grid[j] }
                } else {
                    fft.inverse(spectrum, into: target)
                }
            }
        }
    }
}

/// Which factor of a complex product is conjugated.
enum ComplexConjugate {
    case none, first, second
}

/// acc[m] += a[m]·b[m] (one factor conjugated as asked) over `count` interleaved complex values; the
/// channel sums of the spectral convolution run this over contiguous modes, one channel at a time.
@inline(__always)
private func complexMultiplyAdd<T: TensorScalar>(_ acc: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>,
                                                 _ b: UnsafePointer<T>, _ count: Int, conjugate: ComplexConjugate) {
    let signA: T = conjugate == .first ? -1 : 1, signB: T = conjugate == .second ? -1 : 1
    for m in 0..<count {
        let ar = a[2 * m], ai = signA * a[2 * m + 1], br = b[2 * m], bi = signB * b[2 * m + 1]
        acc[2 * m] += ar * br - ai * bi
        acc[2 * m + 1] += ar * bi + ai * br
    }
}
