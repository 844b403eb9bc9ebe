// libFuzzer target: DICOM bytes through densa's DCMTK shim, as Sources/DICOM/Reading and
// Sources/DICOM/Pixels drive it (header-only load, the attributes densa reads, full load, pixel
// decoding, the encapsulated frame and, for JPEG 2000, OpenJPEG).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "densa_dataset.h"
#include "densa_j2k.h"

namespace {

// The Swift side allocates Rows x Columns samples with no budget of its own; the fuzzer stops at
// 16 Mpixels (a 4096 x 4096 mammogram) so that a declared size cannot make it run out of memory.
constexpr long kPixelBudget = 16L * 1024 * 1024;

// The paths and tags MammogramReader and InstanceHeader ask for.
const char *const kPaths[] = {
    "(0008,0016)", "(0008,0018)", "(0020,000D)", "(0020,000E)", "(0008,0060)", "(0008,0050)",
    "(0008,0020)", "(0008,0030)", "(0028,0010)", "(0028,0011)", "(0028,0100)", "(0028,0101)",
    "(0028,0103)", "(0028,0004)", "(0010,0020)", "(0010,0010)", "(0010,0030)", "(0010,0040)",
    "(0020,0010)", "(0008,1030)", "(0008,0090)", "(0020,0011)", "(0020,0013)", "(0008,002A)",
    "(0008,0022)", "(0008,0032)", "(0008,0070)", "(0008,1090)", "(0008,0008)", "(0008,0068)",
    "(0020,0020)", "(0054,0220)[0].(0008,0100)", "(0018,5101)", "(0020,0062)", "(0020,0060)",
    "(0028,1300)", "(0028,0030)", "(0018,1164)", "(0028,1050)", "(0028,1051)", "(0028,1056)",
    "(0028,1052)", "(0028,1053)",
};

long number(densa_dataset *ds, const char *path) {
  char out[4096];
  if (densa_dataset_get_string(ds, path, out, sizeof out) != 1) return -1;
  return std::strtol(out, nullptr, 10);
}

void readAttributes(densa_dataset *ds) {
  char out[4096];
  for (const char *path : kPaths) densa_dataset_get_string(ds, path, out, sizeof out);
  for (const char *prefix : {"(0054,0220)[0].", ""}) {
    for (int i = 0; i < 8; i++) {
      char path[64];
      std::snprintf(path, sizeof path, "%s(0054,0222)[%d].(0008,0100)", prefix, i);
      if (densa_dataset_get_string(ds, path, out, sizeof out) != 1) break;
    }
  }
  uint16_t descriptor[3];
  densa_dataset_get_u16_array(ds, "(0028,3010)[0].(0028,3002)", descriptor, 3);
  static std::vector<uint16_t> lut(65536);
  densa_dataset_get_u16_array(ds, "(0028,3010)[0].(0028,3006)", lut.data(), lut.size());
  char syntax[128];
  densa_dataset_transfer_syntax(ds, syntax, sizeof syntax);
}

bool isJ2K(const char *syntax) {
  return std::strcmp(syntax, "1.2.840.10008.1.2.4.90") == 0 || std::strcmp(syntax, "1.2.840.10008.1.2.4.91") == 0;
}

void decode(densa_dataset *ds) {
  char error[512];
  if (!densa_dataset_has_pixels(ds)) return;
  long rows = number(ds, "(0028,0010)");
  long columns = number(ds, "(0028,0011)");
  long bits = number(ds, "(0028,0100)");
  if (rows <= 0 || columns <= 0 || (bits != 8 && bits != 16)) return;
  if (rows > kPixelBudget / columns) return;
  char syntax[128];
  densa_dataset_transfer_syntax(ds, syntax, sizeof syntax);
  if (isJ2K(syntax)) {
    long length = densa_dataset_encapsulated_frame(ds, nullptr, 0, error, sizeof error);
    if (length <= 0) return;
    std::vector<uint8_t> frame((size_t)length);
    if (densa_dataset_encapsulated_frame(ds, frame.data(), frame.size(), error, sizeof error) != length) return;
    int levels = densa_j2k_levels(frame.data(), frame.size());
    uint16_t *out = nullptr;
    int width = 0, height = 0;
    int reduce = levels > 0 ? 1 : 0;
    if (densa_j2k_decode(frame.data(), frame.size(), reduce, &out, &width, &height, error, sizeof error) == 0)
      densa_j2k_free(out);
    return;
  }
  std::vector<uint16_t> samples((size_t)(rows * columns));
  densa_dataset_decode_pixels(ds, samples.data(), samples.size(), error, sizeof error);
  densa_dataset_encapsulated_frame(ds, nullptr, 0, error, sizeof error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char path[64] = {0};
  if (!path[0]) std::snprintf(path, sizeof path, "/dev/shm/densa-fuzz-dicom-%d.dcm", (int)getpid());
  std::FILE *file = std::fopen(path, "wb");
  if (!file) return 0;
  if (size) std::fwrite(data, 1, size, file);
  std::fclose(file);
  char error[512];
  for (int headerOnly : {1, 0}) {
    densa_dataset *ds = densa_dataset_load(path, headerOnly, error, sizeof error);
    if (!ds) continue;
    readAttributes(ds);
    if (!headerOnly) decode(ds);
    densa_dataset_free(ds);
  }
  return 0;
}
