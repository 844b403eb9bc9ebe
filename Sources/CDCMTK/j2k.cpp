// JPEG 2000 through OpenJPEG on memory buffers (see densa_j2k.h).
#include "densa_j2k.h"

#include <openjpeg.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct ReadBuffer {
  const uint8_t *data;
  size_t length;
  size_t position;
};

OPJ_SIZE_T readFn(void *out, OPJ_SIZE_T n, void *user) {
  ReadBuffer *b = static_cast<ReadBuffer *>(user);
  if (b->position >= b->length) return (OPJ_SIZE_T)-1;
  size_t k = n < b->length - b->position ? n : b->length - b->position;
  std::memcpy(out, b->data + b->position, k);
  b->position += k;
  return k;
}

OPJ_OFF_T skipReadFn(OPJ_OFF_T n, void *user) {
  ReadBuffer *b = static_cast<ReadBuffer *>(user);
  if (n < 0 || (size_t)n > b->length - b->position) n = (OPJ_OFF_T)(b->length - b->position);
  b->position += (size_t)n;
  return n;
}

OPJ_BOOL seekReadFn(OPJ_OFF_T n, void *user) {
  ReadBuffer *b = static_cast<ReadBuffer *>(user);
  if (n < 0 || (size_t)n > b->length) return OPJ_FALSE;
  b->position = (size_t)n;
  return OPJ_TRUE;
}

struct WriteBuffer {
  std::vector<uint8_t> data;
  size_t position = 0;
};

OPJ_SIZE_T writeFn(void *in, OPJ_SIZE_T n, void *user) {
  WriteBuffer *b = static_cast<WriteBuffer *>(user);
  if (b->position + n > b->data.size()) b->data.resize(b->position + n);
  std::memcpy(b->data.data() + b->position, in, n);
  b->position += n;
  return n;
}

OPJ_OFF_T skipWriteFn(OPJ_OFF_T n, void *user) {
  WriteBuffer *b = static_cast<WriteBuffer *>(user);
  b->position += (size_t)n;
  if (b->position > b->data.size()) b->data.resize(b->position);
  return n;
}

OPJ_BOOL seekWriteFn(OPJ_OFF_T n, void *user) {
  WriteBuffer *b = static_cast<WriteBuffer *>(user);
  b->position = (size_t)n;
  if (b->position > b->data.size()) b->data.resize(b->position);
  return OPJ_TRUE;
}

void quiet(const char *, void *) {}

struct ErrorSink {
  char *error;
  size_t length;
};

void errorFn(const char *message, void *user) {
  ErrorSink *sink = static_cast<ErrorSink *>(user);
  if (sink->error && sink->length && sink->error[0] == 0) {
    std::snprintf(sink->error, sink->length, "OpenJPEG: %s", message);
    size_t n = std::strlen(sink->error);
    if (n && sink->error[n - 1] == '\n') sink->error[n - 1] = 0;
  }
}

void setError(char *error, size_t len, const char *text) {
  if (error && len && error[0] == 0) std::snprintf(error, len, "%s", text);
}

opj_stream_t *readStream(ReadBuffer *buffer) {
  opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_TRUE);
  opj_stream_set_user_data(stream, buffer, nullptr);
  opj_stream_set_user_data_length(stream, buffer->length);
  opj_stream_set_read_function(stream, readFn);
  opj_stream_set_skip_function(stream, skipReadFn);
  opj_stream_set_seek_function(stream, seekReadFn);
  return stream;
}

bool isJP2(const uint8_t *bytes, size_t length) {
  static const uint8_t signature[] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '};
  return length >= 8 && std::memcmp(bytes, signature, 8) == 0;
}

uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

