import CDCMTK

/// How the process's heap treats the view-sized buffers that decoding allocates.
public enum DecodeBuffers {
  /// Keeps freed view-sized buffers in the heap instead of handing them back to the kernel; call
  /// once at start, before threads decode.
  ///
  /// A 4096 × 3328 view decodes into buffers of 27–54 MB, above glibc's default mmap threshold:
  /// each was mapped, faulted in page by page, zeroed by the kernel and unmapped again, view after
  /// view. Measured on `densa process` over 20 demo exams (AMD EPYC Zen 4, 2 cores): system time
  /// 0.77–1.04 s without this, 0.43–0.61 s with it (BENCHMARKS.md).
  /// - Returns: whether the heap took the settings (false off glibc).
  @discardableResult
  public static func keepInHeap() -> Bool {
    // Up to 256 MB from the heap (a 16-bit view and its float copy); trim the top above 1 GB only.
    densa_keep_large_buffers_in_heap(256 << 20, 1 << 30) == 1
  }
}
