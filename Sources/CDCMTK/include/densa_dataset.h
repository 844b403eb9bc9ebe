/* A DICOM dataset built or read element by element, over DCMTK's DcmFileFormat.
 * Plain C so Swift can call it; every function that can fail returns 0 on success and writes a
 * human-readable reason into `error` (at most `error_len` bytes, NUL-terminated). */
#ifndef DENSA_DATASET_H
#define DENSA_DATASET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct densa_dataset densa_dataset;

/** A new, empty dataset. */
densa_dataset *densa_dataset_new(void);

/** Releases a dataset from densa_dataset_new or densa_dataset_load. */
void densa_dataset_free(densa_dataset *ds);

/** Puts a string value (multiple values separated by backslash) into the current item. The VR
 * comes from DCMTK's data dictionary. */
int densa_dataset_put_string(densa_dataset *ds, uint16_t group, uint16_t element, const char *value,
                             char *error, size_t error_len);

/** Appends a new item to the sequence (group,element) of the current item and makes it current. */
int densa_dataset_begin_item(densa_dataset *ds, uint16_t group, uint16_t element, char *error,
                             size_t error_len);

/** Makes the item that contains the current one current again. */
int densa_dataset_end_item(densa_dataset *ds, char *error, size_t error_len);

/** Puts native Pixel Data: `count` samples, stored as 16-bit words when bits_allocated is 16, bytes
 * when 8. */
int densa_dataset_put_pixels(densa_dataset *ds, const uint16_t *samples, size_t count, int bits_allocated,
                             char *error, size_t error_len);

/** Puts native 8-bit Pixel Data: `count` bytes (an RGB picture's samples, say), with no widening. */
int densa_dataset_put_pixel_bytes(densa_dataset *ds, const uint8_t *samples, size_t count, char *error,
                                  size_t error_len);

/** Puts already-encoded Pixel Data as one encapsulated fragment (with an empty offset table). */
int densa_dataset_put_encapsulated(densa_dataset *ds, const uint8_t *bytes, size_t length, const char *ts_uid,
                                   char *error, size_t error_len);

/** Saves as a DICOM Part 10 file in the transfer syntax `ts_uid`, compressing through DCMTK's
 * codecs (JPEG, JPEG-LS, RLE) when needed. `quality` is the JPEG quality (1-100) for lossy JPEG,
 * or the JPEG-LS NEAR value for near-lossless. */
int densa_dataset_save(densa_dataset *ds, const char *path, const char *ts_uid, int quality, char *error,
                       size_t error_len);

/** Loads a file. With `header_only`, reading stops before Pixel Data. Returns NULL on failure. */
densa_dataset *densa_dataset_load(const char *path, int header_only, char *error, size_t error_len);

/** The transfer syntax UID the file was stored in. */
int densa_dataset_transfer_syntax(densa_dataset *ds, char *out, size_t out_len);

/** Looks up an attribute by a DCMTK path such as "ViewCodeSequence[0].CodeValue" or
 * "(0054,0220)[0].(0008,0100)". Returns 1 and all values joined by backslash when found, 0 when
 * absent. */
int densa_dataset_get_string(densa_dataset *ds, const char *path, char *out, size_t out_len);

/** Puts 16-bit values (US or OW, as the dictionary says) into the current item: LUT Data. */
int densa_dataset_put_u16_array(densa_dataset *ds, uint16_t group, uint16_t element, const uint16_t *values,
                                size_t count, char *error, size_t error_len);

/** Reads up to `max` 16-bit values of the attribute at `path` (US or OW alike). Returns the number
 * of values, or -1 when absent. */
long densa_dataset_get_u16_array(densa_dataset *ds, const char *path, uint16_t *out, size_t max);

/** Whether Pixel Data is present. */
int densa_dataset_has_pixels(densa_dataset *ds);

/** Decodes Pixel Data to native samples through DCMTK's codecs (not JPEG 2000). `out` receives
 * `count` samples (rows*columns); 8-bit data is widened. Sign is not interpreted. */
int densa_dataset_decode_pixels(densa_dataset *ds, uint16_t *out, size_t count, char *error, size_t error_len);

/** The encapsulated Pixel Data's first frame, all fragments concatenated (for codecs DCMTK lacks).
 * Call with out = NULL to learn the length. Returns the length, or -1 with `error` set. */
long densa_dataset_encapsulated_frame(densa_dataset *ds, uint8_t *out, size_t out_len, char *error,
                                      size_t error_len);

#ifdef __cplusplus
}
#endif

#endif