// Reads the SIZ marker (in a J2K codestream, or the one inside a JP2 box) before OpenJPEG does:
// a few header bytes can declare a huge image or tens of thousands of tiles, for which OpenJPEG
// allocates while reading the header (a 178-byte codestream of 2,883,632 x 40 pixels in 60,076
// tiles took 35 s of CPU and 1.4 GB: fuzz/regressions/j2k/huge-declared-size.j2k). Returns
// whether the image is within the limits; writes why not into `error`.
bool withinLimits(const uint8_t *bytes, size_t length, char *error, size_t error_len) {
  static const uint8_t soc_siz[] = {0xFF, 0x4F, 0xFF, 0x51};
  size_t window = length < 4096 ? length : 4096;
  for (size_t i = 0; i + 4 + 38 <= window; i++) {
    if (std::memcmp(bytes + i, soc_siz, 4) != 0) continue;
    const uint8_t *siz = bytes + i + 4;  // Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz
    uint64_t x = be32(siz + 4), y = be32(siz + 8), x0 = be32(siz + 12), y0 = be32(siz + 16);
    uint64_t tw = be32(siz + 20), th = be32(siz + 24), tx0 = be32(siz + 28), ty0 = be32(siz + 32);
    if (x <= x0 || y <= y0 || tw == 0 || th == 0 || tx0 > x0 || ty0 > y0) return true;  // OpenJPEG refuses these
    uint64_t area = (x - x0) * (y - y0);
    uint64_t tiles = ((x - tx0 + tw - 1) / tw) * ((y - ty0 + th - 1) / th);
    if (area > DENSA_J2K_MAX_PIXELS || tiles > DENSA_J2K_MAX_TILES) {
      if (error && error_len)
        std::snprintf(error, error_len,
                      "JPEG 2000 image declares %llu x %llu pixels in %llu tiles, more than densa decodes "
                      "(%d Mpixels, %d tiles)",
                      (unsigned long long)(x - x0), (unsigned long long)(y - y0), (unsigned long long)tiles,
                      DENSA_J2K_MAX_PIXELS >> 20, DENSA_J2K_MAX_TILES);
      return false;
    }
    return true;
  }
  return true;
}

// Reads a codestream's main header quietly, within densa's limits (withinLimits: OpenJPEG's own
// header reading is what a hostile SIZ makes expensive), and hands the codec and image to `use`.
template <typename Use> void readHeader(const uint8_t *bytes, size_t length, Use use) {
  if (!withinLimits(bytes, length, nullptr, 0)) return;
  ReadBuffer buffer{bytes, length, 0};
  opj_codec_t *codec = opj_create_decompress(isJP2(bytes, length) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  opj_set_error_handler(codec, quiet, nullptr);
  opj_set_warning_handler(codec, quiet, nullptr);
  opj_set_info_handler(codec, quiet, nullptr);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  opj_stream_t *stream = readStream(&buffer);
  opj_image_t *image = nullptr;
  if (opj_setup_decoder(codec, &parameters) && opj_read_header(stream, codec, &image) && image) use(codec, image);
  if (image) opj_image_destroy(image);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
}

}  // namespace

extern "C" {

int densa_j2k_encode(const uint16_t *samples, int width, int height, int bits, float ratio, uint8_t **out,
                     size_t *out_len, char *error, size_t error_len) {
  if (error_len) error[0] = 0;
  opj_image_cmptparm_t component;
  std::memset(&component, 0, sizeof component);
  component.dx = component.dy = 1;
  component.w = (OPJ_UINT32)width;
  component.h = (OPJ_UINT32)height;
  component.prec = (OPJ_UINT32)bits;
  component.sgnd = 0;
  opj_image_t *image = opj_image_create(1, &component, OPJ_CLRSPC_GRAY);
  if (!image) {
    setError(error, error_len, "OpenJPEG: cannot allocate image");
    return 1;
  }
  image->x0 = image->y0 = 0;
  image->x1 = (OPJ_UINT32)width;
  image->y1 = (OPJ_UINT32)height;
  size_t count = (size_t)width * (size_t)height;
  for (size_t i = 0; i < count; i++) image->comps[0].data[i] = samples[i];

  opj_cparameters_t parameters;
  opj_set_default_encoder_parameters(&parameters);
  parameters.tcp_numlayers = 1;
  parameters.cp_disto_alloc = 1;
  parameters.tcp_rates[0] = ratio > 0 ? ratio : 0;  // 0: lossless
  parameters.irreversible = ratio > 0 ? 1 : 0;
  parameters.numresolution = 6;

  opj_codec_t *codec = opj_create_compress(OPJ_CODEC_J2K);
  ErrorSink sink{error, error_len};
  opj_set_error_handler(codec, errorFn, &sink);
  opj_set_warning_handler(codec, quiet, nullptr);
  opj_set_info_handler(codec, quiet, nullptr);
  WriteBuffer buffer;
  opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_FALSE);
  opj_stream_set_user_data(stream, &buffer, nullptr);
  opj_stream_set_write_function(stream, writeFn);
  opj_stream_set_skip_function(stream, skipWriteFn);
  opj_stream_set_seek_function(stream, seekWriteFn);
  bool ok = opj_setup_encoder(codec, &parameters, image) && opj_start_compress(codec, image, stream) &&
            opj_encode(codec, stream) && opj_end_compress(codec, stream);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  opj_image_destroy(image);
  if (!ok) {
    setError(error, error_len, "OpenJPEG: encoding failed");
    return 1;
  }
  *out = static_cast<uint8_t *>(std::malloc(buffer.data.size()));
  if (!*out) {
    setError(error, error_len, "out of memory");
    return 1;
  }
  std::memcpy(*out, buffer.data.data(), buffer.data.size());
  *out_len = buffer.data.size();
  return 0;
}

