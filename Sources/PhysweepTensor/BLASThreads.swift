import COpenBLAS
import CPhysweepKernels

/// The number of threads matrix products use (process-wide). OpenBLAS gets this count for products
/// of at least 4·10⁶ multiply-adds and one thread below (a second thread costs more than it saves
/// there); the large jet activations use a second thread when the count is at least 2.
public enum BLASThreads {
    /// Sets the thread count (at least 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
        pw_kernels_set_threads(Int32(max(1, count)))
    }

    /// The configured thread count (OpenBLAS's own count before `set` was first called).
    public static var current: Int {
        let configured = Int(pw_kernels_threads())
        return configured > 0 ? configured : Int(openblas_get_num_threads())
    }

    /// Gives OpenBLAS the thread count for a product of `multiplyAdds` (a no-op when unchanged).
    @inline(__always)
    static func prepare(forMultiplyAdds multiplyAdds: Int) {
        let change = pw_blas_threads_change(Double(multiplyAdds))
        if change > 0 { openblas_set_num_threads(change) }
    }
}
