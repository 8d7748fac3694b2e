// GEMM and Adam with AVX2 + FMA (see PhysweepKernels.h). Every function here is compiled for
// AVX2 + FMA; callers reach them only after pw_kernels_enabled() (kernels_state.c) checked the CPU.
#include "PhysweepKernels.h"
#include "two_parts.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)

enum {
    MR = 6,    // rows of the register tile
    KC = 256,  // K-chunk: keeps a chunk of op(A) and B in L2 when K is long (Aᵀ·G over many rows)
};

/// Products of at least this many multiply-adds are split over two threads (when allowed): below
/// it the hand-off costs more than the second core gains.
static const double PARALLEL_MULTIPLY_ADDS = 4e6;

/// Per-thread growable buffers (0: op(B) = Bᵀ; 1, 2: the panels of a packed K-chunk), kept between
/// calls so a training step allocates nothing once they have grown.
static void *scratch(int slot, long bytes) {
    static _Thread_local void *buffers[3];
    static _Thread_local long capacities[3];
    if (bytes > capacities[slot]) {
        free(buffers[slot]);
        buffers[slot] = aligned_alloc(64, (size_t)((bytes + 63) / 64 * 64));
        if (!buffers[slot]) abort();
        capacities[slot] = bytes;
    }
    return buffers[slot];
}

#define T float
#define LANES 8
#define FN(name) name##_f32
#define VEC __m256
#define VZERO() _mm256_setzero_ps()
#define VLOAD(p) _mm256_loadu_ps(p)
#define VSTORE(p, v) _mm256_storeu_ps(p, v)
#define VSPLAT(p) _mm256_broadcast_ss(p)
#define VFMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define VADD(a, b) _mm256_add_ps(a, b)
#include "gemm_template.h"
#undef T
#undef LANES
#undef FN
#undef VEC
#undef VZERO
#undef VLOAD
#undef VSTORE
#undef VSPLAT
#undef VFMA
#undef VADD

#define T double
#define LANES 4
#define FN(name) name##_f64
#define VEC __m256d
#define VZERO() _mm256_setzero_pd()
#define VLOAD(p) _mm256_loadu_pd(p)
#define VSTORE(p, v) _mm256_storeu_pd(p, v)
#define VSPLAT(p) _mm256_broadcast_sd(p)
#define VFMA(a, b, c) _mm256_fmadd_pd(a, b, c)
#define VADD(a, b) _mm256_add_pd(a, b)
#include "gemm_template.h"

void pw_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
              const float *b, long ldb, int accumulate, float *c, long ldc) {
    gemm_f32(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc);
}

void pw_dgemm(int transpose_a, int transpose_b, long m, long n, long k, const double *a, long lda,
              const double *b, long ldb, int accumulate, double *c, long ldc) {
    gemm_f64(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc);
}

// Adam: the loop of Adam.swift's portable path, vectorized by the compiler with the hardware square
// root (-fno-math-errno lets it use vsqrtps/vsqrtpd).
void pw_adam_f32(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, long n,
                 float b1, float b2, float l2, float shrink, float step_size, float inverse_correction2,
                 float eps) {
    for (long i = 0; i < n; i++) {
        float gi = g[i] + l2 * p[i];
        float mi = b1 * m[i] + (1 - b1) * gi;
        float vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = shrink * p[i] - step_size * mi / (__builtin_sqrtf(vi) * inverse_correction2 + eps);
    }
}

void pw_adam_f64(double *restrict p, const double *restrict g, double *restrict m, double *restrict v, long n,
                 double b1, double b2, double l2, double shrink, double step_size, double inverse_correction2,
                 double eps) {
    for (long i = 0; i < n; i++) {
        double gi = g[i] + l2 * p[i];
        double mi = b1 * m[i] + (1 - b1) * gi;
        double vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = shrink * p[i] - step_size * mi / (__builtin_sqrt(vi) * inverse_correction2 + eps);
    }
}

#pragma clang attribute pop
