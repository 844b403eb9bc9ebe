// How the process's heap keeps view-sized decode buffers (densa_heap.h).
#include "densa_heap.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

extern "C" int densa_keep_large_buffers_in_heap(int mmap_limit, int trim_limit) {
#if defined(__GLIBC__)
  return mallopt(M_MMAP_THRESHOLD, mmap_limit) == 1 && mallopt(M_TRIM_THRESHOLD, trim_limit) == 1;
#else
  (void)mmap_limit;
  (void)trim_limit;
  return 0;
#endif
}
