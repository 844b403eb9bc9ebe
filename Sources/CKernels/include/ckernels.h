// Hand-vectorised kernels of densa's ConvNeXt forward pass, channels-last ([pixels][channels]).
// Each is compiled for AVX-512, AVX2 + FMA and baseline x86-64 and picked once per process by the
// CPU it runs on (dispatch.c), so results are bit-identical run to run on one machine.
#ifndef DENSA_CKERNELS_H
#define DENSA_CKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// x[r][i] = gelu(x[r][i] + bias[i]) with erf-exact GELU (|erf error| < 2e-7), rows × c.
void densa_bias_gelu(float *x, long rows, long c, const float *bias);

/// LayerNorm over the c channels of each row (eps 1e-6); inputBias (may be NULL) is added first.
/// x and y may be the same buffer.
void densa_layer_norm(const float *x, float *y, long rows, long c, const float *weight, const float *bias,
                      const float *inputBias);

/// One output row `oy` of a 7×7 depthwise convolution (zero padding 3) plus bias over one image
/// x [h][w][c]; writes y [w][c]. kernel is [49][c].
void densa_depthwise7x7_row(const float *x, float *y, long h, long w, long c, long oy, const float *kernel,
                            const float *bias);

/// The same convolution for channels [c0, c0 + densa_depthwise_block_lanes()) of one image x
/// [h][w][c], all rows, through a contiguous copy of that channel block (see depthwise.inc); y is
/// [h][w][c]. scratch holds densa_depthwise_scratch_count(h, w) floats.
void densa_depthwise7x7_block(const float *x, float *y, long h, long w, long c, long c0, const float *kernel,
                              const float *bias, float *scratch);

/// Channels per block of densa_depthwise7x7_block: the vector width of the variant in use.
long densa_depthwise_block_lanes(void);

/// 1 where densa_depthwise7x7_block (then LayerNorm as a pass of its own) beats the row kernel with
/// LayerNorm fused for c channels on the variant in use, as measured (BENCHMARKS.md): under AVX-512
/// where c is a multiple of 128 (a pixel a multiple of 512 bytes), under AVX2 for every multiple of
/// its 8 lanes (1.2-3.4x on Zen 3, c = 96 to 1024), never on baseline x86-64.
int densa_depthwise_blocks_pay(long c);

/// Scratch floats densa_depthwise7x7_block needs for an h × w image.
long densa_depthwise_scratch_count(long h, long w);

/// residual[r][i] += gamma[i] · (x[r][i] + bias[i]): fc2's bias, the layer scale, the skip.
void densa_scale_residual(const float *x, float *residual, long rows, long c, const float *bias,
                          const float *gamma);

/// 1 when densa's own GEMM for pre-packed weights runs here (AVX-512 or AVX2; DENSA_GEMM=openblas
/// turns it off), else 0: then OpenBLAS does every GEMM.
int densa_gemm_panels_available(void);

/// Floats `densa_pack_panels` writes for a k × n matrix.
long densa_panels_count(long k, long n);

/// Packs row-major B [k][n] into panels of two vectors' width (32 columns under AVX-512, 16 under
/// AVX2) as [panel][k][width], zero-padded.
void densa_pack_panels(const float *b, float *panels, long k, long n);

/// c[m][n] (row stride ldc) = a[m][k] (row stride lda) · B, B packed by densa_pack_panels.
void densa_gemm_panels(const float *a, long lda, const float *panels, float *c, long ldc, long m, long n, long k);

/// What densa_gemm_panels_fused does with each finished tile of C = a · B while it is in
/// registers: store it (DENSA_GEMM_STORE), c = gelu(C + bias) (fc1 with its bias and GELU,
/// DENSA_GEMM_BIAS_GELU; the same GELU as densa_bias_gelu), or c += gamma · (C + bias) (fc2 with
/// its bias and layer scale into the residual, DENSA_GEMM_SCALE_RESIDUAL; as densa_scale_residual).
#define DENSA_GEMM_STORE 0
#define DENSA_GEMM_BIAS_GELU 1
#define DENSA_GEMM_SCALE_RESIDUAL 2

/// densa_gemm_panels with the epilogue `kind` in place of the plain store: a block MLP's GEMMs
/// without a pass over fc1's 4C-wide product for GELU or over fc2's for the residual. bias and
/// gamma are [n] (gamma read by DENSA_GEMM_SCALE_RESIDUAL only).
void densa_gemm_panels_fused(const float *a, long lda, const float *panels, float *c, long ldc, long m, long n,
                             long k, int kind, const float *bias, const float *gamma);

// bf16 pointwise GEMMs (model.precision: bf16): weights packed once into bf16 panels, activations
// rounded to bf16 per tile, products accumulated in fp32.

