#include "net_common.h"

#include <mutex>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmnet/dul.h"
#include "dcmtk/oflog/oflog.h"

void densa_net_initialize() {
  static std::once_flag once;
  std::call_once(once, [] {
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    dcmDisableGethostbyaddr.set(OFTrue);
  });
}
