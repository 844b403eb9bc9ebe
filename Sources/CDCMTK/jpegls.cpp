// JPEG-LS of one grayscale component (see densa_jpegls.h), ITU-T T.87 Annex A in decoder form:
// the scan is copied once up to its closing marker so the bit reader needs no end test per
// byte, the gradients are quantised by one table, the Golomb parameter comes from two bit scans
// and runs are filled a segment at a time. The arithmetic follows T.87 (and CharLS) exactly, so
// the samples are the ones every conforming decoder gives.
#include "densa_jpegls.h"

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace {

// T.87 A.7.1.1: the run length order of each run index.
constexpr int kJ[32] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15};

struct Failure {
  int code;
};

struct Context {  // T.87 A.2: the statistics of one regular-mode context
  int32_t a, b, c, n;
};

struct RunContext {  // T.87 A.7.2: the statistics of one run-interruption context
  int32_t a, n, nn;
};

// The smallest k with n << k >= a (T.87 A.5.1), from the operands' leading bits.
inline int golombParameter(int32_t n, int32_t a) {
  if (n >= a) return 0;
  int k = __builtin_clz((uint32_t)n) - __builtin_clz((uint32_t)a);
  return ((int64_t)n << k) < a ? k + 1 : k;
}

// The bit reader over a scan's bytes (with 8 zero bytes after them). A plain value: the decoding
// loops work on a local copy, which the compiler keeps in registers (as members of the decoder,
// every update went through memory, behind the stores of the samples it could not tell apart).
struct BitReader {
  const uint8_t *s = nullptr, *end = nullptr;
  uint64_t acc = 0;     // the next bits, most significant first
  int bits = 0;         // how many of acc's top bits are valid
  bool afterFF = false;
  size_t phantom = 0;   // zero bits supplied past the scan's end

  // At least 32 valid bits in acc afterwards (zeros past the scan's end, counted in phantom).
  inline __attribute__((always_inline)) void refill() {
    if (!afterFF && s + 4 <= end) {
      uint32_t w = ((uint32_t)s[0] << 24) | ((uint32_t)s[1] << 16) | ((uint32_t)s[2] << 8) | s[3];
      uint32_t inverted = ~w;
      if (((inverted - 0x01010101u) & ~inverted & 0x80808080u) == 0) {  // no 0xFF among the four
        acc |= (uint64_t)w << (32 - bits);
        bits += 32;
        s += 4;
        return;
      }
    }
    while (bits <= 56) {
      if (s >= end) {
        phantom += 64 - bits;
        bits = 64;  // acc's low bits are already zero
        return;
      }
      uint8_t b = *s++;
      if (afterFF) {  // a stuffed zero bit, then seven bits
        acc |= (uint64_t)b << (57 - bits);
        bits += 7;
      } else {
        acc |= (uint64_t)b << (56 - bits);
        bits += 8;
      }
      afterFF = b == 0xFF;
    }
  }

  inline int readBits(int n) {  // 1 <= n <= 32, after a refill
    int v = (int)(acc >> (64 - n));
    acc <<= n;
    bits -= n;
    return v;
  }

  inline int readBit() {
    if (bits < 32) refill();
    return readBits(1);
  }

  // Bits read past the scan's end (the zeros refill supplied and the decoder used).
  size_t overrun() const { return phantom > (size_t)bits ? phantom - (size_t)bits : 0; }
};

class Decoder {
 public:
  Decoder(char *error, size_t error_len) : error_(error), errorLen_(error_len) {}

  [[noreturn]] void fail(int code, const char *format, ...) __attribute__((format(printf, 3, 4))) {
    // A damaged value read from the zeros past a truncated scan is the truncation's doing: say so.
    if (code == DENSA_JPEGLS_CORRUPT && reader_.overrun() > 0) {
      if (error_ && errorLen_ > 0) snprintf(error_, errorLen_, "the scan's data ends %zu bits early", reader_.overrun());
      throw Failure{code};
    }
    if (error_ && errorLen_ > 0) {
      va_list args;
      va_start(args, format);
      vsnprintf(error_, errorLen_, format, args);
      va_end(args);
    }
    throw Failure{code};
  }

