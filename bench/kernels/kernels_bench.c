// densa's ConvNeXt kernels one at a time, on one core, against their plain peers: the GEMM against
// OpenBLAS's sgemm, GELU against libm's erff, the depthwise convolution by rows and by channel
// blocks. Built and run by bench/kernels.sh against the sources in Sources/CKernels.
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ckernels.h"

char *openblas_get_corename(void);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static float *filled(long n, int seed) {
  float *p = malloc(n * sizeof *p);
  for (long i = 0; i < n; i++) p[i] = (float)((i * 7919 + seed) % 255) / 127.5f - 1.0f;
  return p;
}

// Best of 5 timings of about 0.2 s each, in seconds per call.
#define TIME(call)                                                   \
  ({                                                                 \
    call;                                                            \
    double best = 1e9;                                               \
    for (int rep = 0; rep < 5; rep++) {                              \
      int calls_ = 0;                                                \
      double t0_ = now(), t;                                         \
      do {                                                           \
        call;                                                        \
        calls_++;                                                    \
      } while ((t = now() - t0_) < 0.2);                             \
      if (t / calls_ < best) best = t / calls_;                      \
    }                                                                \
    best;                                                            \
  })

static void gelu_libm(float *x, long n) {
  for (long i = 0; i < n; i++) x[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678f));
}

int main(void) {
  openblas_set_num_threads(1);
  printf("kernels %s; OpenBLAS %s; one core\n\n", densa_kernel_level(), openblas_get_corename());

  printf("bf16 GEMM: %s\n\n", densa_bf16_level());
  printf("| GEMM (M × N × K) | densa GFLOP/s | densa bf16 GFLOP/s | OpenBLAS GFLOP/s |\n| --- | --- | --- | --- |\n");
  const long shapes[][3] = {{256, 384, 96}, {256, 96, 384}, {256, 2048, 512}, {256, 512, 2048}, {1024, 1024, 1024}};
  for (int s = 0; s < 5; s++) {
    const long m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
    float *a = filled(m * k, 1), *b = filled(k * n, 2), *c = filled(m * n, 3);
    double flop = 2.0 * m * n * k, ours = 0;
    if (densa_gemm_panels_available()) {
      float *p = malloc(densa_panels_count(k, n) * sizeof *p);
      densa_pack_panels(b, p, k, n);
      ours = flop / TIME(densa_gemm_panels(a, k, p, c, n, m, n, k)) / 1e9;
      free(p);
    }
    double bf16 = 0;
    if (densa_bf16_available()) {
      const long kpad = densa_bf16_k_padded(k);
      uint16_t *ab = malloc(m * kpad * sizeof *ab), *pb = malloc(densa_bf16_panels_count(k, n) * sizeof *pb);
      densa_to_bf16(a, k, ab, kpad, m, k);
      densa_pack_panels_bf16(b, pb, k, n);
      bf16 = flop / TIME(densa_gemm_bf16(ab, kpad, pb, c, n, m, n, k)) / 1e9;
      free(ab), free(pb);
    }
    char bf16_text[32] = "—";
    if (bf16 > 0) snprintf(bf16_text, sizeof bf16_text, "%.1f", bf16);
    double blas =
        flop / TIME(cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n)) / 1e9;
    if (ours > 0)
      printf("| %ld × %ld × %ld | %.1f | %s | %.1f |\n", m, n, k, ours, bf16_text, blas);
    else
      printf("| %ld × %ld × %ld | — (no AVX-512: OpenBLAS does it) | %s | %.1f |\n", m, n, k, bf16_text, blas);
    free(a), free(b), free(c);
  }

  const long count = 256 * 3072;
  // GELU works in place, so each call starts from a fresh copy of the input (repeated in place, the
  // values decay towards zero and into subnormals, which is not what a network feeds it); the
  // copy's own time is measured and taken off.
  float *x = filled(count, 4), *src = filled(count, 4), *zero = calloc(3072, sizeof(float));
  double copy = TIME(memcpy(x, src, count * sizeof *x));
  double ours = TIME((memcpy(x, src, count * sizeof *x), densa_bias_gelu(x, 256, 3072, zero))) - copy;
  double libm = TIME((memcpy(x, src, count * sizeof *x), gelu_libm(x, count))) - copy;
  printf("\nGELU on 256 × 3072: densa %.2f Gelem/s, libm erff loop %.2f Gelem/s\n", count / ours / 1e9,
         count / libm / 1e9);
  float *w = filled(3072, 5), *bias = filled(3072, 6);
  double ln = TIME(densa_layer_norm(x, x, 256, 3072, w, bias, NULL));
  printf("LayerNorm on 256 × 3072: %.2f Gelem/s\n\n", count / ln / 1e9);

  printf("| depthwise 7×7 (h × w × c) | by rows GFLOP/s | by channel blocks GFLOP/s |\n| --- | --- | --- |\n");
  const long dw[][3] = {{128, 128, 96}, {64, 64, 192}, {32, 32, 384}, {32, 32, 512}, {16, 16, 1024}};
  for (int s = 0; s < 5; s++) {
    const long h = dw[s][0], ww = dw[s][1], c = dw[s][2];
    float *in = filled(h * ww * c, 7), *out = filled(h * ww * c, 8), *kern = filled(49 * c, 9), *b = filled(c, 10);
    float *scratch = malloc(densa_depthwise_scratch_count(h, ww) * sizeof(float));
    const long lanes = densa_depthwise_block_lanes();
    double flop = 2.0 * 49 * h * ww * c;
    double rows = TIME(for (long oy = 0; oy < h; oy++)
                           densa_depthwise7x7_row(in, out + oy * ww * c, h, ww, c, oy, kern, b));
    double blocks = TIME(for (long c0 = 0; c0 < c; c0 += lanes)
                             densa_depthwise7x7_block(in, out, h, ww, c, c0, kern, b, scratch));
    printf("| %ld × %ld × %ld | %.1f | %.1f |\n", h, ww, c, flop / rows / 1e9, flop / blocks / 1e9);
    free(in), free(out), free(kern), free(b), free(scratch);
  }
  return 0;
}
