// Chooses, once per process, the widest kernel variant the CPU and OS support. DENSA_KERNELS
// (avx512, avx2 or baseline) narrows the choice, so tests and benchmarks can compare variants.
#include <stdlib.h>
#include <string.h>

#include "ckernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#define VARIANT(suffix)                                                                                  \
  void densa_bias_gelu_##suffix(float *, long, long, const float *);                                    \
  void densa_scale_residual_##suffix(const float *, float *, long, long, const float *, const float *);  \
  void densa_layer_norm_##suffix(const float *, float *, long, long, const float *, const float *,       \
                                 const float *);                                                         \
  void densa_depthwise7x7_row_##suffix(const float *, float *, long, long, long, long, const float *,    \
                                       const float *);                                                   \
  void densa_depthwise7x7_block_##suffix(const float *, float *, long, long, long, long, const float *,  \
                                         const float *, float *);

VARIANT(baseline)
#if defined(__x86_64__)
VARIANT(avx2)
VARIANT(avx512)
void densa_gemm_panels_avx512(const float *, long, const float *, float *, long, long, long, long);
void densa_gemm_panels_avx2(const float *, long, const float *, float *, long, long, long, long);
#endif

static void (*bias_gelu)(float *, long, long, const float *) = densa_bias_gelu_baseline;
static void (*scale_residual)(const float *, float *, long, long, const float *,
                              const float *) = densa_scale_residual_baseline;
static void (*layer_norm)(const float *, float *, long, long, const float *, const float *,
                          const float *) = densa_layer_norm_baseline;
static void (*depthwise7x7_row)(const float *, float *, long, long, long, long, const float *,
                                const float *) = densa_depthwise7x7_row_baseline;
static void (*depthwise7x7_block)(const float *, float *, long, long, long, long, const float *, const float *,
                                  float *) = densa_depthwise7x7_block_baseline;
static long block_lanes = 4;
static void (*gemm_panels)(const float *, long, const float *, float *, long, long, long, long) = 0;
static long panel_width = 32;
static const char *level = "baseline";

#if defined(__x86_64__)
// 2: AVX-512 F/BW/DQ/VL/CD with ZMM state; 1: AVX2 + FMA with YMM state; 0: neither.
static int cpu_level(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1;
  if (!osxsave) return 0;
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  const int avx2 = (b >> 5) & 1;
  const unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
  if ((b & avx512) == avx512 && (lo & 0xE6) == 0xE6 && avx2 && fma) return 2;
  if (avx2 && fma && (lo & 0x6) == 0x6) return 1;
  return 0;
}
#endif

__attribute__((constructor)) static void choose_kernels(void) {
#if defined(__x86_64__)
  int best = cpu_level();
  const char *wanted = getenv("DENSA_KERNELS");
  if (wanted && strcmp(wanted, "avx2") == 0 && best > 1) best = 1;
  if (wanted && strcmp(wanted, "baseline") == 0) best = 0;
#define USE(suffix, lanes)                            \
  do {                                                \
    bias_gelu = densa_bias_gelu_##suffix;             \
    scale_residual = densa_scale_residual_##suffix;   \
    layer_norm = densa_layer_norm_##suffix;           \
    depthwise7x7_row = densa_depthwise7x7_row_##suffix; \
    depthwise7x7_block = densa_depthwise7x7_block_##suffix; \
    block_lanes = lanes;                              \
    level = #suffix;                                  \
  } while (0)
  const int own_gemm = !(getenv("DENSA_GEMM") && strcmp(getenv("DENSA_GEMM"), "openblas") == 0);
  if (best == 2) {
    USE(avx512, 16);
    if (own_gemm) gemm_panels = densa_gemm_panels_avx512, panel_width = 32;
  } else if (best == 1) {
    USE(avx2, 8);
    if (own_gemm) gemm_panels = densa_gemm_panels_avx2, panel_width = 16;
  }
#undef USE
#endif
}

void densa_bias_gelu(float *x, long rows, long c, const float *bias) { bias_gelu(x, rows, c, bias); }

void densa_scale_residual(const float *x, float *residual, long rows, long c, const float *bias,
                          const float *gamma) {
  scale_residual(x, residual, rows, c, bias, gamma);
}

void densa_layer_norm(const float *x, float *y, long rows, long c, const float *weight, const float *bias,
                      const float *inputBias) {
  layer_norm(x, y, rows, c, weight, bias, inputBias);
}

void densa_depthwise7x7_row(const float *x, float *y, long h, long w, long c, long oy, const float *kernel,
                            const float *bias) {
  depthwise7x7_row(x, y, h, w, c, oy, kernel, bias);
}

void densa_depthwise7x7_block(const float *x, float *y, long h, long w, long c, long c0, const float *kernel,
                              const float *bias, float *scratch) {
  depthwise7x7_block(x, y, h, w, c, c0, kernel, bias, scratch);
}

long densa_depthwise_block_lanes(void) { return block_lanes; }

long densa_depthwise_scratch_count(long h, long w) { return (h * w + w + 50) * 16; }

const char *densa_kernel_level(void) { return level; }

int densa_gemm_panels_available(void) { return gemm_panels != 0; }

void densa_gemm_panels(const float *a, long lda, const float *panels, float *c, long ldc, long m, long n, long k) {
  gemm_panels(a, lda, panels, c, ldc, m, n, k);
}

long densa_panels_count(long k, long n) { return (n + panel_width - 1) / panel_width * panel_width * k; }

void densa_pack_panels(const float *b, float *panels, long k, long n) {
  const long w = panel_width, npanels = (n + w - 1) / w;
  for (long p = 0; p < npanels; p++)
    for (long r = 0; r < k; r++)
      for (long j = 0; j < w; j++) {
        const long col = p * w + j;
        panels[(p * k + r) * w + j] = col < n ? b[r * n + col] : 0.0f;
      }
}

char *openblas_get_corename(void);

const char *densa_blas_core(void) { return openblas_get_corename(); }
