// sin and cos over arrays (and the Snake activation built on sin) with AVX2 (x86-64 builds only, kernels_arch.h): the same range reduction and polynomials, in the same order,
// as FastMath.swift's fastSin / fastCos, with no FMA contraction, so both paths give the same bits.
#include "PhysweepKernels.h"
#include "kernels_arch.h"

#if PW_X86_KERNELS  // else portable.c
#include <stdint.h>
#include <string.h>

#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)
#pragma clang fp contract(off)

static inline float sin_shifted_f32(float x, float half_turns) {
    const float magic = 12582912.0f;  // 1.5·2²³: adding it rounds to an integer
    // For sin (half_turns 0) the "+ 0" is left out: it only turns −0 into +0, which adding magic
    // does anyway, so the bits are those of fastSin's formula; it is one operation of ~30 per element.
    float scaled = x * 0.31830988f;
    float shifted = (half_turns == 0 ? scaled : scaled + half_turns) + magic;
    float k = shifted - magic - half_turns;
    float r = ((x - k * 3.140625f) - k * 9.67502593994140625e-4f) - k * 1.509957990978376432e-7f;
    float r2 = r * r;
    float p = -7.6471637e-13f;
    p = p * r2 + 1.0f / 6227020800.0f;
    p = p * r2 - 1.0f / 39916800.0f;
    p = p * r2 + 1.0f / 362880.0f;
    p = p * r2 - 1.0f / 5040.0f;
    p = p * r2 + 1.0f / 120.0f;
    p = p * r2 - 1.0f / 6.0f;
    float s = r + r * r2 * p;
    uint32_t bits, parity;
    memcpy(&bits, &s, sizeof bits);
    memcpy(&parity, &shifted, sizeof parity);
    bits ^= parity << 31;
    memcpy(&s, &bits, sizeof s);
    return s;
}

static inline double sin_shifted_f64(double x, double half_turns) {
    const double magic = 6755399441055744.0;  // 1.5·2⁵²
    double scaled = x * 0.3183098861837907;  // "+ 0" left out for sin, as in sin_shifted_f32
    double shifted = (half_turns == 0 ? scaled : scaled + half_turns) + magic;
    double k = shifted - magic - half_turns;
    double r = ((x - k * 3.141592653589793) - k * 1.2246467991473532e-16) - k * -2.9947698097183397e-33;
    double r2 = r * r;
    double p = -1.0 / 51090942171709440000.0;
    p = p * r2 + 1.0 / 121645100408832000.0;
    p = p * r2 - 1.0 / 355687428096000.0;
    p = p * r2 + 1.0 / 1307674368000.0;
    p = p * r2 - 1.0 / 6227020800.0;
    p = p * r2 + 1.0 / 39916800.0;
    p = p * r2 - 1.0 / 362880.0;
    p = p * r2 + 1.0 / 5040.0;
    p = p * r2 - 1.0 / 120.0;
    p = p * r2 + 1.0 / 6.0;
    double s = r - r * r2 * p;
    uint64_t bits, parity;
    memcpy(&bits, &s, sizeof bits);
    memcpy(&parity, &shifted, sizeof parity);
    bits ^= parity << 63;
    memcpy(&s, &bits, sizeof s);
    return s;
}

// Each iteration reads x[i] and then writes y[i], so y == x is safe; telling the vectorizer so keeps
// in-place calls off the scalar fallback its run-time overlap check would otherwise pick.
#define EACH_ELEMENT _Pragma("clang loop vectorize(assume_safety)") for (long i = 0; i < n; i++)

void pw_sin_f32(const float *x, float *y, long n) {
    EACH_ELEMENT y[i] = sin_shifted_f32(x[i], 0);
}

void pw_cos_f32(const float *x, float *y, long n) {
    EACH_ELEMENT y[i] = sin_shifted_f32(x[i], 0.5f);
}

void pw_sin_f64(const double *x, double *y, long n) {
    EACH_ELEMENT y[i] = sin_shifted_f64(x[i], 0);
}

void pw_cos_f64(const double *x, double *y, long n) {
    EACH_ELEMENT y[i] = sin_shifted_f64(x[i], 0.5);
}

// Snake x + sin²(αx)/α and its gradient 1 + sin(2αx) in one pass each (the Swift path's separate
// scale, sine and combine passes, in the same operation order, so both give the same bits).
#define SNAKE(T, SUFFIX, SINE)                                                                        \
    void pw_snake_forward_##SUFFIX(const T *x, T *y, long n, T alpha, T inverse) {                   \
        EACH_ELEMENT {                                                                               \
            T s = SINE(alpha * x[i], 0);                                                             \
            y[i] = x[i] + s * s * inverse;                                                           \
        }                                                                                            \
    }                                                                                                \
    void pw_snake_backward_##SUFFIX(const T *x, const T *g, T *gx, long n, T alpha, int accumulate) { \
        T twice = 2 * alpha;                                                                         \
        if (accumulate) {                                                                            \
            EACH_ELEMENT gx[i] += (1 + SINE(twice * x[i], 0)) * g[i];                                \
        } else {                                                                                     \
            EACH_ELEMENT gx[i] = (1 + SINE(twice * x[i], 0)) * g[i];                                 \
        }                                                                                            \
    }
SNAKE(float, f32, sin_shifted_f32)
SNAKE(double, f64, sin_shifted_f64)

#pragma clang attribute pop

#endif  // PW_X86_KERNELS
