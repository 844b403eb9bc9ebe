/* JPEG 2000 through OpenJPEG, which DCMTK 3.6.7 lacks. Grayscale, one component. */
#ifndef DENSA_J2K_H
#define DENSA_J2K_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Encodes `width`×`height` samples of `bits` bits as a J2K codestream. ratio 0 means lossless
 * (reversible 5/3 wavelet); otherwise irreversible 9/7 at that compression ratio. The result is
 * malloc'd into *out (free with densa_j2k_free). */
int densa_j2k_encode(const uint16_t *samples, int width, int height, int bits, float ratio, uint8_t **out,
                     size_t *out_len, char *error, size_t error_len);

/** The largest image densa_j2k_decode accepts, in pixels (8192 x 8192: more than any mammography
 * detector), and the most tiles (8192 x 8192 in 128 x 128 tiles); a codestream declaring more is
 * refused from its SIZ marker before OpenJPEG allocates anything for it. */
#define DENSA_J2K_MAX_PIXELS (1 << 26)
#define DENSA_J2K_MAX_TILES 4096

/** Decodes a J2K or JP2 codestream, discarding `reduce` resolution levels (each halves the size).
 * The samples are malloc'd into *out (free with densa_j2k_free). */
int densa_j2k_decode(const uint8_t *bytes, size_t length, int reduce, uint16_t **out, int *width, int *height,
                     char *error, size_t error_len);

/** Number of resolution levels that can be discarded from a codestream (its decomposition levels). */
int densa_j2k_levels(const uint8_t *bytes, size_t length);

/** The size of the full-resolution image a codestream declares, read from its header alone, so a
 * caller can refuse one larger than it will decode before OpenJPEG allocates it. 0 on success; 1
 * for a codestream that cannot be read or is over DENSA_J2K_MAX_PIXELS / DENSA_J2K_MAX_TILES. */
int densa_j2k_size(const uint8_t *bytes, size_t length, int *width, int *height, int *components);

void densa_j2k_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
