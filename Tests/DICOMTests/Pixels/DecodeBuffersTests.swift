import Testing

@testable import DICOM

@Suite struct DecodeBuffersTests {
  #if canImport(Glibc)
    /// glibc refuses an mmap threshold above its limit: the values densa asks for must be taken.
    @Test func glibcTakesTheHeapSettings() {
      #expect(DecodeBuffers.keepInHeap())
    }
  #endif
}
