import COpenBLAS

/// The number of threads OpenBLAS uses for matrix products (process-wide).
public enum BLASThreads {
    /// Sets the OpenBLAS thread count (at least 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The current OpenBLAS thread count.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
