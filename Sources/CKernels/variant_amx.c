// The bf16 GEMM on Intel AMX (TDPBF16PS, Sapphire Rapids and later). dispatch.c chooses it only
// where CPUID reports AMX-TILE and AMX-BF16, XCR0 has the tile state enabled, and Linux granted
// this process the tile data (arch_prctl ARCH_REQ_XCOMP_PERM); this translation unit alone is
// compiled for amx-tile and amx-bf16.
//
// Tiles: C is a 32 × 32 block in four 16 × 16 fp32 tiles (tmm0–3); each step over 32 values of k
// loads two A tiles (16 rows × 32 bf16, tmm4–5) and two B tiles (16 pairs of k × 16 columns,
// tmm6–7) straight from the bf16 panels (stride 128 bytes: a panel row holds 32 column pairs), so
// B needs no packing of its own. Rows past the last multiple of 32 go to the AVX512-BF16 kernel,
// which every AMX CPU also has; k is padded to 32 with zeros (densa_bf16_k_padded).
#if defined(__x86_64__)
#include <stdint.h>
#include <string.h>

#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx512bf16,amx-tile,amx-bf16,avx2,fma,bmi,bmi2,f16c,popcnt"))), apply_to = function)
#include <immintrin.h>

#include "ckernels.h"
#define VW 16
#include "vector.h"
#define K(name) name##_amx
#include "gelu.inc"
#include "bf16_epilogue.inc"

void densa_gemm_bf16_avx512bf16(const uint16_t *, long, const uint16_t *, float *, long, long, long, long,
                                const densa_bf16_epilogue *);

struct densa_tile_config {
  uint8_t palette;
  uint8_t start_row;
  uint8_t reserved[14];
  uint16_t colsb[16];
  uint8_t rows[16];
};

// Every tile 16 rows × 64 bytes: 16 fp32 for C, 32 bf16 (16 pairs) for A and B.
static void configure_tiles(void) {
  struct densa_tile_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.palette = 1;
  for (int t = 0; t < 8; t++) cfg.colsb[t] = 64, cfg.rows[t] = 16;
  _tile_loadconfig(&cfg);
}

// One 16 × 16 C tile to memory, all of it or its first nr columns.
#define STORE_C(tile, dst, ldc, nr)                                              \
  do {                                                                           \
    if ((nr) >= 16) {                                                            \
      _tile_stored(tile, (dst), (ldc) * (long)sizeof(float));                   \
    } else if ((nr) > 0) {                                                       \
      float tmp_[16 * 16];                                                       \
      _tile_stored(tile, tmp_, 16 * sizeof(float));                              \
      for (int r_ = 0; r_ < 16; r_++)                                            \
        for (long j_ = 0; j_ < (nr); j_++) (dst)[r_ * (ldc) + j_] = tmp_[r_ * 16 + j_]; \
    }                                                                            \
  } while (0)

// The 16 × 16 tile `tile` into rows 0–15 and columns `col`–`col` + 16 of a 32 × 32 block in L1.
#define STORE_BLOCK(tile, block, row, col) _tile_stored(tile, (block) + (row) * 32 + (col), 32 * sizeof(float))

// The epilogue of rows [from, to) of a 32 × 32 block stored in `block`, whose top-left is row i,
// column j of C (nr of its columns inside n); returns `to`.
static inline long epilogue_rows(const densa_bf16_epilogue *ep, float *c, long ldc, const float *block, long i,
                                 long j, long nr, long from, long to) {
  for (long r = from; r < to; r++)
    bf16_epilogue_row(ep, c, ldc, i + r, j, nr, _mm512_load_ps(block + r * 32), _mm512_load_ps(block + r * 32 + 16));
  return to;
}

void densa_gemm_bf16_amx(const uint16_t *a, long lda, const uint16_t *panels, float *c, long ldc, long m, long n,
                         long kpad, const densa_bf16_epilogue *ep) {
  const int plain = !ep || ep->kind == DENSA_BF16_STORE;
  float block[2][32 * 32] __attribute__((aligned(64)));
  const long npanels = (n + 31) / 32, panel_size = kpad * 32, full = m / 32 * 32;
  const long astride = lda * (long)sizeof(uint16_t);
  const long steps = kpad / 32, chunk = (32 + steps - 1) / steps;
  if (full > 0) {
    configure_tiles();
    long group = (512 * 1024) / (panel_size * (long)sizeof(uint16_t));
    if (group < 1) group = 1;
    // The epilogue of the previous block (in block[prev], rows done..32) runs in chunks between
    // this block's k steps, so the vector units work while the tile unit multiplies.
    long pi = 0, pj = 0, pnr = 0, done = 32;
    int cur = 0;
    for (long g = 0; g < npanels; g += group) {
      const long gend = g + group < npanels ? g + group : npanels;
      for (long i = 0; i < full; i += 32) {
        const uint16_t *a0 = a + i * lda, *a1 = a + (i + 16) * lda;
        for (long p = g; p < gend; p++) {
          const uint16_t *b = panels + p * panel_size;
          const float *pb = block[cur ^ 1];
          _tile_zero(0);
          _tile_zero(1);
          _tile_zero(2);
          _tile_zero(3);
          for (long kk = 0; kk < kpad; kk += 32) {
            _tile_loadd(4, a0 + kk, astride);
            _tile_loadd(5, a1 + kk, astride);
            _tile_loadd(6, b + kk * 32, 128);
            _tile_loadd(7, b + kk * 32 + 32, 128);
            _tile_dpbf16ps(0, 4, 6);
            _tile_dpbf16ps(1, 4, 7);
            _tile_dpbf16ps(2, 5, 6);
            _tile_dpbf16ps(3, 5, 7);
            if (!plain) done = epilogue_rows(ep, c, ldc, pb, pi, pj, pnr, done, done + chunk < 32 ? done + chunk : 32);
          }
          const long j = p * 32, nr = n - j;
          if (plain) {
            float *c0 = c + i * ldc + j, *c1 = c + (i + 16) * ldc + j;
            STORE_C(0, c0, ldc, nr);
            STORE_C(1, c0 + 16, ldc, nr - 16);
            STORE_C(2, c1, ldc, nr);
            STORE_C(3, c1 + 16, ldc, nr - 16);
          } else {
            epilogue_rows(ep, c, ldc, pb, pi, pj, pnr, done, 32);
            // Through L1 to the epilogue, which needs the values in vector registers.
            STORE_BLOCK(0, block[cur], 0, 0);
            STORE_BLOCK(1, block[cur], 0, 16);
            STORE_BLOCK(2, block[cur], 16, 0);
            STORE_BLOCK(3, block[cur], 16, 16);
            pi = i, pj = j, pnr = nr, done = 0, cur ^= 1;
          }
        }
      }
    }
    if (!plain) epilogue_rows(ep, c, ldc, block[cur ^ 1], pi, pj, pnr, done, 32);
    _tile_release();
  }
  if (full < m) {
    densa_bf16_epilogue rest;
    if (!plain) {
      rest = *ep;
      rest.y = ep->y ? ep->y + full * ep->ldy : 0;
      rest.residual = ep->residual ? ep->residual + full * ep->ldr : 0;
    }
    densa_gemm_bf16_avx512bf16(a + full * lda, lda, panels, c ? c + full * ldc : 0, ldc, m - full, n, kpad,
                               plain ? 0 : &rest);
  }
}
#pragma clang attribute pop
#endif
