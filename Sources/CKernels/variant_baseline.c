// The kernels for any CPU (SSE2 on x86-64), the fallback and the reference for the others.
#define VW 4
#include "vector.h"
#define K(name) name##_baseline
#define DW_STRIP 4
#include "depthwise.inc"
#include "gelu.inc"
#include "layer_norm.inc"
