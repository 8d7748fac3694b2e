// The GEMM of gemm.c for one element type, included once per type. The includer defines
// T (element), LANES (elements per 256-bit vector), FN(name) (a type-suffixed name) and the
// vector operations VEC, VZERO, VLOAD, VSTORE, VSPLAT, VFMA, VADD.
//
// Only for tiny products (at most TINY_MULTIPLY_ADDS, e.g. a layer's [25,1]·[1,64]), where a BLAS
// call's fixed cost exceeds the arithmetic; everything larger goes to OpenBLAS.
// Register tile: MR rows × NR = 2·LANES columns of C in 12 accumulators; each step over p loads
// one row of op(B) (two vectors) and splats one element of op(A) per row; op(A) is read through
// strides, so A and Aᵀ cost the same. op(B) = Bᵀ is transposed into a stack buffer first. A last
// partial column tile goes through a zero-padded copy; one-column products are dot products.

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
/// leading dimension ldb.
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
    T transposed[TINY_MULTIPLY_ADDS];  // op(B) = Bᵀ as a [k, n] matrix; k·n ≤ m·n·k
    if (transpose_b) {
        for (long p = 0; p < k; p++) {
            for (long j = 0; j < n; j++) transposed[p * n + j] = b[j * ldb + p];
        }
        b = transposed;
        ldb = n;
    }
    FN(gemm_rows)(0, m, n, k, a, transpose_a ? 1 : lda, transpose_a ? lda : 1, b, ldb, accumulate, c, ldc);
}

#undef NR
