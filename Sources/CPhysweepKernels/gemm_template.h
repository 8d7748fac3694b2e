// The GEMM of gemm.c for one element type, included once per type. The includer defines
// T (element), LANES (elements per 256-bit vector), FN(name) (a type-suffixed name) and the
// vector operations VEC, VZERO, VLOAD, VSTORE, VSPLAT, VFMA, VADD.
//
// Register tile: MR rows × NR = 2·LANES columns of C in 12 accumulators; each step over p loads
// one row of op(B) (two vectors) and splats one element of op(A) per row. For op(A) = A the rows
// of A stream through in place and B (a small weight matrix) stays in L1; for op(A) = Aᵀ (the
// weight gradient, K = the batch) each K-chunk of A and B is packed into tile panels first.
// op(B) = Bᵀ is transposed once per call. A last partial column tile goes through a padded copy.

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

/// The NR columns of C from column j (fewer at the right edge: `width`) for rows i..<i+mr: full tiles
/// straight into C, the partial right tile through a padded copy (B must be zero-padded there).
static inline __attribute__((always_inline))
void FN(tile_into)(long kc, const T *a, long rs_a, long cs_a, int mr, const T *b, long ldb, T *c, long ldc,
                   int width, int accumulate) {
    if (width == NR) {
        FN(tile)(kc, a, rs_a, cs_a, mr, b, ldb, c, ldc, accumulate);
        return;
    }
    T edge[MR * NR];
    for (int r = 0; r < mr; r++) {
        for (int j = 0; j < NR; j++) edge[r * NR + j] = accumulate && j < width ? c[r * ldc + j] : 0;
    }
    FN(tile)(kc, a, rs_a, cs_a, mr, b, ldb, edge, NR, 1);
    for (int r = 0; r < mr; r++) {
        for (int j = 0; j < width; j++) c[r * ldc + j] = edge[r * NR + j];
    }
}

/// Rows [row_begin, row_end) of C (+)= op(A)·B, op(A)(r, p) = a[r·rs_a + p·cs_a], B in place with
/// leading dimension ldb (it is small and stays in L1, or K is short).
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
            if (rest > 0) FN(tile_into)(kc, ai, rs_a, cs_a, mr, padded, NR, ci + full, ldc, rest, add);
        }
    }
}

/// Rows [row_begin, row_end) of C (+)= op(A)·B with op(A) read down the columns of A (op(A) = Aᵀ,
/// e.g. the weight gradient Xᵀ·G over many rows of X and G) when K is long (above 4 chunks; shorter
/// ones stay in L2 unpacked). Each K-chunk of both is first copied
/// into contiguous tile panels, so a tile streams two sequential panels instead of touching two
/// new cache lines per step. Same per-element summation order as gemm_rows.
static void FN(gemm_rows_packed)(long row_begin, long row_end, long n, long k, const T *a, long cs_a,
                                 const T *b, long ldb, int accumulate, T *c, long ldc) {
    long row_tiles = (row_end - row_begin + MR - 1) / MR, column_tiles = (n + NR - 1) / NR;
    T *a_panels = scratch(1, row_tiles * MR * KC * (long)sizeof(T));
    T *b_panels = scratch(2, column_tiles * NR * KC * (long)sizeof(T));
    for (long p0 = 0; p0 < k; p0 += KC) {
        long kc = k - p0 < KC ? k - p0 : KC;
        int add = accumulate || p0 > 0;
        // Row by row, so both operands are read sequentially (a chunk is contiguous in memory).
        for (long p = 0; p < kc; p++) {
            const T *b_row = b + (p0 + p) * ldb, *a_row = a + (p0 + p) * cs_a;
            for (long u = 0; u < column_tiles; u++) {
                long width = n - u * NR < NR ? n - u * NR : NR;
                T *panel = b_panels + (u * kc + p) * NR;
                for (int j = 0; j < NR; j++) panel[j] = j < width ? b_row[u * NR + j] : 0;
            }
            for (long t = 0; t < row_tiles; t++) {
                long i = row_begin + t * MR;
                T *panel = a_panels + (t * kc + p) * MR;
                for (int r = 0; r < MR; r++) panel[r] = i + r < row_end ? a_row[i + r] : 0;
            }
        }
        for (long t = 0; t < row_tiles; t++) {
            long i = row_begin + t * MR;
            int mr = row_end - i < MR ? (int)(row_end - i) : MR;
            for (long u = 0; u < column_tiles; u++) {
                int width = n - u * NR < NR ? (int)(n - u * NR) : NR;
                FN(tile_into)(kc, a_panels + t * kc * MR, 1, MR, mr, b_panels + u * kc * NR, NR,
                              c + i * ldc + u * NR, ldc, width, add);
            }
        }
    }
}

