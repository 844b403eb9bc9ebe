#include "densa_dcmtk.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcuid.h"

const char *densa_dcmtk_version(void) { return OFFIS_DCMTK_VERSION_STRING; }
