import COpenBLAS
import CPhysweepKernels

/// The number of threads matrix products use (process-wide): OpenBLAS's, and the vectorized
/// kernels' (which use at most 2, on large products only; see VectorKernels).
public enum BLASThreads {
    /// Sets the thread count (at least 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
        pw_kernels_set_threads(Int32(max(1, count)))
    }

    /// The current OpenBLAS thread count.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
