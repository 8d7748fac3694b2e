import CFFTW
import Foundation

/// FFTW's real-to-complex and complex-to-real 2-D transforms of one H × W grid, in the graph's
/// scalar type (`fftwf_*` for Float, `fftw_*` for Double), planned once while the graph is built.
///
/// The grid is row-major [H, W]; its half spectrum [H, W/2 + 1] complex values, interleaved (re, im).
/// Both directions are unnormalised, like FFTW. Plans are made with `FFTW_ESTIMATE` (no timing, so
/// the same algorithm and the same bits on every run) and `FFTW_UNALIGNED`, so they run on any
/// channel of a node's buffer through FFTW's new-array functions (which are thread-safe). FFTW's
/// planner is not: plans are made and destroyed under `FFTWPlanner.lock`.
///
/// ```swift
/// let fft = RealFFT2D<Float>(height: 8, width: 8)
/// fft.forward(grid, into: spectrum)     // spectrum: 2·8·5 scalars
/// fft.inverse(spectrum, into: grid)     // destroys `spectrum`; grid is 64× the original
/// ```
final class RealFFT2D<T: TensorScalar>: @unchecked Sendable {
    let height: Int
    let width: Int
    /// Complex values per spectral row: W/2 + 1.
    var halfWidth: Int { width / 2 + 1 }
    private let forwardPlan: OpaquePointer
    private let inversePlan: OpaquePointer

    /// Plans both directions for an H × W grid.
    init(height: Int, width: Int) {
        precondition(height >= 1 && width >= 2, "RealFFT2D: grid \(height)×\(width) is too small")
        self.height = height
        self.width = width
        let realCount = height * width, complexCount = height * (width / 2 + 1)
        // Arrays only for the planner (FFTW_ESTIMATE does not touch them).
        let real = UnsafeMutableRawPointer.allocate(byteCount: realCount * MemoryLayout<T>.stride, alignment: 64)
        let spectrum = UnsafeMutableRawPointer.allocate(byteCount: 2 * complexCount * MemoryLayout<T>.stride, alignment: 64)
        defer { real.deallocate(); spectrum.deallocate() }
        let flags = UInt32(FFTW_ESTIMATE | FFTW_UNALIGNED)
        let (h, w) = (Int32(height), Int32(width))
        FFTWPlanner.lock.lock()
        defer { FFTWPlanner.lock.unlock() }
        let plans: (OpaquePointer?, OpaquePointer?)
        if T.self == Float.self {
            plans = (fftwf_plan_dft_r2c_2d(h, w, real.assumingMemoryBound(to: Float.self),
                                           spectrum.assumingMemoryBound(to: fftwf_complex.self), flags),
                     fftwf_plan_dft_c2r_2d(h, w, spectrum.assumingMemoryBound(to: fftwf_complex.self),
                                           real.assumingMemoryBound(to: Float.self), flags))
        } else {
            plans = (fftw_plan_dft_r2c_2d(h, w, real.assumingMemoryBound(to: Double.self),
                                          spectrum.assumingMemoryBound(to: fftw_complex.self), flags),
                     fftw_plan_dft_c2r_2d(h, w, spectrum.assumingMemoryBound(to: fftw_complex.self),
                                          real.assumingMemoryBound(to: Double.self), flags))
        }
        guard let forward = plans.0, let inverse = plans.1 else {
            preconditionFailure("RealFFT2D: FFTW could not plan a \(height)×\(width) transform")
        }
        forwardPlan = forward
        inversePlan = inverse
    }

    deinit {
        FFTWPlanner.lock.lock()
        defer { FFTWPlanner.lock.unlock() }
        if T.self == Float.self {
            fftwf_destroy_plan(forwardPlan); fftwf_destroy_plan(inversePlan)
        } else {
            fftw_destroy_plan(forwardPlan); fftw_destroy_plan(inversePlan)
        }
    }

    /// spectrum = unnormalised forward transform of `real` (kept).
    func forward(_ real: UnsafePointer<T>, into spectrum: UnsafeMutablePointer<T>) {
        let input = UnsafeMutableRawPointer(mutating: real), output = UnsafeMutableRawPointer(spectrum)
        if T.self == Float.self {
            fftwf_execute_dft_r2c(forwardPlan, input.assumingMemoryBound(to: Float.self),
                                  output.assumingMemoryBound(to: fftwf_complex.self))
        } else {
            fftw_execute_dft_r2c(forwardPlan, input.assumingMemoryBound(to: Double.self),
                                 output.assumingMemoryBound(to: fftw_complex.self))
        }
    }

    /// real = unnormalised inverse transform of the Hermitian half `spectrum`, which it destroys.
    func inverse(_ spectrum: UnsafeMutablePointer<T>, into real: UnsafeMutablePointer<T>) {
        let input = UnsafeMutableRawPointer(spectrum), output = UnsafeMutableRawPointer(real)
        if T.self == Float.self {
            fftwf_execute_dft_c2r(inversePlan, input.assumingMemoryBound(to: fftwf_complex.self),
                                  output.assumingMemoryBound(to: Float.self))
        } else {
            fftw_execute_dft_c2r(inversePlan, input.assumingMemoryBound(to: fftw_complex.self),
                                 output.assumingMemoryBound(to: Double.self))
        }
    }
}

/// FFTW's planner is process-global and not thread-safe: every target that makes or destroys FFTW
/// plans (this module's spectral convolution, `PhysweepShearFlow`'s solver) does so under this one
/// lock, so a data set generated on one thread and a model built on another cannot plan at once.
public enum FFTWPlanner {
    /// The lock around every `fftw(f)_plan_*` and `fftw(f)_destroy_plan` call of the process.
    public static let lock = NSLock()
}
