/* C API over DCMTK for densa's Swift DICOM module. Plain C: no C++ types cross this line. */
#ifndef DENSA_DCMTK_H
#define DENSA_DCMTK_H

#ifdef __cplusplus
extern "C" {
#endif

/** DCMTK's version string, e.g. "3.6.7". */
const char *densa_dcmtk_version(void);

#ifdef __cplusplus
}
#endif

#endif
