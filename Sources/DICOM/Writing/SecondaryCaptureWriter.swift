import Foundation

/// Writes a ``SecondaryCapture`` as a Secondary Capture Image object (PS3.3 A.8.1): Patient,
/// General Study, General Series (modality OT), General Equipment, SC Equipment (conversion type
/// WSD, workstation), General Image (DERIVED\SECONDARY, derivation description, source images,
/// burned-in annotation), Image Pixel (RGB, 8 bits, Planar Configuration 0) and SOP Common.
public enum SecondaryCaptureWriter {
  /// Writes atomically (temporary name, then rename) in Explicit VR Little Endian.
  public static func write(_ capture: SecondaryCapture, to url: URL) throws(DICOMError) {
    let c = capture
    guard c.width > 0, c.height > 0, c.rgb.count == c.width * c.height * 3 else {
      throw DICOMError(url, .writing("\(c.rgb.count) RGB samples for a \(c.width)×\(c.height) image"))
    }
    let d = Dataset()
    let m = c.study
    let texts = [m.patientName, m.referringPhysicianName ?? "", c.seriesDescription, c.derivationDescription]
    d.latin1 = texts.allSatisfy { $0.data(using: .isoLatin1) != nil }
    let (date, time) = DensityReportWriter.dicomDateTime(c.contentDate)
    do throws(ShimError) {
      try d.put(Tag(0x0008, 0x0005), d.latin1 ? "ISO_IR 100" : "ISO_IR 192")
      try d.put(Tag(0x0008, 0x0008), "DERIVED\\SECONDARY")
      try d.put(Tag(0x0008, 0x0016), SOPClass.secondaryCapture)
      try d.put(Tag(0x0008, 0x0018), c.sopInstanceUID)
      try MammogramAttributes.putPatientAndStudy(m, into: d)
      try d.put(Tag(0x0008, 0x0023), date)
      try d.put(Tag(0x0008, 0x0033), time)
      try d.put(Tag(0x0008, 0x0060), "OT")
      try d.put(Tag(0x0008, 0x0064), "WSD")
      try d.put(Tag(0x0008, 0x0070), "densa")
      try d.put(Tag(0x0008, 0x103E), c.seriesDescription)
      try d.put(Tag(0x0008, 0x2111), c.derivationDescription)
      for image in c.sourceImages {
        try d.item(Tag(0x0008, 0x2112)) { () throws(ShimError) in
          try d.put(Tag(0x0008, 0x1150), image.sopClassUID)
          try d.put(Tag(0x0008, 0x1155), image.sopInstanceUID)
        }
      }
      try d.put(Tag(0x0018, 0x1016), "densa")
      try d.put(Tag(0x0018, 0x1018), "densa")
      try d.put(Tag(0x0018, 0x1019), c.softwareVersion)
      try d.put(Tag(0x0018, 0x1020), c.softwareVersion)
      try d.put(Tag(0x0020, 0x000E), c.seriesInstanceUID)
      try d.put(Tag(0x0020, 0x0011), String(c.seriesNumber))
      try d.put(Tag(0x0020, 0x0013), "1")
      try d.put(Tag(0x0020, 0x0060), "")  // Laterality: type 2C, empty, the picture shows both breasts
      try d.put(Tag(0x0020, 0x0020), "")  // Patient Orientation: type 2, a composed picture has none
      try d.put(Tag(0x0028, 0x0002), "3")
      try d.put(Tag(0x0028, 0x0004), "RGB")
      try d.put(Tag(0x0028, 0x0006), "0")
      try d.put(Tag(0x0028, 0x0010), String(c.height))
      try d.put(Tag(0x0028, 0x0011), String(c.width))
      try d.put(Tag(0x0028, 0x0100), "8")
      try d.put(Tag(0x0028, 0x0101), "8")
      try d.put(Tag(0x0028, 0x0102), "7")
      try d.put(Tag(0x0028, 0x0103), "0")
      try d.put(Tag(0x0028, 0x0301), "YES")
      try d.put(Tag(0x0028, 0x2110), "00")
      try d.putPixelBytes(c.rgb)
      try d.saveReplacing(url, transferSyntax: .explicitVRLittleEndian, quality: 0)
    } catch {
      throw DICOMError(url, .writing(error.description))
    }
  }
}