  // Reads the stream up to its scan and makes ready to decode it (decodeScan, or decodePair for
  // two decoders at once).
  int start(const uint8_t *bytes, size_t length, uint16_t *out, int width, int height) {
    data_ = bytes;
    end_ = bytes + length;
    if (length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) fail(DENSA_JPEGLS_CORRUPT, "no JPEG start of image");
    p_ = bytes + 2;
    bool haveFrame = false;
    for (;;) {
      int marker = nextMarker();
      if (marker == 0xD9) fail(DENSA_JPEGLS_CORRUPT, "the stream ends before its scan");
      if (marker == 0xF7) {
        readFrame(width, height);
        haveFrame = true;
      } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        fail(DENSA_JPEGLS_UNSUPPORTED, "JPEG process with marker FF%02X, not JPEG-LS (FFF7)", marker);
      } else if (marker == 0xF8) {
        readPresets();
      } else if (marker == 0xDD) {
        size_t n = segmentLength();
        if (n < 2) fail(DENSA_JPEGLS_CORRUPT, "DRI segment of %zu bytes", n + 2);
        unsigned interval = 0;
        for (size_t i = 0; i < n; i++) interval = (interval << 8) | p_[i];
        if (interval != 0) fail(DENSA_JPEGLS_UNSUPPORTED, "restart interval %u", interval);
        p_ += n;
      } else if (marker == 0xDA) {
        if (!haveFrame) fail(DENSA_JPEGLS_CORRUPT, "scan before the frame header");
        readScanHeader();
        startScan(out);
        // One component, one scan: what follows (EOI, padding) does not change the samples.
        return DENSA_JPEGLS_OK;
      } else if (marker >= 0xD0 && marker <= 0xD7) {
        fail(DENSA_JPEGLS_CORRUPT, "restart marker outside a scan");
      } else if (marker == 0x01) {
        // TEM: no length.
      } else {
        p_ += segmentLength();  // APPn, COM and the rest: skipped
      }
    }
  }

 private:
  char *error_;
  size_t errorLen_;
  const uint8_t *data_ = nullptr, *end_ = nullptr, *p_ = nullptr;
  int precision_ = 0, width_ = 0, height_ = 0, componentID_ = 0;
  int maxval_ = 0, t1_ = 0, t2_ = 0, t3_ = 0, reset_ = 0;  // 0: the default (LSE id 1 may set them)
  int near_ = 0, range_ = 0, qbpp_ = 0, limit_ = 0;
  std::vector<int8_t> quantised_;  // gradient + maxval_ → its region −4…4
  Context contexts_[365];
  RunContext runContexts_[2];
  int runIndex_ = 0;

  // The scan's bytes and 8 zero bytes after them, and where the bit reader is in them (between lines).
  std::vector<uint8_t> segment_;
  BitReader reader_;

  int nextMarker() {
    if (p_ >= end_ || *p_ != 0xFF) fail(DENSA_JPEGLS_CORRUPT, "expected a marker at byte %zu", (size_t)(p_ - data_));
    while (p_ < end_ && *p_ == 0xFF) p_++;  // fill bytes
    if (p_ >= end_) fail(DENSA_JPEGLS_CORRUPT, "the stream ends inside a marker");
    return *p_++;
  }

  // The length of the segment that starts at p_, less its own two bytes; p_ moves past them.
  size_t segmentLength() {
    if (end_ - p_ < 2) fail(DENSA_JPEGLS_CORRUPT, "the stream ends inside a segment length");
    size_t n = (size_t)((p_[0] << 8) | p_[1]);
    if (n < 2 || (size_t)(end_ - p_) < n) fail(DENSA_JPEGLS_CORRUPT, "a segment runs past the end of the stream");
    p_ += 2;
    return n - 2;
  }

  void readFrame(int width, int height) {
    size_t n = segmentLength();
    if (n < 6) fail(DENSA_JPEGLS_CORRUPT, "frame header of %zu bytes", n + 2);
    precision_ = p_[0];
    height_ = (p_[1] << 8) | p_[2];
    width_ = (p_[3] << 8) | p_[4];
    int components = p_[5];
    if (components != 1) fail(DENSA_JPEGLS_UNSUPPORTED, "%d components", components);
    if (n < 9) fail(DENSA_JPEGLS_CORRUPT, "frame header of %zu bytes for one component", n + 2);
    componentID_ = p_[6];
    if (p_[7] != 0x11) fail(DENSA_JPEGLS_UNSUPPORTED, "sampling factors %d x %d", p_[7] >> 4, p_[7] & 15);
    if (precision_ < 2 || precision_ > 16) fail(DENSA_JPEGLS_CORRUPT, "sample precision %d bits", precision_);
    if (height_ == 0) fail(DENSA_JPEGLS_UNSUPPORTED, "the height is given later in the stream");
    if (width_ != width || height_ != height)
      fail(DENSA_JPEGLS_CORRUPT, "the JPEG-LS frame is %d x %d pixels but %d x %d were expected", width_, height_,
           width, height);
    p_ += n;
  }

  // LSE (T.87 C.2.4.1): preset coding parameters; mapping tables and the rest are declined.
  void readPresets() {
    size_t n = segmentLength();
    if (n < 1) fail(DENSA_JPEGLS_CORRUPT, "empty LSE segment");
    if (p_[0] != 1) fail(DENSA_JPEGLS_UNSUPPORTED, "LSE segment of type %d (only preset parameters are read)", p_[0]);
    if (n != 11) fail(DENSA_JPEGLS_CORRUPT, "preset parameters segment of %zu bytes", n + 2);
    auto u16 = [&](int i) { return (p_[i] << 8) | p_[i + 1]; };
    maxval_ = u16(1);
    t1_ = u16(3);
    t2_ = u16(5);
    t3_ = u16(7);
    reset_ = u16(9);
    p_ += n;
  }

  void readScanHeader() {
    size_t n = segmentLength();
    if (n < 1 || p_[0] != 1) fail(DENSA_JPEGLS_UNSUPPORTED, "a scan of %d components", n < 1 ? 0 : p_[0]);
    if (n != 6) fail(DENSA_JPEGLS_CORRUPT, "scan header of %zu bytes", n + 2);
    if (p_[1] != componentID_) fail(DENSA_JPEGLS_CORRUPT, "the scan names component %d, not the frame's", p_[1]);
    if (p_[2] != 0) fail(DENSA_JPEGLS_UNSUPPORTED, "mapping table %d", p_[2]);
    near_ = p_[3];
    int ilv = p_[4], al = p_[5] & 15;
    // With one component, line and sample interleaving code the same bits as none (DCMTK writes 1).
    if (ilv > 2) fail(DENSA_JPEGLS_CORRUPT, "interleave mode %d", ilv);
    if (al != 0) fail(DENSA_JPEGLS_UNSUPPORTED, "point transform %d", al);
    p_ += n;
    setParameters();
  }

  static int clampThreshold(int i, int j, int maxval) { return i > maxval || i < j ? j : i; }

  // T.87 A.2.1 and C.2.4.1.1: the derived parameters, the defaults where none were preset.
  void setParameters() {
    int ceiling = (1 << precision_) - 1;
    if (maxval_ == 0) maxval_ = ceiling;
    if (maxval_ > ceiling) fail(DENSA_JPEGLS_CORRUPT, "MAXVAL %d for %d-bit samples", maxval_, precision_);
    int maxNear = maxval_ / 2 < 255 ? maxval_ / 2 : 255;
    if (near_ > maxNear) fail(DENSA_JPEGLS_CORRUPT, "NEAR %d for MAXVAL %d", near_, maxval_);
    int d1, d2, d3;
    if (maxval_ >= 128) {
      int factor = ((maxval_ < 4095 ? maxval_ : 4095) + 128) >> 8;
      d1 = clampThreshold(factor * (3 - 2) + 2 + 3 * near_, near_ + 1, maxval_);
      d2 = clampThreshold(factor * (7 - 3) + 3 + 5 * near_, d1, maxval_);
      d3 = clampThreshold(factor * (21 - 4) + 4 + 7 * near_, d2, maxval_);
    } else {
      int factor = 256 / (maxval_ + 1);
      auto atLeast = [](int v, int m) { return v > m ? v : m; };
      d1 = clampThreshold(atLeast(3 / factor + 3 * near_, 2), near_ + 1, maxval_);
      d2 = clampThreshold(atLeast(7 / factor + 5 * near_, 3), d1, maxval_);
      d3 = clampThreshold(atLeast(21 / factor + 7 * near_, 4), d2, maxval_);
    }
    if (t1_ == 0) t1_ = d1;
    if (t2_ == 0) t2_ = d2;
    if (t3_ == 0) t3_ = d3;
    if (reset_ == 0) reset_ = 64;
    if (!(near_ + 1 <= t1_ && t1_ <= t2_ && t2_ <= t3_ && t3_ <= maxval_))
      fail(DENSA_JPEGLS_CORRUPT, "thresholds %d, %d, %d for NEAR %d and MAXVAL %d", t1_, t2_, t3_, near_, maxval_);
    if (reset_ < 3) fail(DENSA_JPEGLS_CORRUPT, "RESET %d", reset_);
    range_ = (maxval_ + 2 * near_) / (2 * near_ + 1) + 1;
    qbpp_ = 0;
    while ((1 << qbpp_) < range_) qbpp_++;
    int bpp = 2;
    while ((1 << bpp) < maxval_ + 1) bpp++;
    limit_ = 2 * (bpp + (bpp > 8 ? bpp : 8));
    quantised_.resize(2 * (size_t)maxval_ + 1);
    for (int d = -maxval_; d <= maxval_; d++) {
      int q;
      if (d <= -t3_) q = -4;
      else if (d <= -t2_) q = -3;
      else if (d <= -t1_) q = -2;
      else if (d < -near_) q = -1;
      else if (d <= near_) q = 0;
      else if (d < t1_) q = 1;
      else if (d < t2_) q = 2;
      else if (d < t3_) q = 3;
      else q = 4;
      quantised_[(size_t)(d + maxval_)] = (int8_t)q;
    }
    int a = (range_ + 32) / 64;
    if (a < 2) a = 2;
    for (Context &c : contexts_) c = Context{a, 0, 0, 1};
    for (RunContext &r : runContexts_) r = RunContext{a, 1, 0};
    runIndex_ = 0;
  }

  // The scan's bytes up to the marker that ends it (0xFF then a byte with its top bit set; an
  // 0xFF followed by a byte below 0x80 is data, T.87 A.1), zero-padded for the bit reader.
  void collectScan() {
    const uint8_t *q = p_;
    for (;;) {
      const uint8_t *ff = (const uint8_t *)std::memchr(q, 0xFF, (size_t)(end_ - q));
      if (!ff || ff + 1 >= end_) {
        q = end_;
        break;
      }
      if (ff[1] >= 0x80) {
        q = ff;
        break;
      }
      q = ff + 1;
    }
    segment_.assign(p_, q);
    segment_.resize(segment_.size() + 8, 0);
    reader_ = BitReader{};
    reader_.s = segment_.data();
    reader_.end = segment_.data() + (segment_.size() - 8);
    p_ = q;
  }

  // A Golomb-coded value of parameter k with code length limit `limit` (T.87 A.5.3).
  inline __attribute__((always_inline)) int decodeValue(BitReader &r, int k, int limit) {
    int unary = 0;
    for (;;) {
      if (r.bits < 32) r.refill();
      int z = r.acc ? __builtin_clzll(r.acc) : 64;
      if (z < r.bits) {
        unary += z;
        r.acc <<= z;
        r.acc <<= 1;
        r.bits -= z + 1;
        break;
      }
      unary += r.bits;
      r.acc = 0;
      r.bits = 0;
      if (unary > limit) corrupt(r, "a code longer than %d bits", limit);
    }
    int escape = limit - qbpp_ - 1;
    if (r.bits < 32) r.refill();
    if (unary < escape) return k ? (unary << k) + r.readBits(k) : unary;
    if (unary > escape) corrupt(r, "a code longer than %d bits", limit);
    return r.readBits(qbpp_) + 1;
  }

  // A damaged stream found while decoding: the reader's state goes back to reader_ first, so
  // that the message can tell a truncation from other damage.
  [[noreturn]] __attribute__((noinline, cold, format(printf, 3, 4))) void corrupt(const BitReader &r,
                                                                                const char *format, ...) {
    reader_ = r;
    if (reader_.overrun() == 0 && error_ && errorLen_ > 0) {
      va_list args;
      va_start(args, format);
      vsnprintf(error_, errorLen_, format, args);
      va_end(args);
      throw Failure{DENSA_JPEGLS_CORRUPT};
    }
    fail(DENSA_JPEGLS_CORRUPT, "damage");  // fail names the truncation
  }

  // T.87 A.4.2 (modulo reduction) and A.4.1's clamp, from the predicted value and the error.
  inline int reconstruct(int v) const {
    if (v < -near_) v += range_ * (2 * near_ + 1);
    else if (v > maxval_ + near_) v -= range_ * (2 * near_ + 1);
    return v < 0 ? 0 : v > maxval_ ? maxval_ : v;
  }

  void startScan(uint16_t *out) {
    collectScan();
    out_ = out;
    // Two lines with one sample of border on each side (index 0 and w + 1).
    lines_.assign(2 * ((size_t)width_ + 2), 0);
    prev_ = lines_.data();
    cur_ = lines_.data() + width_ + 2;
    y_ = 0;
  }

 public:
  bool lossless() const { return near_ == 0; }
  bool finished() const { return y_ >= height_; }

  void decodeScan() {
    if (near_ == 0) {
      BitReader r = reader_;
      while (y_ < height_) decodeLine<true>(r);
      reader_ = r;
    } else {
      BitReader r = reader_;
      while (y_ < height_) decodeLine<false>(r);
      reader_ = r;
    }
    finish();
  }

  // Two scans decoded a sample of each in turn: each scan's samples depend on the one before, so
  // one scan keeps a core waiting on that chain; two independent chains fill the waits.
  template <bool Lossless>
  static void decodePair(Decoder &a, Decoder &b) {
    BitReader ra = a.reader_, rb = b.reader_;
    while (a.y_ < a.height_ && b.y_ < b.height_) {
      a.beginLine();
      b.beginLine();
      int xa = 1, xb = 1;
      const int wa = a.width_, wb = b.width_;
      while (xa <= wa && xb <= wb) {
        xa = a.step<Lossless>(ra, xa);
        xb = b.step<Lossless>(rb, xb);
      }
      while (xa <= wa) xa = a.step<Lossless>(ra, xa);
      while (xb <= wb) xb = b.step<Lossless>(rb, xb);
      a.endLine();
      b.endLine();
    }
    while (a.y_ < a.height_) a.decodeLine<Lossless>(ra);
    while (b.y_ < b.height_) b.decodeLine<Lossless>(rb);
    a.reader_ = ra;
    b.reader_ = rb;
    a.finish();
    b.finish();
  }

 private:
  uint16_t *out_ = nullptr;
  std::vector<int32_t> lines_;
  int32_t *prev_ = nullptr, *cur_ = nullptr;
  int y_ = 0;

  void beginLine() {
    prev_[width_ + 1] = prev_[width_];  // Rd past the end is the last Rb
    cur_[0] = prev_[1];                 // Ra before the start is Rb; so Rc there is the Ra of the line above
  }

  void endLine() {
    uint16_t *o = out_ + (size_t)y_ * width_;
    for (int x = 0; x < width_; x++) o[x] = (uint16_t)cur_[x + 1];
    int32_t *swap = prev_;
    prev_ = cur_;
    cur_ = swap;
    y_++;
  }

  template <bool Lossless>
  void decodeLine(BitReader &r) {
    beginLine();
    const int w = width_;
    for (int x = 1; x <= w;) x = step<Lossless>(r, x);
    endLine();
  }

  void finish() {
    // Once the reader ran past the end, every byte was read: it used the overrun's bits too many.
    if (reader_.overrun() > 0) fail(DENSA_JPEGLS_CORRUPT, "the scan's data ends %zu bits early", reader_.overrun());
  }

  // One sample in regular mode, or a run and its interruption sample, from sample x (1-based) of
  // the line; returns the next sample's x. Lossless (NEAR 0) is a template argument so the
  // near-lossless terms drop out.
  template <bool Lossless>
  inline __attribute__((always_inline)) int step(BitReader &r, int x) {
    const int32_t *prev = prev_;
    int32_t *cur = cur_;
    const int y = y_;
    const int near = Lossless ? 0 : near_;
    const int step = 2 * near + 1;
    const int maxval = maxval_;
    const int8_t *q = quantised_.data() + maxval;
    {
      int ra = cur[x - 1], rb = prev[x], rc = prev[x - 1], rd = prev[x + 1];
      int qs = 81 * q[rd - rb] + 9 * q[rb - rc] + q[rc - ra];
      if (qs == 0) return runMode<Lossless>(r, prev, cur, x, y);
      int sign = qs >> 31;  // 0 or -1
      Context &c = contexts_[(qs ^ sign) - sign];
      int k = golombParameter(c.n, c.a);
      int predicted;
      if (rc >= (ra > rb ? ra : rb)) predicted = ra < rb ? ra : rb;
      else if (rc <= (ra < rb ? ra : rb)) predicted = ra > rb ? ra : rb;
      else predicted = ra + rb - rc;
      predicted += (c.c ^ sign) - sign;
      predicted = predicted < 0 ? 0 : predicted > maxval ? maxval : predicted;
      if (k > 24) corrupt(r, "Golomb parameter %d at line %d", k, y);
      int m = decodeValue(r, k, limit_);
      int e = (m >> 1) ^ -(m & 1);
      if (Lossless && k == 0 && 2 * c.b + c.n - 1 < 0) e = ~e;
      if (e > 65535 || e < -65535) corrupt(r, "error value %d at line %d", e, y);
      // T.87 A.6: the context's statistics, then its bias correction.
      int a = c.a + (e < 0 ? -e : e), b = c.b + e * step, n = c.n;
      if (n == reset_) {
        a >>= 1;
        b >>= 1;
        n >>= 1;
      }
      n += 1;
      c.a = a;
      c.n = n;
      if (b + n <= 0) {
        b += n;
        if (b <= -n) b = -n + 1;
        if (c.c > -128) c.c--;
      } else if (b > 0) {
        b -= n;
        if (b > 0) b = 0;
        if (c.c < 127) c.c++;
      }
      c.b = b;
      e = (e ^ sign) - sign;
      if (Lossless) {
        // RANGE is MAXVAL + 1 when NEAR is 0 and the sum lies within one RANGE of it.
        int v = predicted + e;
        if (v < 0) v += range_;
        else if (v > maxval) v -= range_;
        cur[x] = v < 0 ? 0 : v > maxval ? maxval : v;
      } else {
        cur[x] = reconstruct(predicted + e * step);
      }
      return x + 1;
    }
  }

  // Run mode from sample x (1-based in the line) to the run's end and its interruption sample,
  // T.87 A.7; returns the next sample to decode.
  template <bool Lossless>
  inline __attribute__((always_inline)) int runMode(BitReader &r, const int32_t *prev, int32_t *cur, int x, int y) {
    const int w = width_;
    const int near = Lossless ? 0 : near_;
    const int ra = cur[x - 1];
    const int remaining = w - x + 1;
    int length = 0;
    while (r.readBit()) {
      int segment = 1 << kJ[runIndex_];
      int count = segment < remaining - length ? segment : remaining - length;
      length += count;
      if (count == segment && runIndex_ < 31) runIndex_++;
      if (length == remaining) break;
    }
    if (length != remaining) {
      if (kJ[runIndex_] > 0) {
        if (r.bits < 32) r.refill();
        length += r.readBits(kJ[runIndex_]);
      }
      if (length >= remaining) corrupt(r, "a run past the end of line %d", y);
    }
    for (int i = 0; i < length; i++) cur[x + i] = ra;
    x += length;
    if (x > w) return x;
    // The run interruption sample (T.87 A.7.2).
    const int rb = prev[x];
    const int diff = ra - rb;
    const int type = (diff <= near && diff >= -near) ? 1 : 0;
    RunContext &rc = runContexts_[type];
    int k = golombParameter(rc.n, rc.a + (type ? rc.n >> 1 : 0));
    if (k > 24) corrupt(r, "Golomb parameter %d at line %d", k, y);
    int em = decodeValue(r, k, limit_ - kJ[runIndex_] - 1);
    int temp = em + type;
    int map = temp & 1;
    int magnitude = (temp + map) >> 1;
    int e = ((k != 0 || 2 * rc.nn >= rc.n) == (map != 0)) ? -magnitude : magnitude;
    if (e > 65535 || e < -65535) corrupt(r, "error value %d at line %d", e, y);
    if (e < 0) rc.nn++;
    rc.a += (em + 1 - type) >> 1;
    if (rc.n == reset_) {
      rc.a >>= 1;
      rc.n >>= 1;
      rc.nn >>= 1;
    }
    rc.n++;
    const int step = 2 * near + 1;
    if (type) cur[x] = reconstruct(ra + e * step);
    else cur[x] = reconstruct(rb + (rb - ra >= 0 ? e : -e) * step);
    if (runIndex_ > 0) runIndex_--;
    return x + 1;
  }
};

}  // namespace

