/// The attributes of the Digital Mammography X-Ray Image IOD (PS3.3 A.26.2), module by module.
enum MammogramAttributes {
  /// A Decimal String value: at most 16 characters, as the DS VR requires.
  static func ds(_ value: Double) -> String {
    for digits in stride(from: 10, through: 1, by: -1) {
      let text = String(format: "%.\(digits)g", value)
      if text.count <= 16 { return text }
    }
    return String(format: "%.0f", value)
  }

  static func ds(_ values: [Double]) -> String { values.map { ds($0) }.joined(separator: "\\") }

  /// The Patient and General Study modules, copied from `m`: every object densa writes for a study
  /// (images, SR, scorecard) carries the same ones.
  static func putPatientAndStudy(_ m: Mammogram, into d: Dataset) throws(ShimError) {
    try d.put(Tag(0x0010, 0x0010), m.patientName)
    try d.put(Tag(0x0010, 0x0020), m.patientID)
    try d.put(Tag(0x0010, 0x0030), m.patientBirthDate ?? "")
    try d.put(Tag(0x0010, 0x0040), m.patientSex ?? "")
    try d.put(Tag(0x0020, 0x000D), m.studyInstanceUID)
    try d.put(Tag(0x0008, 0x0020), m.studyDate ?? "")
    try d.put(Tag(0x0008, 0x0030), m.studyTime ?? "")
    try d.put(Tag(0x0008, 0x0090), m.referringPhysicianName ?? "")
    try d.put(Tag(0x0020, 0x0010), m.studyID ?? "")
    try d.put(Tag(0x0008, 0x0050), m.accessionNumber ?? "")
  }

  static func put(_ m: Mammogram, into d: Dataset) throws(ShimError) {
    // SOP Common: UTF-8, so Spanish names keep their accents.
    try d.put(Tag(0x0008, 0x0005), "ISO_IR 192")
    try d.put(Tag(0x0008, 0x0016), m.sopClassUID)
    try d.put(Tag(0x0008, 0x0018), m.sopInstanceUID)

    // Patient and General Study
    try putPatientAndStudy(m, into: d)
    try d.put(Tag(0x0008, 0x1030), m.studyDescription)

    // General Series, DX Series, Mammography Series
    try d.put(Tag(0x0008, 0x0060), m.modality)
    try d.put(Tag(0x0020, 0x000E), m.seriesInstanceUID)
    try d.put(Tag(0x0020, 0x0011), m.seriesNumber.map(String.init) ?? "")
    try d.put(Tag(0x0008, 0x0068), (m.presentationIntent ?? .forPresentation).rawValue)

    // General Equipment
    try d.put(Tag(0x0008, 0x0070), m.manufacturer ?? "")
    try d.put(Tag(0x0008, 0x1090), m.manufacturerModelName)

    // General Image, DX Image, Mammography Image
    try d.put(Tag(0x0020, 0x0013), m.instanceNumber.map(String.init) ?? "")
    try d.put(Tag(0x0020, 0x0020), m.patientOrientation.joined(separator: "\\"))
    try d.put(Tag(0x0008, 0x0023), m.studyDate ?? "")
    try d.put(Tag(0x0008, 0x0033), m.studyTime ?? "")
    try d.put(Tag(0x0008, 0x002A), m.acquisitionDateTime)
    let imageType = m.imageType.isEmpty ? ["ORIGINAL", "PRIMARY", ""] : m.imageType
    try d.put(Tag(0x0008, 0x0008), imageType.joined(separator: "\\"))
    try d.put(Tag(0x0028, 0x0301), "NO")
    try d.put(Tag(0x0028, 0x1052), ds(m.rescaleIntercept ?? 0))
    try d.put(Tag(0x0028, 0x1053), ds(m.rescaleSlope ?? 1))
    try d.put(Tag(0x0028, 0x1054), "US")
    try d.put(Tag(0x0028, 0x2110), m.transferSyntax.isLossless ? "00" : "01")
    let inverse = m.photometricInterpretation == .monochrome1
    try d.put(Tag(0x2050, 0x0020), inverse ? "INVERSE" : "IDENTITY")
    try d.put(Tag(0x0028, 0x1040), "LOG")
    // Dense tissue attenuates: with MONOCHROME2 it is stored high, so higher values mean less beam.
    try d.put(Tag(0x0028, 0x1041), inverse ? "1" : "-1")
    try d.put(Tag(0x0018, 0x1508), "MAMMOGRAPHIC")
    try d.put(Tag(0x0040, 0x0318), "BREAST")
    try d.put(Tag(0x0020, 0x0062), m.laterality?.rawValue ?? "")
    try d.code(Tag(0x0008, 0x2218), MammographyCodes.breast)
    if let view = m.view {
      try d.code(Tag(0x0054, 0x0220), MammographyCodes.code(for: view)) { () throws(ShimError) in
        let modifiers = m.viewModifiers.compactMap(MammographyCodes.code(for:)).sorted { $0.value < $1.value }
        if modifiers.isEmpty {
          try d.put(Tag(0x0054, 0x0222), "")
        }
        for modifier in modifiers {
          try d.code(Tag(0x0054, 0x0222), modifier)
        }
      }
      try d.put(Tag(0x0018, 0x5101), view.rawValue)
    }
    if let implant = m.breastImplantPresent {
      try d.put(Tag(0x0028, 0x1300), implant ? "YES" : "NO")
    }
    try d.put(Tag(0x0028, 0x1350), "NO")

    // DX Anatomy Imaged / Acquisition Context
    try d.put(Tag(0x0040, 0x0555), "")

    // DX Detector
    let imager = m.imagerPixelSpacing ?? m.pixelSpacing ?? [0.1, 0.1]
    try d.put(Tag(0x0018, 0x1164), ds(imager))
    try d.put(Tag(0x0028, 0x0030), ds(m.pixelSpacing ?? imager))
    try d.put(Tag(0x0018, 0x7004), "DIRECT")

    // Image Pixel
    try d.put(Tag(0x0028, 0x0002), "1")
    try d.put(Tag(0x0028, 0x0004), m.photometricInterpretation.rawValue)
    try d.put(Tag(0x0028, 0x0010), String(m.rows))
    try d.put(Tag(0x0028, 0x0011), String(m.columns))
    try d.put(Tag(0x0028, 0x0100), String(m.bitsAllocated))
    try d.put(Tag(0x0028, 0x0101), String(m.bitsStored))
    try d.put(Tag(0x0028, 0x0102), String(m.bitsStored - 1))
    try d.put(Tag(0x0028, 0x0103), String(m.pixelRepresentation))

    // VOI LUT
    if !m.windowCenter.isEmpty && m.windowCenter.count == m.windowWidth.count {
      try d.put(Tag(0x0028, 0x1050), ds(m.windowCenter))
      try d.put(Tag(0x0028, 0x1051), ds(m.windowWidth))
    }
    try d.put(Tag(0x0028, 0x1056), m.voiLUTFunction)
    if let lut = m.voiLUT {
      try d.item(Tag(0x0028, 0x3010)) { () throws(ShimError) in
        let entries = UInt16(truncatingIfNeeded: lut.data.count)  // 65536 entries are written as 0
        try d.putWords(Tag(0x0028, 0x3002), [entries, UInt16(truncatingIfNeeded: lut.firstMapped), UInt16(lut.bits)])
        try d.putWords(Tag(0x0028, 0x3006), lut.data)
      }
    }
  }
}
