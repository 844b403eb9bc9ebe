// The bf16 kernels for CPUs with AVX512-BF16 (VDPBF16PS: AMD Zen 4 and later, Intel Cooper Lake,
// Sapphire Rapids and later): the pointwise GEMM and the conversions that feed it. This
// translation unit alone is compiled for avx512bf16; dispatch.c calls it only where CPUID says the
// CPU has it and the OS saves the ZMM state.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx512bf16,avx2,fma,bmi,bmi2,f16c,popcnt"))), apply_to = function)
#define VW 16
#include "vector.h"
#define K(name) name##_avx512bf16
#include "gelu.inc"
#define GEMM_MR 12
#include "gemm_bf16.inc"
#pragma clang attribute pop
#endif
