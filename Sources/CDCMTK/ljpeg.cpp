// Lossless JPEG of one grayscale component (see densa_ljpeg.h). Each entropy-coded segment (the
// scan, or one restart interval of it) is first copied without its stuffed zero bytes, so the
// per-sample loop reads a plain bit string: a table lookup for the Huffman code, the extra bits,
// the predictor.
#include "densa_ljpeg.h"

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>
#include <vector>

namespace {

constexpr int kLookahead = 10;  // bits resolved by one table lookup; longer codes take the slow path

struct Huffman {
  bool defined = false;
  // Entry for the next kLookahead bits: (code length << 8) | value, or 0 for a longer code.
  uint16_t fast[1 << kLookahead];
  int32_t maxcode[18];    // largest code of each length, -1 for none (T.81 F.2.2.3)
  int32_t valoffset[17];  // index in values of the code 0 of each length
  uint8_t values[256];
};

struct Failure {
  int code;
};

class Decoder {
 public:
  Decoder(char *error, size_t error_len) : error_(error), errorLen_(error_len) {}

  [[noreturn]] void fail(int code, const char *format, ...) __attribute__((format(printf, 3, 4))) {
    if (error_ && errorLen_ > 0) {
      va_list args;
      va_start(args, format);
      vsnprintf(error_, errorLen_, format, args);
      va_end(args);
    }
    throw Failure{code};
  }

  int decode(const uint8_t *bytes, size_t length, uint16_t *out, int width, int height) {
    data_ = bytes;
    end_ = bytes + length;
    if (length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) fail(DENSA_LJPEG_CORRUPT, "no JPEG start of image");
    p_ = bytes + 2;
    bool haveFrame = false;
    for (;;) {
      int marker = nextMarker();
      if (marker == 0xD9) fail(DENSA_LJPEG_CORRUPT, "the stream ends before its scan");
      if (marker == 0xC3) {
        readFrame(width, height);
        haveFrame = true;
      } else if ((marker >= 0xC0 && marker <= 0xCF) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        fail(DENSA_LJPEG_UNSUPPORTED, "JPEG process with marker FF%02X, not lossless Huffman (FFC3)", marker);
      } else if (marker == 0xC4) {
        readHuffmanTables();
      } else if (marker == 0xDD) {
        size_t n = segmentLength();
        if (n != 2) fail(DENSA_LJPEG_CORRUPT, "DRI segment of %zu bytes", n + 2);
        restartInterval_ = (p_[0] << 8) | p_[1];
        p_ += n;
      } else if (marker == 0xDA) {
        if (!haveFrame) fail(DENSA_LJPEG_CORRUPT, "scan before the frame header");
        readScanHeader();
        decodeScan(out);
        // One component, one scan: whatever follows (EOI, padding) does not change the samples.
        return DENSA_LJPEG_OK;
      } else if (marker >= 0xD0 && marker <= 0xD7) {
        fail(DENSA_LJPEG_CORRUPT, "restart marker outside a scan");
      } else if (marker == 0x01) {
        // TEM: no length.
      } else {
        p_ += segmentLength();  // APPn, COM, DQT, DNL before the scan, and the rest: skipped
      }
    }
  }

 private:
  char *error_;
  size_t errorLen_;
  const uint8_t *data_ = nullptr, *end_ = nullptr, *p_ = nullptr;
  int precision_ = 0, width_ = 0, height_ = 0, componentID_ = 0;
  int predictor_ = 0, pointTransform_ = 0, restartInterval_ = 0;
  Huffman tables_[4];
  const Huffman *table_ = nullptr;
  std::vector<uint8_t> segment_;

  int nextMarker() {
    if (p_ >= end_ || *p_ != 0xFF) fail(DENSA_LJPEG_CORRUPT, "expected a marker at byte %zu", (size_t)(p_ - data_));
    while (p_ < end_ && *p_ == 0xFF) p_++;  // fill bytes
    if (p_ >= end_) fail(DENSA_LJPEG_CORRUPT, "the stream ends inside a marker");
    return *p_++;
  }

