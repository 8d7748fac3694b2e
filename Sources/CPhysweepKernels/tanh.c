// tanh over arrays with AVX2 (x86-64 builds only, kernels_arch.h): the same expm1 polynomial and operations, in the same order, as
// FastMath.swift's fastTanh, with no FMA contraction, so both paths give the same bits.
// tanh x = sign(x)·m/(m + 2), m = e^{2|x|} − 1 (2|x| clamped at 40 for Double, 20 for Float).
#include "PhysweepKernels.h"
#include "kernels_arch.h"

#if PW_X86_KERNELS  // else portable.c
#include <stdint.h>
#include <string.h>

#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)
#pragma clang fp contract(off)

static inline float tanh_f32(float x) {
    const float magic = 12582912.0f;  // 1.5·2²³: adding it rounds to an integer
    float a = 2 * __builtin_fabsf(x);
    float y = 20.0f < a ? 20.0f : a;
    float shifted = y * 1.442695f + magic;
    float k = shifted - magic;
    float r = (y - k * 0.693359375f) - k * -2.12194440e-4f;
    float q = 1.0f / 5040.0f;
    q = q * r + 1.0f / 720.0f;
    q = q * r + 1.0f / 120.0f;
    q = q * r + 1.0f / 24.0f;
    q = q * r + 1.0f / 6.0f;
    q = q * r + 0.5f;
    q = q * r + 1;
    uint32_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    bits = (bits + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    float m = scale * (r * q) + (scale - 1);
    float t = m / (m + 2);
    return x < 0 ? -t : t;
}

static inline double tanh_f64(double x) {
    const double magic = 6755399441055744.0;  // 1.5·2⁵²
    double a = 2 * __builtin_fabs(x);
    double y = 40.0 < a ? 40.0 : a;
    double shifted = y * 1.4426950408889634 + magic;
    double k = shifted - magic;
    double r = (y - k * 0.6931471803691238) - k * 1.9082149292705877e-10;
    double q = 1.0 / 6227020800.0;
    q = q * r + 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    q = q * r + 1;
    uint64_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    bits = (bits + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, sizeof scale);
    double m = scale * (r * q) + (scale - 1);
    double t = m / (m + 2);
    return x < 0 ? -t : t;
}

// As in sine.c: y == x is safe (each iteration reads x[i], then writes y[i]).
#define EACH_ELEMENT _Pragma("clang loop vectorize(assume_safety)") for (long i = 0; i < n; i++)

void pw_tanh_f32(const float *x, float *y, long n) {
    EACH_ELEMENT y[i] = tanh_f32(x[i]);
}

void pw_tanh_f64(const double *x, double *y, long n) {
    EACH_ELEMENT y[i] = tanh_f64(x[i]);
}

#pragma clang attribute pop

#endif  // PW_X86_KERNELS
