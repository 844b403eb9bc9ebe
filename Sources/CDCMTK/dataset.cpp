// densa_dataset: DCMTK's DcmFileFormat behind a C API (see densa_dataset.h).
#include "densa_dataset.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcmetinf.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dcrleerg.h"
#include "dcmtk/dcmdata/dcrlerp.h"
#include "dcmtk/dcmdata/dcxfer.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpeg/djencode.h"
#include "dcmtk/dcmjpeg/djrplol.h"
#include "dcmtk/dcmjpeg/djrploss.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/dcmjpls/djencode.h"
#include "dcmtk/dcmjpls/djrparam.h"
#include "dcmtk/oflog/oflog.h"

struct densa_dataset {
  DcmFileFormat file;
  // The item new elements go into: the dataset, or a sequence item opened by begin_item.
  std::vector<DcmItem *> stack;
};

namespace {

void fail(char *error, size_t len, const char *what, const OFCondition &cond) {
  if (error && len) std::snprintf(error, len, "%s: %s", what, cond.text());
}

void failText(char *error, size_t len, const char *what) {
  if (error && len) std::snprintf(error, len, "%s", what);
}

// Why DCMTK could not read a file, in the words a PACS administrator uses: missing, empty, not
// DICOM at all (no "DICM" at byte 128), or a DICOM file cut short (a copy or transfer that stopped).
void explainUnreadable(const char *path, const OFCondition &cond, char *error, size_t len) {
  if (!error || !len) return;
  std::FILE *file = std::fopen(path, "rb");
  if (!file) {
    std::snprintf(error, len, "cannot open the file: %s", std::strerror(errno));
    return;
  }
  unsigned char head[132] = {0};
  size_t got = std::fread(head, 1, sizeof head, file);
  std::fseek(file, 0, SEEK_END);
  long size = std::ftell(file);
  std::fclose(file);
  bool marker = got == sizeof head && std::memcmp(head + 128, "DICM", 4) == 0;
  bool premature = cond == EC_StreamNotifyClient || cond == EC_PrematureSequDelimitationItem;
  if (size == 0) {
    std::snprintf(error, len, "empty file (0 bytes)");
  } else if (size < 132 && premature) {
    std::snprintf(error, len,
                  "too short for a DICOM file (%ld bytes; one starts with a 128-byte preamble and \"DICM\"): "
                  "truncated, or not DICOM",
                  size);
  } else if (!marker && premature) {
    std::snprintf(error, len,
                  "not a DICOM file (%ld bytes, no \"DICM\" marker at byte 128, and not a bare DICOM data set either)",
                  size);
  } else if (premature) {
    std::snprintf(error, len,
                  "truncated DICOM file: it ends at byte %ld, inside an element (an interrupted copy or transfer?)",
                  size);
  } else if (marker && cond == EC_InvalidStream) {
    std::snprintf(error, len,
                  "damaged or truncated DICOM file (%ld bytes): an element runs past the end of the data", size);
  } else {
    std::snprintf(error, len, "%s DICOM file that DCMTK cannot parse (%ld bytes): %s",
                  marker ? "a" : "possibly a bare", size, cond.text());
  }
}

// Codecs register once per process; DCMTK's registries are global.
void registerCodecs() {
  static std::once_flag once;
  std::call_once(once, [] {
    // DCMTK's own logger would print to stderr; densa reports errors itself.
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    // EUC_never: a lossy copy keeps the caller's SOP Instance UID (densa chooses UIDs itself, and
    // synthetic data must be byte-for-byte reproducible).
    DJEncoderRegistration::registerCodecs(ECC_lossyYCbCr, EUC_never);
    DJDecoderRegistration::registerCodecs();
    // No 0xFF bitstream padding: with it, DCMTK 3.6.7 leaves the odd-length pad byte uninitialised,
    // so the same image would not give the same bytes.
    DJLSEncoderRegistration::registerCodecs(0, 0, 0, 0, OFTrue, 0, OFTrue, EJLSUC_never, OFFalse,
                                            DJLSCodecParameter::interleaveDefault, OFFalse);
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEEncoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

// DCMTK 3.6.7's JPEG-LS encoder leaves the byte that pads an odd-length codestream (after the
// EOI marker) uninitialised, so the same image would not give the same file. Zero it.
void zeroPadByte(DcmDataset *d, E_TransferSyntax xfer, const DcmRepresentationParameter *param) {
  DcmElement *element = nullptr;
  if (d->findAndGetElement(DCM_PixelData, element).bad() || !element) return;
  DcmPixelSequence *sequence = nullptr;
  if (OFstatic_cast(DcmPixelData *, element)->getEncapsulatedRepresentation(xfer, param, sequence).bad() ||
      !sequence || sequence->card() < 2)
    return;
  DcmPixelItem *last = nullptr;
  if (sequence->getItem(last, sequence->card() - 1).bad() || !last) return;
  Uint8 *bytes = nullptr;
  unsigned long length = last->getLength();
  if (last->getUint8Array(bytes).good() && bytes && length >= 3 && bytes[length - 3] == 0xFF &&
      bytes[length - 2] == 0xD9)
    bytes[length - 1] = 0;
}

DcmItem *current(densa_dataset *ds) {
  if (ds->stack.empty()) ds->stack.push_back(ds->file.getDataset());
  return ds->stack.back();
}

// The leaf element at `path` ("(0054,0220)[0].(0008,0100)" or "ViewCodeSequence[0].CodeValue"),
// or NULL. Not DCMTK's DcmPathProcessor: in 3.6.7 it takes any element followed by an item index
// for a sequence, so a file whose (0054,0220) is not a sequence sends it through a bad vtable
// (found by fuzz/dicom_fuzzer.cpp; fuzz/regressions/dicom/path-not-a-sequence.dcm).
DcmElement *findPath(DcmItem *item, const char *path) {
  const char *p = path;
  for (;;) {
    DcmTagKey key;
    if (*p == '(') {
      unsigned group = 0, element = 0;
      int used = 0;
      if (std::sscanf(p, "(%4x,%4x)%n", &group, &element, &used) != 2 || used == 0) return nullptr;
      key = DcmTagKey((Uint16)group, (Uint16)element);
      p += used;
    } else {
      size_t n = std::strcspn(p, "[.");
      if (n == 0 || n > 64) return nullptr;
      char name[65];
      std::memcpy(name, p, n);
      name[n] = 0;
      DcmTag tag;
      if (DcmTag::findTagFromName(name, tag).bad()) return nullptr;
      key = tag;
      p += n;
    }
    DcmElement *element = nullptr;
    if (item->findAndGetElement(key, element, OFFalse).bad() || !element) return nullptr;
    if (*p == 0) return element->isLeaf() ? element : nullptr;
    if (*p != '[' || element->ident() != EVR_SQ) return nullptr;
    char *end = nullptr;
    unsigned long index = std::strtoul(p + 1, &end, 10);
    if (end == p + 1 || *end != ']' || end[1] != '.') return nullptr;
    p = end + 2;
    DcmSequenceOfItems *sequence = OFstatic_cast(DcmSequenceOfItems *, element);
    if (index >= sequence->card()) return nullptr;
    item = sequence->getItem(index);
    if (!item) return nullptr;
  }
}

}  // namespace

extern "C" {

densa_dataset *densa_dataset_new(void) {
  registerCodecs();
  return new (std::nothrow) densa_dataset();
}

void densa_dataset_free(densa_dataset *ds) { delete ds; }

int densa_dataset_put_string(densa_dataset *ds, uint16_t group, uint16_t element, const char *value,
                             char *error, size_t error_len) {
  // An empty value makes an empty element, which is how a Type 2 sequence is written.
  OFCondition cond = (value == nullptr || value[0] == 0)
                         ? current(ds)->insertEmptyElement(DcmTag(group, element))
                         : current(ds)->putAndInsertString(DcmTag(group, element), value);
  if (cond.bad()) {
    char what[64];
    std::snprintf(what, sizeof what, "cannot put (%04X,%04X)", group, element);
    fail(error, error_len, what, cond);
    return 1;
  }
  return 0;
}

int densa_dataset_begin_item(densa_dataset *ds, uint16_t group, uint16_t element, char *error,
                             size_t error_len) {
  DcmItem *item = nullptr;
  OFCondition cond = current(ds)->findOrCreateSequenceItem(DcmTagKey(group, element), item, -2);
  if (cond.bad() || item == nullptr) {
    fail(error, error_len, "cannot create sequence item", cond);
    return 1;
  }
  ds->stack.push_back(item);
  return 0;
}

int densa_dataset_end_item(densa_dataset *ds, char *error, size_t error_len) {
  if (ds->stack.size() < 2) {
    failText(error, error_len, "end_item without a matching begin_item");
    return 1;
  }
  ds->stack.pop_back();
  return 0;
}

int densa_dataset_put_pixels(densa_dataset *ds, const uint16_t *samples, size_t count, int bits_allocated,
                             char *error, size_t error_len) {
  if (count > 0xFFFFFFFEu / 2) {
    failText(error, error_len, "pixel data larger than 4 GB");
    return 1;
  }
  if (bits_allocated == 8) {
    std::vector<Uint8> bytes(count);
    for (size_t i = 0; i < count; i++) bytes[i] = (Uint8)samples[i];
    return densa_dataset_put_pixel_bytes(ds, bytes.data(), count, error, error_len);
  }
  OFCondition cond = ds->file.getDataset()->putAndInsertUint16Array(DCM_PixelData, samples, (unsigned long)count);
  if (cond.bad()) {
    fail(error, error_len, "cannot put Pixel Data", cond);
    return 1;
  }
  return 0;
}

int densa_dataset_put_pixel_bytes(densa_dataset *ds, const uint8_t *samples, size_t count, char *error,
                                  size_t error_len) {
  if (count > 0xFFFFFFFEu) {
    failText(error, error_len, "pixel data larger than 4 GB");
    return 1;
  }
  OFCondition cond = ds->file.getDataset()->putAndInsertUint8Array(DCM_PixelData, samples, (unsigned long)count);
  if (cond.bad()) {
    fail(error, error_len, "cannot put Pixel Data", cond);
    return 1;
  }
  return 0;
}

int densa_dataset_put_encapsulated(densa_dataset *ds, const uint8_t *bytes, size_t length, const char *ts_uid,
                                   char *error, size_t error_len) {
  DcmXfer xfer(ts_uid);
  if (xfer.getXfer() == EXS_Unknown || !xfer.isEncapsulated()) {
    failText(error, error_len, "not an encapsulated transfer syntax");
    return 1;
  }
  DcmPixelSequence *sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
  DcmPixelItem *offsetTable = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
  sequence->insert(offsetTable);
  DcmOffsetList offsets;
  // storeCompressedFrame pads odd lengths; it copies the bytes.
  OFCondition cond = sequence->storeCompressedFrame(offsets, const_cast<Uint8 *>(bytes), (Uint32)length, 0);
  if (cond.bad()) {
    delete sequence;
    fail(error, error_len, "cannot store compressed frame", cond);
    return 1;
  }
  DcmPixelData *pixelData = new DcmPixelData(DCM_PixelData);
  pixelData->putOriginalRepresentation(xfer.getXfer(), nullptr, sequence);
  cond = ds->file.getDataset()->insert(pixelData, OFTrue);
  if (cond.bad()) {
    fail(error, error_len, "cannot insert Pixel Data", cond);
    return 1;
  }
  return 0;
}

int densa_dataset_save(densa_dataset *ds, const char *path, const char *ts_uid, int quality, char *error,
                       size_t error_len) {
  registerCodecs();
  E_TransferSyntax xfer = DcmXfer(ts_uid).getXfer();
  if (xfer == EXS_Unknown) {
    failText(error, error_len, "unknown transfer syntax");
    return 1;
  }
  DcmDataset *d = ds->file.getDataset();
  OFCondition cond = EC_Normal;
  switch (xfer) {
    case EXS_JPEGProcess14SV1: {
      DJ_RPLossless param(1, 0);
      cond = d->chooseRepresentation(xfer, &param);
      break;
    }
    case EXS_JPEGProcess14: {
      DJ_RPLossless param(6, 0);
      cond = d->chooseRepresentation(xfer, &param);
      break;
    }
    case EXS_JPEGProcess1:
    case EXS_JPEGProcess2_4: {
      DJ_RPLossy param(quality > 0 ? quality : 90);
      cond = d->chooseRepresentation(xfer, &param);
      break;
    }
    case EXS_JPEGLSLossless: {
      DJLSRepresentationParameter param(0, OFTrue);
      cond = d->chooseRepresentation(xfer, &param);
      if (cond.good()) zeroPadByte(d, xfer, &param);
      break;
    }
    case EXS_JPEGLSLossy: {
      DJLSRepresentationParameter param((Uint16)(quality > 0 ? quality : 2), OFFalse);
      cond = d->chooseRepresentation(xfer, &param);
      if (cond.good()) zeroPadByte(d, xfer, &param);
      break;
    }
    case EXS_RLELossless: {
      DcmRLERepresentationParameter param;
      cond = d->chooseRepresentation(xfer, &param);
      break;
    }
    default:
      if (!DcmXfer(xfer).isEncapsulated()) cond = d->chooseRepresentation(xfer, nullptr);
      break;
  }
  if (cond.bad()) {
    fail(error, error_len, "cannot encode pixel data", cond);
    return 1;
  }
  if (!d->canWriteXfer(xfer)) {
    failText(error, error_len, "pixel data cannot be written in this transfer syntax");
    return 1;
  }
  cond = ds->file.saveFile(path, xfer, EET_ExplicitLength, EGL_recalcGL, EPD_noChange);
  if (cond.bad()) {
    fail(error, error_len, "cannot write file", cond);
    return 1;
  }
  return 0;
}

densa_dataset *densa_dataset_load(const char *path, int header_only, char *error, size_t error_len) {
  registerCodecs();
  densa_dataset *ds = new (std::nothrow) densa_dataset();
  if (!ds) {
    failText(error, error_len, "out of memory");
    return nullptr;
  }
  OFCondition cond =
      header_only ? ds->file.loadFileUntilTag(path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                                              ERM_autoDetect, DCM_PixelData)
                  : ds->file.loadFile(path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
  if (cond.bad()) {
    explainUnreadable(path, cond, error, error_len);
    delete ds;
    return nullptr;
  }
  return ds;
}

int densa_dataset_transfer_syntax(densa_dataset *ds, char *out, size_t out_len) {
  E_TransferSyntax xfer = ds->file.getDataset()->getOriginalXfer();
  // Files read only up to Pixel Data keep the meta header's transfer syntax; prefer that.
  OFString metaUID;
  if (ds->file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, metaUID).good() && !metaUID.empty()) {
    std::snprintf(out, out_len, "%s", metaUID.c_str());
    return 0;
  }
  std::snprintf(out, out_len, "%s", DcmXfer(xfer).getXferID());
  return 0;
}

int densa_dataset_get_string(densa_dataset *ds, const char *path, char *out, size_t out_len) {
  if (out_len) out[0] = 0;
  DcmElement *element = findPath(ds->file.getDataset(), path);
  if (!element) return 0;
  OFString value;
  if (element->getOFStringArray(value).bad()) return 0;
  std::snprintf(out, out_len, "%s", value.c_str());
  return 1;
}

int densa_dataset_put_u16_array(densa_dataset *ds, uint16_t group, uint16_t element, const uint16_t *values,
                                size_t count, char *error, size_t error_len) {
  OFCondition cond = current(ds)->putAndInsertUint16Array(DcmTag(group, element), values, (unsigned long)count);
  if (cond.bad()) {
    fail(error, error_len, "cannot put 16-bit values", cond);
    return 1;
  }
  return 0;
}

long densa_dataset_get_u16_array(densa_dataset *ds, const char *path, uint16_t *out, size_t max) {
  DcmElement *element = findPath(ds->file.getDataset(), path);
  if (!element) return -1;
  Uint16 *words = nullptr;
  if (element->getUint16Array(words).bad() || !words) return -1;
  size_t count = element->getLength() / 2;
  if (count > max) count = max;
  std::memcpy(out, words, count * sizeof(Uint16));
  return (long)count;
}

int densa_dataset_has_pixels(densa_dataset *ds) {
  DcmElement *element = nullptr;
  DcmDataset *d = ds->file.getDataset();
  if (d->findAndGetElement(DCM_PixelData, element).bad() || !element) return 0;
  // Encapsulated Pixel Data has undefined length; its fragments are checked when decoding.
  return element->getLength() > 0 || DcmXfer(d->getOriginalXfer()).isEncapsulated();
}

int densa_dataset_decode_pixels(densa_dataset *ds, uint16_t *out, size_t count, char *error, size_t error_len) {
  DcmDataset *d = ds->file.getDataset();
  E_TransferSyntax original = d->getOriginalXfer();
  if (DcmXfer(original).isEncapsulated()) {
    OFCondition cond = d->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (cond.bad() || !d->canWriteXfer(EXS_LittleEndianExplicit)) {
      char what[160];
      std::snprintf(what, sizeof what, "cannot decompress %s", DcmXfer(original).getXferName());
      fail(error, error_len, what, cond.bad() ? cond : EC_CannotChangeRepresentation);
      return 1;
    }
  }
  Uint16 bitsAllocated = 0;
  d->findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
  DcmElement *element = nullptr;
  if (d->findAndGetElement(DCM_PixelData, element).bad() || !element) {
    failText(error, error_len, "no Pixel Data");
    return 1;
  }
  if (bitsAllocated == 8) {
    Uint8 *bytes = nullptr;
    if (element->getUint8Array(bytes).bad() || !bytes || element->getLength() < count) {
      failText(error, error_len, "Pixel Data is shorter than Rows x Columns");
      return 1;
    }
    for (size_t i = 0; i < count; i++) out[i] = bytes[i];
  } else if (bitsAllocated == 16) {
    Uint16 *words = nullptr;
    if (element->getUint16Array(words).bad() || !words || element->getLength() / 2 < count) {
      failText(error, error_len, "Pixel Data is shorter than Rows x Columns");
      return 1;
    }
    std::memcpy(out, words, count * sizeof(Uint16));
  } else {
    failText(error, error_len, "Bits Allocated is neither 8 nor 16");
    return 1;
  }
  return 0;
}

long densa_dataset_encapsulated_frame(densa_dataset *ds, uint8_t *out, size_t out_len, char *error,
                                      size_t error_len) {
  DcmDataset *d = ds->file.getDataset();
  DcmElement *element = nullptr;
  if (d->findAndGetElement(DCM_PixelData, element).bad() || !element) {
    failText(error, error_len, "no Pixel Data");
    return -1;
  }
  // A hostile file can give (7FE0,0010) another VR, and then it is no DcmPixelData.
  if (element->ident() != EVR_PixelData) {
    failText(error, error_len, "Pixel Data has an unexpected VR");
    return -1;
  }
  DcmPixelData *pixelData = OFstatic_cast(DcmPixelData *, element);
  DcmPixelSequence *sequence = nullptr;
  OFCondition cond = pixelData->getEncapsulatedRepresentation(d->getOriginalXfer(), nullptr, sequence);
  if (cond.bad() || !sequence) {
    fail(error, error_len, "Pixel Data is not encapsulated", cond.bad() ? cond : EC_IllegalCall);
    return -1;
  }
  size_t total = 0;
  // Item 0 is the basic offset table; every later fragment belongs to the (single) frame.
  for (unsigned long i = 1; i < sequence->card(); i++) {
    DcmPixelItem *item = nullptr;
    if (sequence->getItem(item, i).bad() || !item) continue;
    Uint8 *bytes = nullptr;
    size_t length = item->getLength();
    if (item->getUint8Array(bytes).bad() || (!bytes && length)) {
      failText(error, error_len, "unreadable pixel fragment");
      return -1;
    }
    if (out) {
      if (total + length > out_len) {
        failText(error, error_len, "buffer too small for the compressed frame");
        return -1;
      }
      std::memcpy(out + total, bytes, length);
    }
    total += length;
  }
  if (total == 0) {
    failText(error, error_len, "encapsulated Pixel Data has no fragments");
    return -1;
  }
  return (long)total;
}

}  // extern "C"