  // The length of the segment that starts at p_, less its own two bytes; p_ moves past them.
  size_t segmentLength() {
    if (end_ - p_ < 2) fail(DENSA_LJPEG_CORRUPT, "the stream ends inside a segment length");
    size_t n = (size_t)((p_[0] << 8) | p_[1]);
    if (n < 2 || (size_t)(end_ - p_) < n) fail(DENSA_LJPEG_CORRUPT, "a segment runs past the end of the stream");
    p_ += 2;
    return n - 2;
  }

  void readFrame(int width, int height) {
    size_t n = segmentLength();
    if (n < 6) fail(DENSA_LJPEG_CORRUPT, "frame header of %zu bytes", n + 2);
    precision_ = p_[0];
    height_ = (p_[1] << 8) | p_[2];
    width_ = (p_[3] << 8) | p_[4];
    int components = p_[5];
    if (components != 1) fail(DENSA_LJPEG_UNSUPPORTED, "%d components", components);
    if (n < 9) fail(DENSA_LJPEG_CORRUPT, "frame header of %zu bytes for one component", n + 2);
    componentID_ = p_[6];
    if (p_[7] != 0x11) fail(DENSA_LJPEG_UNSUPPORTED, "sampling factors %d x %d", p_[7] >> 4, p_[7] & 15);
    if (precision_ < 2 || precision_ > 16) fail(DENSA_LJPEG_CORRUPT, "sample precision %d bits", precision_);
    if (height_ == 0) fail(DENSA_LJPEG_UNSUPPORTED, "the height is given by a DNL marker");
    if (width_ != width || height_ != height)
      fail(DENSA_LJPEG_CORRUPT, "the JPEG frame is %d x %d pixels but %d x %d were expected", width_, height_, width,
           height);
    p_ += n;
  }

  void readHuffmanTables() {
    size_t n = segmentLength();
    const uint8_t *q = p_, *stop = p_ + n;
    while (q < stop) {
      if (stop - q < 17) fail(DENSA_LJPEG_CORRUPT, "truncated Huffman table");
      int cls = q[0] >> 4, id = q[0] & 15;
      if (id > 3) fail(DENSA_LJPEG_CORRUPT, "Huffman table %d", id);
      int counts[17] = {0};
      int total = 0;
      for (int l = 1; l <= 16; l++) total += counts[l] = q[l];
      q += 17;
      if (total > 256 || stop - q < total) fail(DENSA_LJPEG_CORRUPT, "truncated Huffman table");
      if (cls == 0) build(tables_[id], counts, q, total);  // AC tables mean nothing to lossless
      q += total;
    }
    p_ = stop;
  }

  void build(Huffman &h, const int counts[17], const uint8_t *values, int total) {
    std::memset(h.fast, 0, sizeof h.fast);
    std::memcpy(h.values, values, (size_t)total);
    int32_t code = 0;
    int k = 0;
    for (int l = 1; l <= 16; l++) {
      h.valoffset[l] = k - code;
      for (int i = 0; i < counts[l]; i++, k++, code++) {
        if (code >= (1 << l)) fail(DENSA_LJPEG_CORRUPT, "Huffman table with too many codes of %d bits", l);
        if (l <= kLookahead) {
          int shift = kLookahead - l;
          uint16_t entry = (uint16_t)((l << 8) | values[k]);
          for (int s = 0; s < (1 << shift); s++) h.fast[(code << shift) | s] = entry;
        }
      }
      h.maxcode[l] = counts[l] ? code - 1 : -1;
      code <<= 1;
    }
    h.maxcode[17] = INT32_MAX;
    h.defined = true;
  }

