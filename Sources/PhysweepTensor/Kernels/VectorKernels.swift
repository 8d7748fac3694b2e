import CPhysweepKernels

/// The AVX2 + FMA kernels of `CPhysweepKernels` (tiny GEMMs, Adam, sin/cos, Snake, tanh): used where the
/// build has them (x86-64 without `PHYSWEEP_PORTABLE_KERNELS=1`) and the CPU too, with the portable Swift
/// loops everywhere else (products above `smallGEMMLimit` are OpenBLAS's on every CPU). Tiny-GEMM and
/// Adam results of the two paths agree to rounding (FMA and summation order change the last bits);
/// sin/cos/Snake/tanh are bit-identical. Each path is deterministic.
enum VectorKernels {
    /// Whether this build contains the kernels (x86-64, not built with `PHYSWEEP_PORTABLE_KERNELS=1`).
    static var isCompiled: Bool { pw_kernels_compiled() != 0 }

    /// Whether this build contains the kernels and this CPU has AVX2 and FMA.
    static var isSupported: Bool { pw_kernels_supported() != 0 }

    /// Whether the vectorized kernels run (only where supported); tests switch them off to check the
    /// portable path too.
    static var isEnabled: Bool {
        get { pw_kernels_enabled() != 0 }
        set { pw_kernels_set_enabled(newValue ? 1 : 0) }
    }

    /// C = op(A)·op(B) + beta·C for a tiny product (at most `smallGEMMLimit` multiply-adds) with the
    /// vectorized kernel; false (nothing done) when it cannot run (kernels off, a larger product, or
    /// beta other than 0 and 1).
    @inline(__always)
    static func tinyGEMM<T: TensorScalar>(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                          a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
                                          beta: T, c: UnsafeMutablePointer<T>, ldc: Int) -> Bool {
        guard beta == 0 || beta == 1, isEnabled else { return false }
        let ta: Int32 = transposeA ? 1 : 0, tb: Int32 = transposeB ? 1 : 0, add: Int32 = beta == 1 ? 1 : 0
        if T.self == Float.self {
            return pw_sgemm(ta, tb, m, n, k, cast(a), lda, cast(b), ldb, add, cast(c), ldc) != 0
        } else if T.self == Double.self {
            return pw_dgemm(ta, tb, m, n, k, cast(a), lda, cast(b), ldb, add, cast(c), ldc) != 0
        }
        return false
    }

    /// The Adam update with the vectorized kernel; false when it cannot run.
    @inline(__always)
    static func adam<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>,
                                      _ m: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>, _ n: Int,
                                      beta1: T, beta2: T, l2: T, shrink: T, stepSize: T,
                                      inverseCorrection2: T, epsilon: T) -> Bool {
        guard isEnabled else { return false }
        if T.self == Float.self {
            pw_adam_f32(cast(p), cast(g), cast(m), cast(v), n, scalar(beta1), scalar(beta2), scalar(l2),
                        scalar(shrink), scalar(stepSize), scalar(inverseCorrection2), scalar(epsilon))
        } else if T.self == Double.self {
            pw_adam_f64(cast(p), cast(g), cast(m), cast(v), n, scalar(beta1), scalar(beta2), scalar(l2),
                        scalar(shrink), scalar(stepSize), scalar(inverseCorrection2), scalar(epsilon))
        } else {
            return false
        }
        return true
    }

    /// y = sin x (or cos x) over n elements with the vectorized kernel, bit for bit `fastSin` /
    /// `fastCos`; false when it cannot run.
    @inline(__always)
    static func sine<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int,
                                      cosine: Bool) -> Bool {
        guard isEnabled else { return false }
        if T.self == Float.self {
            cosine ? pw_cos_f32(cast(x), cast(y), n) : pw_sin_f32(cast(x), cast(y), n)
        } else if T.self == Double.self {
            cosine ? pw_cos_f64(cast(x), cast(y), n) : pw_sin_f64(cast(x), cast(y), n)
        } else {
            return false
        }
        return true
    }

    /// Snake y = x + sin²(αx)·inverse in one pass with the vectorized kernel, bit for bit the portable
    /// loops of `unaryForward`; false when it cannot run.
    @inline(__always)
    static func snakeForward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int,
                                              alpha: T, inverse: T) -> Bool {
        guard isEnabled else { return false }
        if T.self == Float.self {
            pw_snake_forward_f32(cast(x), cast(y), n, scalar(alpha), scalar(inverse))
        } else if T.self == Double.self {
            pw_snake_forward_f64(cast(x), cast(y), n, scalar(alpha), scalar(inverse))
        } else {
            return false
        }
        return true
    }

    /// Snake's gradient gx (+)= (1 + sin(2αx))·g in one pass with the vectorized kernel, bit for bit the
    /// portable loops of `unaryBackward`; false when it cannot run.
    @inline(__always)
    static func snakeBackward<T: TensorScalar>(x: UnsafePointer<T>, g: UnsafePointer<T>,
                                               gx: UnsafeMutablePointer<T>, _ n: Int, alpha: T,
                                               accumulate: Bool) -> Bool {
        guard isEnabled else { return false }
        if T.self == Float.self {
            pw_snake_backward_f32(cast(x), cast(g), cast(gx), n, scalar(alpha), accumulate ? 1 : 0)
        } else if T.self == Double.self {
            pw_snake_backward_f64(cast(x), cast(g), cast(gx), n, scalar(alpha), accumulate ? 1 : 0)
        } else {
            return false
        }
        return true
    }

    /// y = tanh x over n elements with the vectorized kernel, bit for bit `fastTanh`; false when it
    /// cannot run.
    @inline(__always)
    static func tanh<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) -> Bool {
        guard isEnabled else { return false }
        if T.self == Float.self {
            pw_tanh_f32(cast(x), cast(y), n)
        } else if T.self == Double.self {
            pw_tanh_f64(cast(x), cast(y), n)
        } else {
            return false
        }
        return true
    }

    /// Runs part(0) here and part(1) on the kernels' helper thread when two threads are allowed (both
    /// here otherwise); returns when both are done. Any CPU (plain pthreads), kernels on or off.
    static func inTwoParts(_ part: (Int) -> Void) {
        withoutActuallyEscaping(part) { part in
            var body = part
            withUnsafeMutablePointer(to: &body) { pointer in
                pw_run_in_two_parts({ context, index in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(index))
                }, pointer)
            }
        }
    }

    @inline(__always)
    private static func cast<T, U>(_ pointer: UnsafePointer<T>) -> UnsafePointer<U> {
        UnsafeRawPointer(pointer).assumingMemoryBound(to: U.self)
    }

    @inline(__always)
    private static func cast<T, U>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<U> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: U.self)
    }

    @inline(__always)
    private static func scalar<T, U>(_ value: T) -> U { unsafeBitCast(value, to: U.self) }
}
