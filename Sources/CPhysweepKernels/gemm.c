// The tiny-product GEMM and Adam with AVX2 + FMA (see PhysweepKernels.h), in x86-64 builds only
// (kernels_arch.h). Every function here is compiled for AVX2 + FMA; callers reach them only after
// pw_kernels_enabled() (kernels_state.c) checked the CPU.
#include "PhysweepKernels.h"
#include "kernels_arch.h"

#if PW_X86_KERNELS  // else portable.c
#include <immintrin.h>
#include <string.h>

#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)

enum {
    MR = 6,    // rows of the register tile
    KC = 256,  // K-chunk (bounds the padded copy of a partial column tile)
    TINY_MULTIPLY_ADDS = 4096,  // the largest product handled here (PhysweepTensor's smallGEMMLimit)
};

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

static int is_tiny(long m, long n, long k) {
    return (double)m * (double)n * (double)k <= TINY_MULTIPLY_ADDS;
}

int pw_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
             const float *b, long ldb, int accumulate, float *c, long ldc) {
    if (!is_tiny(m, n, k)) return 0;
    gemm_f32(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc);
    return 1;
}

int pw_dgemm(int transpose_a, int transpose_b, long m, long n, long k, const double *a, long lda,
             const double *b, long ldb, int accumulate, double *c, long ldc) {
    if (!is_tiny(m, n, k)) return 0;
    gemm_f64(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc);
    return 1;
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

#endif  // PW_X86_KERNELS