  void readScanHeader() {
    size_t n = segmentLength();
    if (n < 1 || p_[0] != 1) fail(DENSA_LJPEG_UNSUPPORTED, "a scan of %d components", n < 1 ? 0 : p_[0]);
    if (n != 6) fail(DENSA_LJPEG_CORRUPT, "scan header of %zu bytes", n + 2);
    if (p_[1] != componentID_) fail(DENSA_LJPEG_CORRUPT, "the scan names component %d, not the frame's", p_[1]);
    int dc = p_[2] >> 4;
    predictor_ = p_[3];
    int se = p_[4], ah = p_[5] >> 4;
    pointTransform_ = p_[5] & 15;
    if (dc > 3 || !tables_[dc].defined) fail(DENSA_LJPEG_CORRUPT, "the scan uses undefined Huffman table %d", dc);
    if (predictor_ < 1 || predictor_ > 7 || se != 0 || ah != 0)
      fail(DENSA_LJPEG_CORRUPT, "scan parameters Ss %d Se %d Ah %d: not lossless", predictor_, se, ah);
    if (pointTransform_ >= precision_)
      fail(DENSA_LJPEG_CORRUPT, "point transform %d for %d-bit samples", pointTransform_, precision_);
    if (restartInterval_ % width_ != 0)
      fail(DENSA_LJPEG_UNSUPPORTED, "restart interval %d is not whole rows of %d", restartInterval_, width_);
    table_ = &tables_[dc];
    p_ += n;
  }

  // Copies the entropy-coded bytes from p_ up to the next marker other than a stuffed zero into
  // segment_ (zero-padded for the bit reader) and leaves p_ at that marker. Returns the length.
  size_t unstuff() {
    segment_.clear();
    const uint8_t *q = p_;
    for (;;) {
      const uint8_t *ff = (const uint8_t *)std::memchr(q, 0xFF, (size_t)(end_ - q));
      if (!ff) {
        segment_.insert(segment_.end(), q, end_);
        q = end_;
        break;
      }
      segment_.insert(segment_.end(), q, ff + 1);
      if (ff + 1 < end_ && ff[1] == 0x00) {
        q = ff + 2;
        continue;
      }
      segment_.pop_back();
      q = ff;
      break;
    }
    p_ = q;
    size_t n = segment_.size();
    segment_.resize(n + 8, 0);
    return n;
  }

  void decodeScan(uint16_t *out) {
    const int w = width_, h = height_;
    const int rowsPerInterval = restartInterval_ ? restartInterval_ / w : h;
    std::vector<uint16_t> rows(2 * (size_t)w);  // the reconstructed values before the point transform
    uint16_t *prev = rows.data(), *cur = rows.data() + w;
    for (int y0 = 0, interval = 0; y0 < h; y0 += rowsPerInterval, interval++) {
      if (y0 > 0) {
        // The next restart marker, RST0..7 in turn; IJG would resynchronise, the caller falls back.
        int marker = p_ < end_ ? nextMarker() : -1;
        if (marker != 0xD0 + (interval - 1) % 8)
          fail(DENSA_LJPEG_CORRUPT, "restart marker %d missing before row %d", (interval - 1) % 8, y0);
      }
      size_t length = unstuff();
      const int y1 = y0 + rowsPerInterval < h ? y0 + rowsPerInterval : h;
      size_t consumed = 0;
      // The predictor is a template argument so the per-sample loop has no switch.
      switch (predictor_) {
        case 1: consumed = decodeRows<1>(out, y0, y1, prev, cur); break;
        case 2: consumed = decodeRows<2>(out, y0, y1, prev, cur); break;
        case 3: consumed = decodeRows<3>(out, y0, y1, prev, cur); break;
        case 4: consumed = decodeRows<4>(out, y0, y1, prev, cur); break;
        case 5: consumed = decodeRows<5>(out, y0, y1, prev, cur); break;
        case 6: consumed = decodeRows<6>(out, y0, y1, prev, cur); break;
        default: consumed = decodeRows<7>(out, y0, y1, prev, cur); break;
      }
      if (consumed > length * 8)
        fail(DENSA_LJPEG_CORRUPT, "the entropy-coded data ends early (%zu of %zu bytes needed)", (consumed + 7) / 8,
             length);
    }
  }

