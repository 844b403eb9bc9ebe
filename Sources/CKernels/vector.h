// Float vectors of one register as clang vector extensions: VW (set by the variant before
// including this) is 16 under AVX-512 (zmm), 8 under AVX2 (ymm), 4 on baseline x86-64 (xmm). Loads and stores are unaligned. Included once per variant
// translation unit, inside that variant's target pragma, so these helpers get its instructions.
#ifndef DENSA_VECTOR_H
#define DENSA_VECTOR_H

typedef float vf __attribute__((vector_size(VW * 4), aligned(4)));
typedef int vi __attribute__((vector_size(VW * 4), aligned(4)));

static inline vf vload(const float *p) { return *(const vf *)p; }
static inline void vstore(float *p, vf v) { *(vf *)p = v; }
// a - 0 is exactly a (0 + a is not, for a = -0), so this folds to a plain broadcast.
static inline vf vsplat(float a) { return a - (vf){0}; }

static inline float vsum(vf v) {
  float s = 0;
  for (int i = 0; i < VW; i++) s += v[i];
  return s;
}

#endif
