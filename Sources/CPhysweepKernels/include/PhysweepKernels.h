// Hand-vectorized kernels of the training core (x86-64 AVX2 + FMA), with a run-time CPU check:
// callers use them only when `pw_kernels_enabled()` says so and keep their portable path otherwise.
// Other architectures, and x86-64 built with PHYSWEEP_PORTABLE_KERNELS=1 in the environment, build
// without them (the symbols below exist but are never used there). Matrix products are OpenBLAS's;
// only tiny ones (≤ 4 096 multiply-adds) are computed here. Also a helper thread for large jobs
// split in two (halves of large products or of large jet activations), on any CPU.
// Matrices are row-major. See docs/autodiff.md ("Kernels").
#ifndef PHYSWEEP_KERNELS_H
#define PHYSWEEP_KERNELS_H

/// 1 when this build contains the AVX2 + FMA kernels (x86-64 without PHYSWEEP_PORTABLE_KERNELS), else 0.
int pw_kernels_compiled(void);

/// 1 when the build contains the kernels and the CPU has AVX2 and FMA, else 0.
int pw_kernels_supported(void);

/// 1 when the kernels are supported and have not been switched off, else 0.
int pw_kernels_enabled(void);

/// Switches the kernels off (0) or back on (1, only where the CPU has AVX2 and FMA), so tests can
/// run both paths on one machine.
void pw_kernels_set_enabled(int enabled);

/// Records the configured thread count: two-part jobs use the helper thread when it is ≥ 2. Any CPU.
void pw_kernels_set_threads(int threads);

/// The configured thread count (0 before pw_kernels_set_threads was called).
int pw_kernels_threads(void);

/// Runs part(context, 0) here and part(context, 1) on the kernels' helper thread when 2 threads are
/// allowed (else both here, in order); returns when both are done.
/// One caller at a time uses the helper; a concurrent caller runs both parts itself. Any CPU.
void pw_run_in_two_parts(void (*part)(void *context, int index), void *context);

/// C = op(A)·op(B) (+ C when `accumulate`), op = transpose when asked; C is m×n, op(A) m×k. Only
/// for tiny products: returns 0 (and does nothing) when m·n·k exceeds 4 096, else 1.
int pw_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
             const float *b, long ldb, int accumulate, float *c, long ldc);
int pw_dgemm(int transpose_a, int transpose_b, long m, long n, long k, const double *a, long lda,
             const double *b, long ldb, int accumulate, double *c, long ldc);

/// One bias-corrected Adam update over flat buffers (see Adam.swift for the formula).
void pw_adam_f32(float *p, const float *g, float *m, float *v, long n, float beta1, float beta2, float l2,
                 float shrink, float step_size, float inverse_correction2, float epsilon);
void pw_adam_f64(double *p, const double *g, double *m, double *v, long n, double beta1, double beta2,
                 double l2, double shrink, double step_size, double inverse_correction2, double epsilon);

/// y = sin x and y = cos x elementwise (y is x or does not overlap it), bit for bit FastMath.swift's fastSin / fastCos.
void pw_sin_f32(const float *x, float *y, long n);
void pw_cos_f32(const float *x, float *y, long n);
void pw_sin_f64(const double *x, double *y, long n);
void pw_cos_f64(const double *x, double *y, long n);
/// Snake y = x + sin²(αx)·inverse (inverse = 1/α) and gx (+)= (1 + sin(2αx))·g elementwise, bit for bit
/// UnaryKernels.swift's portable loops.
void pw_snake_forward_f32(const float *x, float *y, long n, float alpha, float inverse);
void pw_snake_forward_f64(const double *x, double *y, long n, double alpha, double inverse);
void pw_snake_backward_f32(const float *x, const float *g, float *gx, long n, float alpha, int accumulate);
void pw_snake_backward_f64(const double *x, const double *g, double *gx, long n, double alpha, int accumulate);

/// y = tanh x elementwise (y is x or does not overlap it), bit for bit FastMath.swift's fastTanh.
void pw_tanh_f32(const float *x, float *y, long n);
void pw_tanh_f64(const double *x, double *y, long n);

#endif
