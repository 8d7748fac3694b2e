import COpenBLAS
import CPhysweepKernels

/// The number of threads used for large jobs (process-wide): a product of at least 4·10⁶
/// multiply-adds is split into two halves of the rows of C, each a single-threaded OpenBLAS call,
/// the second on a helper thread when the count is at least 2; large jet activations likewise.
/// OpenBLAS itself runs one thread: its own threads spin and yield around every product, which on
/// a two-core machine takes the core the other half needs.
public enum BLASThreads {
    /// Sets the thread count (at least 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(1)
        pw_kernels_set_threads(Int32(clamping: max(1, count)))  // a TASK's count is a peer's: never trap
    }

    /// The configured thread count (OpenBLAS's own count before `set` was first called).
    public static var current: Int {
        let configured = Int(pw_kernels_threads())
        return configured > 0 ? configured : Int(openblas_get_num_threads())
    }
}
