/* Lossless JPEG (ITU-T T.81 process 14: SOF3, Huffman coding) of one grayscale component, the
 * transfer syntaxes 1.2.840.10008.1.2.4.57 and .70. densa decodes these itself because IJG's
 * general decoder, through DCMTK, spent about 200 ms on one 3328 x 4096 view; DCMTK remains the
 * decoder for everything this one declines. */
#ifndef DENSA_LJPEG_H
#define DENSA_LJPEG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Decoded. */
#define DENSA_LJPEG_OK 0
/** A valid stream this decoder does not handle (several components, another process, a restart
 * interval that is not whole rows, a DNL height): decode it another way. */
#define DENSA_LJPEG_UNSUPPORTED 1
/** The stream is damaged or does not match the expected size; `error` says how. */
#define DENSA_LJPEG_CORRUPT 2

/** Decodes the lossless JPEG stream `bytes` into `out`: `width * height` samples, row-major, each
 * the reconstructed value shifted left by the point transform, exactly as T.81 Annex H defines them
 * (and as IJG computes them). The frame header must declare `width` x `height` and one component.
 * Returns one of the codes above; on any other than OK, `out` holds nothing usable. */
int densa_ljpeg_decode(const uint8_t *bytes, size_t length, uint16_t *out, int width, int height, char *error,
                       size_t error_len);

#ifdef __cplusplus
}
#endif

#endif
