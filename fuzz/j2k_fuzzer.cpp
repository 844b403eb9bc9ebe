// libFuzzer target: a JPEG 2000 codestream (J2K or JP2) through densa's OpenJPEG shim, as
// MammogramDecoder drives it: the declared size, the resolution levels, then a decode at full and at reduced size.
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "densa_j2k.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int declaredWidth = 0, declaredHeight = 0, components = 0;
  (void)densa_j2k_size(data, size, &declaredWidth, &declaredHeight, &components);
  int levels = densa_j2k_levels(data, size);
  char error[512];
  for (int reduce : {0, levels > 0 ? levels : 1}) {
    uint16_t *out = nullptr;
    int width = 0, height = 0;
    if (densa_j2k_decode(data, size, reduce, &out, &width, &height, error, sizeof error) == 0) densa_j2k_free(out);
  }
  return 0;
}
