// Chooses, once per process, the widest kernel variant the CPU and OS support. DENSA_KERNELS
// (avx512, avx2 or baseline) narrows the choice, so tests and benchmarks can compare variants.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ckernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>
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
void densa_gemm_panels_fused_avx512(const float *, long, const float *, float *, long, long, long, long, int,
                                    const float *, const float *);
void densa_gemm_panels_fused_avx2(const float *, long, const float *, float *, long, long, long, long, int,
                                  const float *, const float *);
void densa_gemm_bf16_avx512bf16(const uint16_t *, long, const uint16_t *, float *, long, long, long, long,
                                const densa_bf16_epilogue *);
void densa_gemm_bf16_fma_avx512bf16(const uint16_t *, long, const uint16_t *, float *, long, long, long, long,
                                    const densa_bf16_epilogue *);
void densa_gemm_bf16_amx(const uint16_t *, long, const uint16_t *, float *, long, long, long, long,
                         const densa_bf16_epilogue *);
void densa_to_bf16_avx512bf16(const float *, long, uint16_t *, long, long, long);
void densa_bias_gelu_bf16_avx512bf16(const float *, uint16_t *, long, long, long, const float *);
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
static void (*gemm_panels_fused)(const float *, long, const float *, float *, long, long, long, long, int,
                                  const float *, const float *) = 0;
static long panel_width = 32;
static const char *level = "baseline";
// The bf16 GEMM: AMX-BF16 tiles, else AVX512-BF16 (VDPBF16PS, or the same operands on the FMA
// units where VDPBF16PS is the slower), else none (then model.precision bf16 is refused).
static void (*gemm_bf16)(const uint16_t *, long, const uint16_t *, float *, long, long, long, long,
                         const densa_bf16_epilogue *) = 0;
static const char *bf16_level = "none";
static long bf16_k_step = 2;
static int has_avx512bf16 = 0, has_amx_bf16 = 0;

#if defined(__x86_64__)
// "GenuineIntel" in CPUID leaf 0.
static int cpu_intel(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return 0;
  return b == 0x756e6547 && d == 0x49656e69 && c == 0x6c65746e;
}

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

// AVX512-BF16: CPUID.(EAX=7, ECX=1):EAX bit 5, on top of AVX-512 with ZMM state.
static int cpu_avx512bf16(void) {
  unsigned a, b, c, d;
  if (cpu_level() < 2 || !__get_cpuid_count(7, 1, &a, &b, &c, &d)) return 0;
  return (a >> 5) & 1;
}

// AMX-BF16: CPUID.(7, 0):EDX bits 22 (AMX-BF16) and 24 (AMX-TILE), XCR0 bits 17–18 (tile
// config and data state), and Linux's permission for this process to use the tile data
// (without it the first tile instruction kills the process).
static int cpu_amx_bf16(void) {
  unsigned a, b, c, d;
  if (!cpu_avx512bf16() || !__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  if (!((d >> 22) & 1) || !((d >> 24) & 1)) return 0;
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if (((lo >> 17) & 3) != 3) return 0;
#if defined(__linux__)
  const long ARCH_REQ_XCOMP_PERM = 0x1023, XFEATURE_XTILEDATA = 18;
  if (syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) != 0) return 0;
#endif
  return 1;
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
    if (own_gemm)
      gemm_panels = densa_gemm_panels_avx512, gemm_panels_fused = densa_gemm_panels_fused_avx512, panel_width = 32;
  } else if (best == 1) {
    USE(avx2, 8);
    if (own_gemm)
      gemm_panels = densa_gemm_panels_avx2, gemm_panels_fused = densa_gemm_panels_fused_avx2, panel_width = 16;
  }
#undef USE
  // bf16 follows the fp32 choice: DENSA_KERNELS=avx2 or baseline stands for a CPU without
  // AVX-512, so without bf16 too. DENSA_BF16=avx512bf16 keeps an AMX CPU on VDPBF16PS,
  // DENSA_BF16=fma puts any AVX512-BF16 CPU on the FMA kernel; DENSA_BF16=none turns bf16 off.
  // Without AMX, an Intel core runs VDPBF16PS at half its FMA rate (85 against 170 GFLOP/s a
  // core on family 6 model 207), so there the same bf16 operands go through the FMA units; AMD's
  // Zen 4 runs VDPBF16PS at twice its 512-bit FMA rate and keeps it.
  has_avx512bf16 = cpu_avx512bf16();
  has_amx_bf16 = has_avx512bf16 && cpu_amx_bf16();
  const char *bf16 = getenv("DENSA_BF16");
  const int asked = bf16 && *bf16;
  if (best == 2 && !(asked && strcmp(bf16, "none") == 0)) {
    if (has_amx_bf16 && !(asked && (strcmp(bf16, "avx512bf16") == 0 || strcmp(bf16, "fma") == 0))) {
      gemm_bf16 = densa_gemm_bf16_amx, bf16_level = "amx", bf16_k_step = 32;
    } else if (has_avx512bf16 && (asked ? strcmp(bf16, "fma") == 0 : cpu_intel())) {
      gemm_bf16 = densa_gemm_bf16_fma_avx512bf16, bf16_level = "fma", bf16_k_step = 2;
    } else if (has_avx512bf16) {
      gemm_bf16 = densa_gemm_bf16_avx512bf16, bf16_level = "avx512bf16", bf16_k_step = 2;
    }
  }
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