extern "C" int densa_jpegls_decode(const uint8_t *bytes, size_t length, uint16_t *out, int width, int height,
                                   char *error, size_t error_len) {
  if (error && error_len) error[0] = 0;
  if (!bytes || !out || width <= 0 || height <= 0) {
    if (error && error_len) snprintf(error, error_len, "nothing to decode");
    return DENSA_JPEGLS_CORRUPT;
  }
  Decoder decoder(error, error_len);
  try {
    decoder.start(bytes, length, out, width, height);
    decoder.decodeScan();
    return DENSA_JPEGLS_OK;
  } catch (const Failure &f) {
    return f.code;
  } catch (const std::bad_alloc &) {
    if (error && error_len) snprintf(error, error_len, "out of memory");
    return DENSA_JPEGLS_CORRUPT;
  }
}

extern "C" void densa_jpegls_decode_pair(densa_jpegls_frame *first, densa_jpegls_frame *second) {
  densa_jpegls_frame *frames[2] = {first, second};
  for (densa_jpegls_frame *f : frames) {
    f->status = DENSA_JPEGLS_CORRUPT;
    f->together = 0;
    if (f->error && f->error_len) f->error[0] = 0;
  }
  bool together = false;
  try {
    Decoder a(nullptr, 0), b(nullptr, 0);
    if (first->bytes && first->out && first->width > 0 && first->height > 0 && second->bytes && second->out &&
        second->width > 0 && second->height > 0) {
      a.start(first->bytes, first->length, first->out, first->width, first->height);
      b.start(second->bytes, second->length, second->out, second->width, second->height);
      if (a.lossless() == b.lossless()) {
        if (a.lossless()) Decoder::decodePair<true>(a, b);
        else Decoder::decodePair<false>(a, b);
        together = true;
      }
    }
  } catch (...) {
  }
  if (together) {
    first->status = second->status = DENSA_JPEGLS_OK;
    first->together = second->together = 1;
    return;
  }
  // Declined, damaged or of two kinds: each on its own, with its own status and reason.
  for (densa_jpegls_frame *f : frames)
    f->status = densa_jpegls_decode(f->bytes, f->length, f->out, f->width, f->height, f->error, f->error_len);
}
