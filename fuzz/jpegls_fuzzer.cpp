// libFuzzer target: a JPEG-LS stream through densa's own decoder (jpegls.cpp), as
// MammogramDecoder drives it: at the size its frame header declares (the decode loop) and at a
// size it does not (the refusal).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "densa_jpegls.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int width = 0, height = 0;
  for (size_t i = 0; i + 9 < size; i++) {
    if (data[i] == 0xFF && data[i + 1] == 0xF7) {
      height = (data[i + 5] << 8) | data[i + 6];
      width = (data[i + 7] << 8) | data[i + 8];
      break;
    }
  }
  char error[256];
  if (width > 0 && height > 0 && (size_t)width * height <= (1u << 22)) {
    std::vector<uint16_t> out((size_t)width * height);
    densa_jpegls_decode(data, size, out.data(), width, height, error, sizeof error);
  }
  std::vector<uint16_t> small(7 * 5);
  densa_jpegls_decode(data, size, small.data(), 7, 5, error, sizeof error);
  return 0;
}