int densa_j2k_decode(const uint8_t *bytes, size_t length, int reduce, uint16_t **out, int *width, int *height,
                     char *error, size_t error_len) {
  if (error_len) error[0] = 0;
  ReadBuffer buffer{bytes, length, 0};
  opj_codec_t *codec = opj_create_decompress(isJP2(bytes, length) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  ErrorSink sink{error, error_len};
  opj_set_error_handler(codec, errorFn, &sink);
  opj_set_warning_handler(codec, quiet, nullptr);
  opj_set_info_handler(codec, quiet, nullptr);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  parameters.cp_reduce = (OPJ_UINT32)(reduce > 0 ? reduce : 0);
  opj_stream_t *stream = readStream(&buffer);
  opj_image_t *image = nullptr;
  bool ok = withinLimits(bytes, length, error, error_len) && opj_setup_decoder(codec, &parameters) &&
            opj_read_header(stream, codec, &image);
  ok = ok && opj_decode(codec, stream, image) && opj_end_decompress(codec, stream);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  if (!ok || !image || image->numcomps < 1) {
    if (image) opj_image_destroy(image);
    setError(error, error_len, "OpenJPEG: not a decodable JPEG 2000 codestream");
    return 1;
  }
  opj_image_comp_t &c = image->comps[0];
  size_t count = (size_t)c.w * (size_t)c.h;
  *out = static_cast<uint16_t *>(std::malloc(count * sizeof(uint16_t)));
  if (!*out) {
    opj_image_destroy(image);
    setError(error, error_len, "out of memory");
    return 1;
  }
  int maximum = c.prec >= 16 ? 65535 : (1 << c.prec) - 1;
  for (size_t i = 0; i < count; i++) {
    int v = c.data[i];
    (*out)[i] = (uint16_t)(v < 0 ? 0 : (v > maximum ? maximum : v));
  }
  *width = (int)c.w;
  *height = (int)c.h;
  opj_image_destroy(image);
  return 0;
}

int densa_j2k_levels(const uint8_t *bytes, size_t length) {
  int levels = 0;
  readHeader(bytes, length, [&](opj_codec_t *codec, opj_image_t *) {
    opj_codestream_info_v2_t *info = opj_get_cstr_info(codec);
    if (info) {
      levels = (int)info->m_default_tile_info.tccp_info[0].numresolutions - 1;
      opj_destroy_cstr_info(&info);
    }
  });
  return levels;
}

int densa_j2k_size(const uint8_t *bytes, size_t length, int *width, int *height, int *components) {
  int status = 1;
  readHeader(bytes, length, [&](opj_codec_t *, opj_image_t *image) {
    if (image->x1 <= image->x0 || image->y1 <= image->y0) return;
    *width = (int)std::min<OPJ_UINT32>(image->x1 - image->x0, INT32_MAX);
    *height = (int)std::min<OPJ_UINT32>(image->y1 - image->y0, INT32_MAX);
    *components = (int)image->numcomps;
    status = 0;
  });
  return status;
}

void densa_j2k_free(void *p) { std::free(p); }

}  // extern "C"
