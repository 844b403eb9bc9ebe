/* Umbrella header of the CDCMTK module. */
#include "densa_dcmtk.h"
#include "densa_dataset.h"
#include "densa_j2k.h"
#include "densa_jpegls.h"
#include "densa_ljpeg.h"
#include "densa_net.h"
