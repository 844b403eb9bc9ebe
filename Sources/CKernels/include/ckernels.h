// Hand-vectorised kernels of densa's ConvNeXt forward pass, channels-last ([pixels][channels]).
// Each is compiled for AVX-512, AVX2 + FMA and baseline x86-64 and picked once per process by the
// CPU it runs on (dispatch.c), so results are bit-identical run to run on one machine.
#ifndef DENSA_CKERNELS_H
#define DENSA_CKERNELS_H

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

/// The kernel variant in use: "avx512", "avx2" or "baseline".
const char *densa_kernel_level(void);

/// The OpenBLAS kernel set in use ("Haswell", "SkylakeX", …).
const char *densa_blas_core(void);

#ifdef __cplusplus
}
#endif

#endif
