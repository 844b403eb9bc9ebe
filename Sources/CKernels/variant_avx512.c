// The kernels compiled for x86-64-v4 (AVX-512); dispatch.c calls them only on CPUs that have it.
#include "ckernels.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx2,fma,bmi,bmi2,f16c,popcnt"))), apply_to = function)
#define VW 16
#include "vector.h"
#define K(name) name##_avx512
#define DW_STRIP 8
#include "depthwise.inc"
#define GEMM_MR 12
#include "gelu.inc"
#include "gemm_panels.inc"
#include "layer_norm.inc"
#pragma clang attribute pop
#endif