/// C[i] (+)= op(A) row i · v for one output column (n = 1, e.g. the output layer): a dot product
/// per row along K, instead of a register tile that would use one of its 2·LANES columns.
static void FN(gemm_column)(long m, long k, const T *a, long lda, const T *v, int accumulate, T *c, long ldc) {
    for (long i = 0; i < m; i++) {
        const T *row = a + i * lda;
        VEC s0 = VZERO(), s1 = VZERO();
        long p = 0;
        for (; p + 2 * LANES <= k; p += 2 * LANES) {
            s0 = VFMA(VLOAD(row + p), VLOAD(v + p), s0);
            s1 = VFMA(VLOAD(row + p + LANES), VLOAD(v + p + LANES), s1);
        }
        T lanes[LANES];
        VSTORE(lanes, VADD(s0, s1));
        T sum = 0;
        for (int l = 0; l < LANES; l++) sum += lanes[l];
        for (; p < k; p++) sum += row[p] * v[p];
        c[i * ldc] = accumulate ? c[i * ldc] + sum : sum;
    }
}

struct FN(gemm_job) {
    long m, n, k, lda, ldb, ldc, split;
    const T *a, *b;
    T *c;
    int accumulate, transpose_a;
};

static void FN(gemm_range)(const struct FN(gemm_job) *job, long begin, long end) {
    if (job->transpose_a && job->k > 4 * KC) {
        FN(gemm_rows_packed)(begin, end, job->n, job->k, job->a, job->lda, job->b, job->ldb, job->accumulate,
                             job->c, job->ldc);
    } else {
        long rs_a = job->transpose_a ? 1 : job->lda, cs_a = job->transpose_a ? job->lda : 1;
        FN(gemm_rows)(begin, end, job->n, job->k, job->a, rs_a, cs_a, job->b, job->ldb, job->accumulate, job->c,
                      job->ldc);
    }
}

static void FN(gemm_part)(void *context, int part) {
    const struct FN(gemm_job) *job = context;
    FN(gemm_range)(job, part == 0 ? 0 : job->split, part == 0 ? job->split : job->m);
}

static void FN(gemm)(int transpose_a, int transpose_b, long m, long n, long k, const T *a, long lda,
                     const T *b, long ldb, int accumulate, T *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate) for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(T));
        return;
    }
    if (n == 1 && !transpose_a && (transpose_b || ldb == 1)) {
        FN(gemm_column)(m, k, a, lda, b, accumulate, c, ldc);  // op(B) is one contiguous column
        return;
    }
    if (n == 1 && transpose_a && !transpose_b && ldb == 1 && ldc == 1) {
        // Aᵀ·v as the one-row product vᵀ·A, written to the same m contiguous elements of C.
        FN(gemm_rows)(0, 1, m, k, b, k, 1, a, lda, accumulate, c, m);
        return;
    }
    if (transpose_b) {
        T *packed = scratch(0, k * n * (long)sizeof(T));
        for (long p = 0; p < k; p++) {
            for (long j = 0; j < n; j++) packed[p * n + j] = b[j * ldb + p];
        }
        b = packed;
        ldb = n;
    }
    struct FN(gemm_job) job = {
        .m = m, .n = n, .k = k, .lda = lda, .ldb = ldb, .ldc = ldc, .a = a, .b = b, .c = c,
        .accumulate = accumulate, .transpose_a = transpose_a,
        // Split rows at a multiple of MR, so both halves tile exactly as one thread would.
        .split = (m / 2 + MR - 1) / MR * MR,
    };
    if (m >= 2 * MR && (double)m * (double)n * (double)k >= PARALLEL_MULTIPLY_ADDS) {
        run_in_two_parts(FN(gemm_part), &job);
    } else {
        FN(gemm_range)(&job, 0, m);
    }
}

#undef NR
