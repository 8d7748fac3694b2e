// The kernels' symbols in builds without the x86 AVX2 + FMA kernels (kernels_arch.h), so
// PhysweepKernels.h links on every target. pw_kernels_supported() is 0 in such builds and callers
// check pw_kernels_enabled() first, so these never do work: the tiny products answer "not done"
// (0, as for a product too large), the rest trap if ever reached.
#include "PhysweepKernels.h"
#include "kernels_arch.h"

#if !PW_X86_KERNELS

int pw_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
             const float *b, long ldb, int accumulate, float *c, long ldc) {
    return 0;
}

int pw_dgemm(int transpose_a, int transpose_b, long m, long n, long k, const double *a, long lda,
             const double *b, long ldb, int accumulate, double *c, long ldc) {
    return 0;
}

void pw_adam_f32(float *p, const float *g, float *m, float *v, long n, float beta1, float beta2, float l2,
                 float shrink, float step_size, float inverse_correction2, float epsilon) {
    __builtin_trap();
}

void pw_adam_f64(double *p, const double *g, double *m, double *v, long n, double beta1, double beta2,
                 double l2, double shrink, double step_size, double inverse_correction2, double epsilon) {
    __builtin_trap();
}

void pw_sin_f32(const float *x, float *y, long n) { __builtin_trap(); }
void pw_cos_f32(const float *x, float *y, long n) { __builtin_trap(); }
void pw_sin_f64(const double *x, double *y, long n) { __builtin_trap(); }
void pw_cos_f64(const double *x, double *y, long n) { __builtin_trap(); }

void pw_snake_forward_f32(const float *x, float *y, long n, float alpha, float inverse) { __builtin_trap(); }
void pw_snake_forward_f64(const double *x, double *y, long n, double alpha, double inverse) { __builtin_trap(); }
void pw_snake_backward_f32(const float *x, const float *g, float *gx, long n, float alpha, int accumulate) {
    __builtin_trap();
}
void pw_snake_backward_f64(const double *x, const double *g, double *gx, long n, double alpha, int accumulate) {
    __builtin_trap();
}

void pw_tanh_f32(const float *x, float *y, long n) { __builtin_trap(); }
void pw_tanh_f64(const double *x, double *y, long n) { __builtin_trap(); }

#endif