int densa_depthwise_blocks_pay(long c) {
  if (block_lanes == 16) return c % 128 == 0;
  if (block_lanes == 8) return c % 8 == 0;
  return 0;
}

// The plane with its zero columns ([h][w rounded up to the strip + 6], strips of at most 8), an
// output row, the kernel and the bias, in blocks of up to 16 lanes.
long densa_depthwise_scratch_count(long h, long w) { return (h * (w + 14) + w + 50) * 16; }

const char *densa_kernel_level(void) { return level; }

int densa_gemm_panels_available(void) { return gemm_panels != 0; }

void densa_gemm_panels(const float *a, long lda, const float *panels, float *c, long ldc, long m, long n, long k) {
  gemm_panels(a, lda, panels, c, ldc, m, n, k);
}

void densa_gemm_panels_fused(const float *a, long lda, const float *panels, float *c, long ldc, long m, long n,
                             long k, int kind, const float *bias, const float *gamma) {
  gemm_panels_fused(a, lda, panels, c, ldc, m, n, k, kind, bias, gamma);
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

const char *densa_bf16_level(void) { return bf16_level; }

int densa_bf16_available(void) { return gemm_bf16 != 0; }

long densa_bf16_k_padded(long k) { return (k + bf16_k_step - 1) / bf16_k_step * bf16_k_step; }

long densa_bf16_panels_count(long k, long n) { return (n + 31) / 32 * 32 * densa_bf16_k_padded(k); }

// Round to nearest even, as VCVTNEPS2BF16 does (NaN stays a quiet NaN, subnormals flush to zero).
uint16_t densa_bf16_round(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  if ((u & 0x7fffffff) > 0x7f800000) return (uint16_t)((u >> 16) | 0x40);
  if ((u & 0x7f800000) == 0) return (uint16_t)((u >> 16) & 0x8000);
  return (uint16_t)((u + 0x7fff + ((u >> 16) & 1)) >> 16);
}

void densa_pack_panels_bf16(const float *b, uint16_t *panels, long k, long n) {
  densa_pack_panels_bf16_padded(b, panels, k, n, densa_bf16_k_padded(k));
}

void densa_pack_panels_bf16_padded(const float *b, uint16_t *panels, long k, long n, long kpad) {
  const long npanels = (n + 31) / 32;
  for (long p = 0; p < npanels; p++)
    for (long q = 0; q < kpad / 2; q++)
      for (long j = 0; j < 32; j++)
        for (long e = 0; e < 2; e++) {
          const long row = 2 * q + e, col = p * 32 + j;
          panels[((p * (kpad / 2) + q) * 32 + j) * 2 + e] =
              row < k && col < n ? densa_bf16_round(b[row * n + col]) : 0;
        }
}

void densa_gemm_bf16(const uint16_t *a, long lda, const uint16_t *panels, float *c, long ldc, long m, long n,
                     long k) {
  gemm_bf16(a, lda, panels, c, ldc, m, n, densa_bf16_k_padded(k), 0);
}

void densa_gemm_bf16_fused(const uint16_t *a, long lda, const uint16_t *panels, long m, long n, long k,
                           const densa_bf16_epilogue *ep) {
  gemm_bf16(a, lda, panels, 0, 0, m, n, densa_bf16_k_padded(k), ep);
}

int densa_bf16_supported(const char *variant) {
  if (strcmp(variant, "avx512bf16") == 0 || strcmp(variant, "fma") == 0) return has_avx512bf16;
  if (strcmp(variant, "amx") == 0) return has_amx_bf16;
  return 0;
}

void densa_gemm_bf16_on(const char *variant, const uint16_t *a, long lda, const uint16_t *panels, float *c, long ldc,
                        long m, long n, long kpad, const densa_bf16_epilogue *ep) {
#if defined(__x86_64__)
  if (strcmp(variant, "amx") == 0 && has_amx_bf16) {
    densa_gemm_bf16_amx(a, lda, panels, c, ldc, m, n, kpad, ep);
    return;
  }
  if (strcmp(variant, "avx512bf16") == 0 && has_avx512bf16) {
    densa_gemm_bf16_avx512bf16(a, lda, panels, c, ldc, m, n, kpad, ep);
    return;
  }
  if (strcmp(variant, "fma") == 0 && has_avx512bf16) {
    densa_gemm_bf16_fma_avx512bf16(a, lda, panels, c, ldc, m, n, kpad, ep);
    return;
  }
#endif
  abort();
}

void densa_to_bf16(const float *x, long ldx, uint16_t *y, long ldy, long rows, long k) {
#if defined(__x86_64__)
  if (has_avx512bf16) {
    densa_to_bf16_avx512bf16(x, ldx, y, ldy, rows, k);
    return;
  }
#endif
  for (long r = 0; r < rows; r++)
    for (long i = 0; i < ldy; i++) y[r * ldy + i] = i < k ? densa_bf16_round(x[r * ldx + i]) : 0;
}

void densa_bias_gelu_bf16(const float *x, uint16_t *y, long rows, long c, long ldy, const float *bias) {
#if defined(__x86_64__)
  if (has_avx512bf16) {
    densa_bias_gelu_bf16_avx512bf16(x, y, rows, c, ldy, bias);
    return;
  }
#endif
  abort();  // only called where densa_bf16_available()
}

char *openblas_get_corename(void);

const char *densa_blas_core(void) { return openblas_get_corename(); }
