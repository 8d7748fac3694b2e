// Whether this build contains the x86-64 AVX2 + FMA kernels (PW_X86_KERNELS 1) or only the portable
// path (0): on every other architecture, and on x86-64 when PHYSWEEP_PORTABLE_KERNELS is defined
// (Package.swift defines it when `swift build` / `swift test` run with PHYSWEEP_PORTABLE_KERNELS=1).
// Without them pw_kernels_supported() is 0, so callers keep their portable Swift loops.
#ifndef PHYSWEEP_KERNELS_ARCH_H
#define PHYSWEEP_KERNELS_ARCH_H

#if (defined(__x86_64__) || defined(_M_X64)) && !defined(PHYSWEEP_PORTABLE_KERNELS)
#define PW_X86_KERNELS 1
#else
#define PW_X86_KERNELS 0
#endif

#endif
