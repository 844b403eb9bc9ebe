/* JPEG-LS (ITU-T T.87) of one grayscale component, lossless or near-lossless, the transfer
 * syntaxes 1.2.840.10008.1.2.4.80 and .81. densa decodes these itself because DCMTK's bundled
 * CharLS was the largest single cost of `densa process` (30 % of all CPU with the demo model);
 * DCMTK remains the decoder for everything this one declines. */
#ifndef DENSA_JPEGLS_H
#define DENSA_JPEGLS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Decoded. */
#define DENSA_JPEGLS_OK 0
/** A valid stream this decoder does not handle (several components, mapping tables, restart
 * intervals, a point transform, a height given later): decode it another way. */
#define DENSA_JPEGLS_UNSUPPORTED 1
/** The stream is damaged or does not match the expected size; `error` says how. */
#define DENSA_JPEGLS_CORRUPT 2

/** Decodes the JPEG-LS stream `bytes` into `out`: `width * height` reconstructed samples,
 * row-major, as T.87 defines them. The frame header must declare `width` x `height` and one
 * component. Returns one of the codes above; on any other than OK, `out` holds nothing usable. */
int densa_jpegls_decode(const uint8_t *bytes, size_t length, uint16_t *out, int width, int height, char *error,
                        size_t error_len);

/** One frame of a pair: the arguments of densa_jpegls_decode, and its result. */
typedef struct densa_jpegls_frame {
  const uint8_t *bytes;
  size_t length;
  uint16_t *out;
  int width, height;
  char *error;
  size_t error_len;
  int status; /**< set by densa_jpegls_decode_pair: one of the codes above */
  int together; /**< set by densa_jpegls_decode_pair: 1 where the two were decoded interleaved, 0 where one by one */
} densa_jpegls_frame;

/** Decodes two JPEG-LS streams on the calling thread, a sample of each in turn: each stream's
 * samples wait on the one before, and two independent streams fill those waits, so the pair takes
 * less time than the two one after the other. Each frame's samples and status are the ones
 * densa_jpegls_decode gives it: where either is declined or damaged, or one is lossless and the
 * other near-lossless, the two are decoded one after the other (together = 0). */
void densa_jpegls_decode_pair(densa_jpegls_frame *first, densa_jpegls_frame *second);

#ifdef __cplusplus
}
#endif

#endif
