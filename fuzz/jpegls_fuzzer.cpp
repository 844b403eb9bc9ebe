// libFuzzer target: a JPEG-LS stream through densa's own decoder (jpegls.cpp), as
// MammogramDecoder drives it: at the size its frame header declares (the decode loop) and at a
// size it does not (the refusal); then paired (densa_jpegls_decode_pair) with itself and with its
// first half, where each frame must come out exactly as it does alone.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "densa_jpegls.h"

namespace {
struct Single {
  std::vector<uint16_t> out;
  int status;
  char error[256];
};

void decodeAlone(const uint8_t *data, size_t size, int width, int height, Single &s) {
  s.out.assign((size_t)width * height, 0);
  s.status = densa_jpegls_decode(data, size, s.out.data(), width, height, s.error, sizeof s.error);
}

// Decodes the two streams as a pair and aborts if either differs from its single decode.
void checkPair(const uint8_t *a, size_t sizeA, const uint8_t *b, size_t sizeB, int width, int height) {
  Single aloneA, aloneB;
  decodeAlone(a, sizeA, width, height, aloneA);
  decodeAlone(b, sizeB, width, height, aloneB);
  std::vector<uint16_t> outA((size_t)width * height, 0), outB((size_t)width * height, 0);
  char errorA[256], errorB[256];
  densa_jpegls_frame first = {a, sizeA, outA.data(), width, height, errorA, sizeof errorA, 2};
  densa_jpegls_frame second = {b, sizeB, outB.data(), width, height, errorB, sizeof errorB, 2};
  densa_jpegls_decode_pair(&first, &second);
  if (first.status != aloneA.status || second.status != aloneB.status) abort();
  if (first.status == 0 && outA != aloneA.out) abort();
  if (second.status == 0 && outB != aloneB.out) abort();
  if (first.status != 0 && strcmp(errorA, aloneA.error) != 0) abort();
  if (second.status != 0 && strcmp(errorB, aloneB.error) != 0) abort();
}
}  // namespace

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
  if (width > 0 && height > 0 && (size_t)width * height <= (1u << 20)) {
    checkPair(data, size, data, size, width, height);
    checkPair(data, size, data, size / 2, width, height);
  } else if (width > 0 && height > 0 && (size_t)width * height <= (1u << 22)) {
    std::vector<uint16_t> out((size_t)width * height);
    densa_jpegls_decode(data, size, out.data(), width, height, error, sizeof error);
  }
  std::vector<uint16_t> small(7 * 5);
  densa_jpegls_decode(data, size, small.data(), 7, 5, error, sizeof error);
  return 0;
}
