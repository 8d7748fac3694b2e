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
    /// Work space: per part (two, see `inParts`) one half spectrum and one grid, then the kept
    /// output-mode gradients.
    var scratchCount: Int { 2 * partScratch + input.batch * outChannels * 2 * modes }
    private var partScratch: Int { spectrumCount + input.plane }

    /// The scalar offset in a half spectrum of kept mode `m` (row-major over 2m₁ rows, m₂ columns).
    @inline(__always)
    private func spectrumOffset(_ m: Int) -> Int {
        let row = m / modeColumns, column = m % modeColumns
        let z = row < modeRows ? row : input.height - 2 * modeRows + row
        return 2 * (z * fft.halfWidth + column)
    }

    /// Runs `body(items, spectrum, grid)` on the two halves of 0..<count, each with its own work
    /// space, the second on the helper thread when two threads are set (`BLASThreads`). Every item
    /// writes its own outputs, so one thread gives the same bits as two.
    private func inParts(_ count: Int, scratch: UnsafeMutablePointer<T>,
                         _ body: (Range<Int>, UnsafeMutablePointer<T>, UnsafeMutablePointer<T>) -> Void) {
        VectorKernels.inTwoParts { part in
            let base = scratch + part * partScratch
            body(part == 0 ? 0..<(count / 2) : (count / 2)..<count, base, base + spectrumCount)
        }
    }

    /// The kept modes of rfft2(`real`) into `kept` (2·modes scalars), times `columnScale` for column 0
    /// and `otherScale` elsewhere.
    private func keptModes(of real: UnsafePointer<T>, into kept: UnsafeMutablePointer<T>, columnScale: T, otherScale: T,
                           spectrum: UnsafeMutablePointer<T>) {
        fft.forward(real, into: spectrum)
        for m in 0..<modes {
            let offset = spectrumOffset(m), c = m % modeColumns == 0 ? columnScale : otherScale
            kept[2 * m] = c * spectrum[offset]; kept[2 * m + 1] = c * spectrum[offset + 1]
        }
    }

    /// `target` (=, or += when `accumulate`) the unnormalised irfft2 of a spectrum that is zero but for
    /// the kept modes `kept` (divided by `otherDivisor` outside column 0), times `scale`. `grid` is
    /// work space unless it is `kept` itself, which is read before the transform writes the grid.
    private func inverse(ofKept kept: UnsafePointer<T>, otherDivisor: T, scale: T, into target: UnsafeMutablePointer<T>,
                         accumulate: Bool, spectrum: UnsafeMutablePointer<T>, grid: UnsafeMutablePointer<T>) {
        spectrum.update(repeating: 0, count: spectrumCount)
        for m in 0..<modes {
            let offset = spectrumOffset(m), c: T = m % modeColumns == 0 ? 1 : otherDivisor
            spectrum[offset] = kept[2 * m] / c; spectrum[offset + 1] = kept[2 * m + 1] / c
        }
        // Column 0 made Hermitian: Z[k] ← (Z[k] + conj Z[(H − k) mod H])/2.
        let height = input.height, row = 2 * fft.halfWidth
        for k in 0...(height / 2) {
            let a = spectrum + k * row, b = spectrum + ((height - k) % height) * row
            let re = (a[0] + b[0]) / 2, im = (a[1] - b[1]) / 2
            a[0] = re; a[1] = im
            b[0] = re; b[1] = -im
        }
        let plane = input.plane
        if accumulate {
            fft.inverse(spectrum, into: grid)
            for j in 0..<plane { target[j] += scale * grid[j] }
        } else {
            fft.inverse(spectrum, into: target)
            if scale != 1 { for j in 0..<plane { target[j] *= scale } }
        }
    }

    /// y = irfft2(S(rfft2(x))).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(x: UnsafePointer<T>, weight: UnsafePointer<T>, out: UnsafeMutablePointer<T>,
                 saved: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
        let plane = input.plane, cin = input.channels, modes = self.modes
        inParts(input.batch * cin, scratch: scratch) { channels, spectrum, _ in
            for channel in channels {
                keptModes(of: x + channel * plane, into: saved + 2 * channel * modes, columnScale: 1, otherScale: 1,
                          spectrum: spectrum)
            }
        }
        inParts(input.batch * outChannels, scratch: scratch) { outputs, spectrum, grid in
            for output in outputs {
                let (n, o) = output.quotientAndRemainder(dividingBy: outChannels)
                let mixed = grid      // 2·modes ≤ H·W scalars
                mixed.update(repeating: 0, count: 2 * modes)
                for i in 0..<cin {
                    complexMultiplyAdd(mixed, saved + 2 * (n * cin + i) * modes, weight + 2 * (i * outChannels + o) * modes,
                                       modes, conjugate: .none)
                }
                inverse(ofKept: mixed, otherDivisor: 1, scale: 1 / T(plane), into: out + output * plane, accumulate: false,
                        spectrum: spectrum, grid: grid)
            }
        }
    }

    /// The operand gradients, each only when asked (nil) and added when `accumulate…`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func backward(weight: UnsafePointer<T>, g: UnsafePointer<T>, saved: UnsafePointer<T>,
                  gx: UnsafeMutablePointer<T>?, accumulateX: Bool, gw: UnsafeMutablePointer<T>?, accumulateWeight: Bool,
                  scratch: UnsafeMutablePointer<T>) {
        let plane = input.plane, cin = input.channels, modes = self.modes
        let dZ = scratch + 2 * partScratch, scale = 1 / T(plane)
        inParts(input.batch * outChannels, scratch: scratch) { channels, spectrum, _ in
            for channel in channels {
                keptModes(of: g + channel * plane, into: dZ + 2 * channel * modes, columnScale: scale, otherScale: 2 * scale,
                          spectrum: spectrum)
            }
        }
        if let gw {
            // Split over input channels: each part owns its rows of dW and sums over samples in order.
            inParts(cin, scratch: scratch) { inputs, _, _ in
                for i in inputs {
                    let rows = gw + 2 * i * outChannels * modes
                    if !accumulateWeight { rows.update(repeating: 0, count: 2 * outChannels * modes) }
                    for o in 0..<outChannels {
                        for n in 0..<input.batch {
                            complexMultiplyAdd(rows + 2 * o * modes, saved + 2 * (n * cin + i) * modes,
                                               dZ + 2 * (n * outChannels + o) * modes, modes, conjugate: .first)
                        }
                    }
                }
            }
        }
        guard let gx else { return }
        inParts(input.batch * cin, scratch: scratch) { channels, spectrum, grid in
            for channel in channels {
                let (n, i) = channel.quotientAndRemainder(dividingBy: cin)
                let mixed = grid      // read into the spectrum before the transform writes the grid
                mixed.update(repeating: 0, count: 2 * modes)
                for o in 0..<outChannels {
                    complexMultiplyAdd(mixed, dZ + 2 * (n * outChannels + o) * modes, weight + 2 * (i * outChannels + o) * modes,
                                       modes, conjugate: .second)
                }
                inverse(ofKept: mixed, otherDivisor: 2, scale: 1, into: gx + channel * plane, accumulate: accumulateX,
                        spectrum: spectrum, grid: grid)
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
