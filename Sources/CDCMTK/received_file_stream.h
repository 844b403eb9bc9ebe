// The output stream a received data set is written through: it writes to a file descriptor and,
// when a write fails (a full disk), remembers the error and swallows the rest, so that DCMTK keeps
// reading the data set to its last PDV and the sender can be answered 0xA700.
//
// Why not DCMTK's own DcmOutputFileStream: when a write through it fails, DIMSE_receiveDataSetInFile
// calls DIMSE_ignoreDataSet to drain the data set, and when the failing fragment was already the
// last one (any object that fits in one PDV) that waits for PDVs that never come: the association
// hangs for the DIMSE timeout and is aborted, and the sender never gets its status.
#pragma once

#include <errno.h>
#include <unistd.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcostrma.h"

namespace densa {

/// Writes to `fd` (not owned) until a write fails; then accepts and drops everything.
class RememberingFileConsumer : public DcmConsumer {
 public:
  explicit RememberingFileConsumer(int fd) : fd_(fd) {}
  OFBool good() const override { return OFTrue; }
  OFCondition status() const override { return EC_Normal; }
  OFBool isFlushed() const override { return OFTrue; }
  offile_off_t avail() const override { return OFstatic_cast(offile_off_t, 1) << 30; }
  offile_off_t write(const void *buf, offile_off_t length) override {
    const char *p = static_cast<const char *>(buf);
    offile_off_t left = length;
    while (error_ == 0 && left > 0) {
      ssize_t n = ::write(fd_, p, size_t(left));
      if (n < 0) {
        if (errno != EINTR) error_ = errno;
        continue;
      }
      p += n;
      left -= n;
    }
    return length;
  }
  void flush() override {}
  /// The errno of the first failed write, 0 when every byte was written.
  int error() const { return error_; }

 private:
  int fd_;
  int error_ = 0;
};

/// A DcmOutputStream over a RememberingFileConsumer.
class ReceivedFileStream : public DcmOutputStream {
 public:
  // The base keeps the pointer only; the member is constructed right after it, before any write.
  explicit ReceivedFileStream(int fd) : DcmOutputStream(&consumer_), consumer_(fd) {}
  int error() const { return consumer_.error(); }

 private:
  RememberingFileConsumer consumer_;
};

}  // namespace densa