  // Rows y0..<y1 of one restart interval from segment_; returns the bits read. prev and cur are
  // swapped after each row, so on return prev holds the last row.
  template <int Predictor>
  size_t decodeRows(uint16_t *out, int y0, int y1, uint16_t *&prev, uint16_t *&cur) {
    const int w = width_;
    const int initial = 1 << (precision_ - pointTransform_ - 1);
    const int pt = pointTransform_;
    const Huffman &t = *table_;
    const uint8_t *s = segment_.data(), *limit = segment_.data() + segment_.size() - 4;
    uint64_t acc = 0;
    int bits = 0;
    size_t phantom = 0;  // zero bits supplied past the segment's end
    for (int y = y0; y < y1; y++) {
      for (int x = 0; x < w; x++) {
        if (bits < 32) {
          if (s <= limit) {
            uint32_t word = ((uint32_t)s[0] << 24) | ((uint32_t)s[1] << 16) | ((uint32_t)s[2] << 8) | s[3];
            acc |= (uint64_t)word << (32 - bits);
            s += 4;
          } else {
            phantom += 32;  // past the end these are zeros; the caller's length check catches it
          }
          bits += 32;
        }
        int ssss, l;
        uint16_t entry = t.fast[acc >> (64 - kLookahead)];
        if (entry) {
          l = entry >> 8;
          ssss = entry & 0xFF;
        } else {
          l = kLookahead + 1;
          int32_t code = (int32_t)(acc >> (64 - l));
          while (code > t.maxcode[l]) {
            l++;
            code = (int32_t)(acc >> (64 - l));
          }
          if (l > 16) fail(DENSA_LJPEG_CORRUPT, "no Huffman code matches at row %d", y);
          ssss = t.values[t.valoffset[l] + code];
        }
        acc <<= l;
        bits -= l;
        int diff;
        if (ssss == 0) {
          diff = 0;
        } else if (ssss < 16) {
          int v = (int)(acc >> (64 - ssss));
          acc <<= ssss;
          bits -= ssss;
          diff = v < (1 << (ssss - 1)) ? v - (1 << ssss) + 1 : v;
        } else if (ssss == 16) {
          diff = 32768;  // T.81 H.1.2.2: no extra bits
        } else {
          fail(DENSA_LJPEG_CORRUPT, "difference category %d at row %d", ssss, y);
        }
        int predicted;
        if (y == y0) {
          predicted = x == 0 ? initial : cur[x - 1];  // the first row of a scan or interval
        } else if (x == 0) {
          predicted = prev[0];
        } else {
          int ra = cur[x - 1], rb = prev[x], rc = prev[x - 1];
          if (Predictor == 1) predicted = ra;
          else if (Predictor == 2) predicted = rb;
          else if (Predictor == 3) predicted = rc;
          else if (Predictor == 4) predicted = ra + rb - rc;
          else if (Predictor == 5) predicted = ra + ((rb - rc) >> 1);
          else if (Predictor == 6) predicted = rb + ((ra - rc) >> 1);
          else predicted = (ra + rb) >> 1;
        }
        cur[x] = (uint16_t)((predicted + diff) & 0xFFFF);
      }
      uint16_t *o = out + (size_t)y * w;
      if (pt == 0) {
        std::memcpy(o, cur, (size_t)w * sizeof(uint16_t));
      } else {
        for (int x = 0; x < w; x++) o[x] = (uint16_t)(cur[x] << pt);
      }
      uint16_t *swap = prev;
      prev = cur;
      cur = swap;
    }
    return (size_t)(s - segment_.data()) * 8 + phantom - (size_t)bits;
  }
};

}  // namespace

extern "C" int densa_ljpeg_decode(const uint8_t *bytes, size_t length, uint16_t *out, int width, int height,
                                  char *error, size_t error_len) {
  if (error && error_len) error[0] = 0;
  if (!bytes || !out || width <= 0 || height <= 0) {
    if (error && error_len) snprintf(error, error_len, "nothing to decode");
    return DENSA_LJPEG_CORRUPT;
  }
  Decoder decoder(error, error_len);
  try {
    return decoder.decode(bytes, length, out, width, height);
  } catch (const Failure &f) {
    return f.code;
  } catch (const std::bad_alloc &) {
    if (error && error_len) snprintf(error, error_len, "out of memory");
    return DENSA_LJPEG_CORRUPT;
  }
}