/// The bf16 GEMM in use: "amx" (AMX-BF16 tiles), "avx512bf16" (VDPBF16PS), "fma" (the same
/// bf16 operands on the fp32 FMA units, where VDPBF16PS is the slower) or "none".
const char *densa_bf16_level(void);

/// 1 when a bf16 GEMM runs on this CPU (and DENSA_BF16 / DENSA_KERNELS do not turn it off).
int densa_bf16_available(void);

/// k rounded up to the step the bf16 GEMM in use reads (2 for AVX512-BF16, 32 for AMX): the row
/// length of its bf16 A operand and of its packed weights.
long densa_bf16_k_padded(long k);

/// bf16 values `densa_pack_panels_bf16` writes for a k × n matrix.
long densa_bf16_panels_count(long k, long n);

/// Packs row-major B [k][n] as bf16 (round to nearest even) into panels of 32 columns,
/// [panel][kpad/2][32][2]: consecutive k in pairs, as VDPBF16PS and TDPBF16PS read them; zero-padded.
void densa_pack_panels_bf16(const float *b, uint16_t *panels, long k, long n);

/// The same with k padded to `kpad` (even, ≥ k) instead of the step of the variant in use.
void densa_pack_panels_bf16_padded(const float *b, uint16_t *panels, long k, long n, long kpad);

/// c[m][n] (row stride ldc, fp32) = a · B: a bf16 [m][lda] with k zero-padded to
/// densa_bf16_k_padded(k), B packed by densa_pack_panels_bf16; fp32 accumulation.
void densa_gemm_bf16(const uint16_t *a, long lda, const uint16_t *panels, float *c, long ldc, long m, long n,
                     long k);

/// What a bf16 GEMM does with each finished block of its fp32 product C, while it is in registers
/// or L1: store it (DENSA_BF16_STORE), or fc1's y = bf16(gelu(C + bias)) as fc2's operand
/// (DENSA_BF16_BIAS_GELU; zero from column n to ldy), or fc2's residual += gamma · (C + bias)
/// (DENSA_BF16_SCALE_RESIDUAL), or a convolution's residual = C + bias (DENSA_BF16_BIAS: the
/// downsampling layers, into `residual` with row stride ldr).
#define DENSA_BF16_STORE 0
#define DENSA_BF16_BIAS_GELU 1
#define DENSA_BF16_SCALE_RESIDUAL 2
#define DENSA_BF16_BIAS 3
typedef struct {
  int kind;
  const float *bias;   ///< [n], GELU and residual
  const float *gamma;  ///< [n], residual
  uint16_t *y;         ///< GELU: bf16 [m][ldy]
  long ldy;
  float *residual;     ///< residual: fp32 [m][ldr]
  long ldr;
} densa_bf16_epilogue;

/// densa_gemm_bf16 with an epilogue in place of the store (c unused unless ep->kind is
/// DENSA_BF16_STORE): fc1 → GELU → bf16 and fc2 → residual without an fp32 pass in between.
void densa_gemm_bf16_fused(const uint16_t *a, long lda, const uint16_t *panels, long m, long n, long k,
                           const densa_bf16_epilogue *ep);

/// y[r][0..ldy) = bf16(x[r][0..k)), zero-padded beyond k.
void densa_to_bf16(const float *x, long ldx, uint16_t *y, long ldy, long rows, long k);

/// y[r][i] = bf16(gelu(x[r][i] + bias[i])) (erf GELU in fp32, as densa_bias_gelu), zero for
/// c ≤ i < ldy; x is [rows][c].
void densa_bias_gelu_bf16(const float *x, uint16_t *y, long rows, long c, long ldy, const float *bias);

/// One float rounded to bf16 bits the way the GEMM's conversions round (nearest even).
uint16_t densa_bf16_round(float f);

/// Whether this CPU and OS can run the bf16 variant "avx512bf16", "fma" or "amx", whatever was
/// chosen.
int densa_bf16_supported(const char *variant);

/// densa_gemm_bf16 (ep NULL) or densa_gemm_bf16_fused on a named variant (for tests of each); kpad
/// must be a multiple of that variant's step (32 serves both).
void densa_gemm_bf16_on(const char *variant, const uint16_t *a, long lda, const uint16_t *panels, float *c, long ldc,
                        long m, long n, long kpad, const densa_bf16_epilogue *ep);

/// The kernel variant in use: "avx512", "avx2" or "baseline".
const char *densa_kernel_level(void);

/// The OpenBLAS kernel set in use ("Haswell", "SkylakeX", …).
const char *densa_blas_core(void);

#ifdef __cplusplus
}
#endif

#endif
