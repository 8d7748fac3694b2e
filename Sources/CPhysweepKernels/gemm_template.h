// The GEMM of gemm.c for one element type, included once per type. The includer defines
// T (element), LANES (elements per 256-bit vector), FN(name) (a type-suffixed name) and the
// vector operations VEC, VZERO, VLOAD, VSTORE, VSPLAT, VFMA, VADD.
//
// Register tile: MR rows × NR = 2·LANES columns of C in 12 accumulators; each step over p loads
// one row of op(B) (two vectors) and splats one element of op(A) per row. op(A)(r, p) is read
// through strides (rs_a, cs_a), so A and Aᵀ cost the same; B is read in place (it is the small
// weight matrix, or for Aᵀ·G the gradient rows, both streamed once per K-chunk), and op(B) = Bᵀ is
// packed once per call. A last partial column tile goes through a zero-padded copy.

#define NR (2 * LANES)

/// The MR×NR tile at c (+)= Σ_{p<kc} op(A)(r, p)·B(p, 0..<NR); rows r ≥ mr are computed on row 0
/// and not stored.
static inline __attribute__((always_inline))
void FN(tile)(long kc, const T *a, long rs_a, long cs_a, int mr, const T *b, long ldb,
              T *c, long ldc, int accumulate) {
    const T *row[MR];
    for (int r = 0; r < MR; r++) row[r] = a + (r < mr ? r : 0) * rs_a;
    VEC acc0[MR], acc1[MR];
    for (int r = 0; r < MR; r++) { acc0[r] = VZERO(); acc1[r] = VZERO(); }
    for (long p = 0; p < kc; p++) {
        VEC b0 = VLOAD(b + p * ldb), b1 = VLOAD(b + p * ldb + LANES);
        for (int r = 0; r < MR; r++) {
            VEC x = VSPLAT(row[r] + p * cs_a);
            acc0[r] = VFMA(x, b0, acc0[r]);
            acc1[r] = VFMA(x, b1, acc1[r]);
        }
    }
    for (int r = 0; r < MR; r++) {
        if (r >= mr) break;
        T *cr = c + r * ldc;
        if (accumulate) {
            acc0[r] = VADD(VLOAD(cr), acc0[r]);
            acc1[r] = VADD(VLOAD(cr + LANES), acc1[r]);
        }
        VSTORE(cr, acc0[r]);
        VSTORE(cr + LANES, acc1[r]);
    }
}

/// Rows [row_begin, row_end) of C (+)= op(A)·B for B in place with leading dimension ldb.
static void FN(gemm_rows)(long row_begin, long row_end, long n, long k, const T *a, long rs_a, long cs_a,
                          const T *b, long ldb, int accumulate, T *c, long ldc) {
    long full = n / NR * NR;
    int rest = (int)(n - full);
    T padded[KC * NR];  // the last partial column tile of this K-chunk, zero-padded to NR
    for (long p0 = 0; p0 < k; p0 += KC) {
        long kc = k - p0 < KC ? k - p0 : KC;
        int add = accumulate || p0 > 0;
        const T *bp = b + p0 * ldb;
        if (rest > 0) {
            for (long p = 0; p < kc; p++) {
                for (int j = 0; j < NR; j++) padded[p * NR + j] = j < rest ? bp[p * ldb + full + j] : 0;
            }
        }
        for (long i = row_begin; i < row_end; i += MR) {
            int mr = row_end - i < MR ? (int)(row_end - i) : MR;
            const T *ai = a + i * rs_a + p0 * cs_a;
            T *ci = c + i * ldc;
            for (long j = 0; j < full; j += NR) FN(tile)(kc, ai, rs_a, cs_a, mr, bp + j, ldb, ci + j, ldc, add);
            if (rest > 0) {
                T edge[MR * NR];
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < NR; j++) edge[r * NR + j] = add && j < rest ? ci[r * ldc + full + j] : 0;
                }
                FN(tile)(kc, ai, rs_a, cs_a, mr, padded, NR, edge, NR, 1);
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < rest; j++) ci[r * ldc + full + j] = edge[r * NR + j];
                }
            }
        }
    }
}

struct FN(gemm_job) {
    long m, n, k, rs_a, cs_a, ldb, ldc, split;
    const T *a, *b;
    T *c;
    int accumulate;
};

static void FN(gemm_part)(void *context, int part) {
    const struct FN(gemm_job) *job = context;
    long begin = part == 0 ? 0 : job->split, end = part == 0 ? job->split : job->m;
    FN(gemm_rows)(begin, end, job->n, job->k, job->a, job->rs_a, job->cs_a, job->b, job->ldb, job->accumulate,
                  job->c, job->ldc);
}

static void FN(gemm)(int transpose_a, int transpose_b, long m, long n, long k, const T *a, long lda,
                     const T *b, long ldb, int accumulate, T *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate) for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(T));
        return;
    }
    if (transpose_b) {
        T *packed = scratch(k * n * (long)sizeof(T));
        for (long p = 0; p < k; p++) {
            for (long j = 0; j < n; j++) packed[p * n + j] = b[j * ldb + p];
        }
        b = packed;
        ldb = n;
    }
    struct FN(gemm_job) job = {
        .m = m, .n = n, .k = k, .rs_a = transpose_a ? 1 : lda, .cs_a = transpose_a ? lda : 1,
        .ldb = ldb, .ldc = ldc, .a = a, .b = b, .c = c, .accumulate = accumulate,
        // Split rows at a multiple of MR, so both halves tile exactly as one thread would.
        .split = (m / 2 + MR - 1) / MR * MR,
    };
    if (m >= 2 * MR && (double)m * (double)n * (double)k >= PARALLEL_MULTIPLY_ADDS) {
        run_in_two_parts(FN(gemm_part), &job);
    } else {
        FN(gemm_rows)(0, m, n, k, job.a, job.rs_a, job.cs_a, b, ldb, accumulate, c, ldc);
    }
}

#undef NR
