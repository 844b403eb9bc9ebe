/* How the process's heap keeps view-sized decode buffers. */
#ifndef DENSA_HEAP_H
#define DENSA_HEAP_H

#ifdef __cplusplus
extern "C" {
#endif

/* Serves allocations up to `mmap_limit` bytes from the heap and trims the heap's top only above
   `trim_limit`, so a freed decode buffer is reused by the next view instead of being unmapped and
   faulted in, page by page, again. Returns 1 when both settings took (glibc), 0 elsewhere. */
int densa_keep_large_buffers_in_heap(int mmap_limit, int trim_limit);

#ifdef __cplusplus
}
#endif

#endif
