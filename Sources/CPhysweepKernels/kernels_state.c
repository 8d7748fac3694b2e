// Whether the AVX2 + FMA kernels may run: the build must contain them (kernels_arch.h), the CPU must
// have both, and tests may switch them off.
#include "PhysweepKernels.h"
#include "kernels_arch.h"
#include <stdatomic.h>

static atomic_int switched_off;

int pw_kernels_compiled(void) {
    return PW_X86_KERNELS;
}

static int cpu_has_avx2_fma(void) {
#if PW_X86_KERNELS
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int pw_kernels_supported(void) {
    static atomic_int supported = -1;  // racing first calls store the same value
    int known = atomic_load_explicit(&supported, memory_order_relaxed);
    if (known < 0) {
        known = cpu_has_avx2_fma();
        atomic_store_explicit(&supported, known, memory_order_relaxed);
    }
    return known;
}

int pw_kernels_enabled(void) {
    return pw_kernels_supported() && !atomic_load_explicit(&switched_off, memory_order_relaxed);
}

void pw_kernels_set_enabled(int enabled) {
    atomic_store(&switched_off, !enabled);
}
