import CFFTW

/// Doubles in memory from `fftw_malloc`, so every buffer has the SIMD alignment FFTW's plans assume.
///
/// A complex array of n values is 2n doubles, real and imaginary parts interleaved (`fftw_complex`).
final class SpectralBuffer {
    /// The doubles (count `count`).
    let pointer: UnsafeMutablePointer<Double>
    /// Number of doubles.
    let count: Int

    /// `count` doubles, all zero.
    init(count: Int) {
        precondition(count > 0, "an FFT buffer holds at least one value")
        guard let raw = fftw_malloc(count * MemoryLayout<Double>.stride) else {
            fatalError("fftw_malloc could not allocate \(count) doubles")
        }
        pointer = raw.bindMemory(to: Double.self, capacity: count)
        pointer.initialize(repeating: 0, count: count)
        self.count = count
    }

    /// A copy of `values`.
    convenience init(values: [Double]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { fftw_free(pointer) }

    /// The same memory as FFTW's complex type (count / 2 values).
    var complex: UnsafeMutablePointer<fftw_complex> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: fftw_complex.self)
    }

    /// Copies every double of `other` (same count) into this buffer.
    func copy(from other: SpectralBuffer) {
        precondition(other.count == count)
        pointer.update(from: other.pointer, count: count)
    }

    /// The values as an array.
    var array: [Double] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
