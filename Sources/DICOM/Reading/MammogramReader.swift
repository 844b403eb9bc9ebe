import Foundation

/// Reads the attributes of a digital mammogram, stopping before the pixel data.
public enum MammogramReader {
  /// The mammogram's attributes. Throws ``DICOMError`` naming the file when it is not a readable
  /// mammogram: not DICOM, not modality MG, no pixel description, no pixel data.
  public static func read(_ url: URL) throws(DICOMError) -> Mammogram {
    let d = try Dataset(loading: url, headerOnly: true)
    return try attributes(of: d, url: url)
  }

  static func attributes(of d: Dataset, url: URL, anyModality: Bool = false) throws(DICOMError) -> Mammogram {
    guard let sopClass = d.string(Tag(0x0008, 0x0016)) else {
      // DCMTK parses almost any bytes as an implicit VR dataset; a real object has a SOP class.
      throw DICOMError(url, d.int(Tag(0x0028, 0x0010)) == nil ? .notDICOM : .missingAttribute("SOP Class UID"))
    }
    let modality = d.string(Tag(0x0008, 0x0060)) ?? ""
    guard modality == "MG" || anyModality else { throw DICOMError(url, .notMammography(modality: modality)) }
    func required(_ tag: Tag, _ name: String) throws(DICOMError) -> String {
      guard let value = d.string(tag) else { throw DICOMError(url, .missingAttribute(name)) }
      return value
    }
    func positive(_ tag: Tag, _ name: String) throws(DICOMError) -> Int {
      let text = try required(tag, name)
      guard let value = Int(text), value > 0 else { throw DICOMError(url, .invalidAttribute(name, text)) }
      return value
    }
    let rows = try positive(Tag(0x0028, 0x0010), "Rows")
    let columns = try positive(Tag(0x0028, 0x0011), "Columns")
    let bitsAllocated = try positive(Tag(0x0028, 0x0100), "Bits Allocated")
    let bitsStored = d.int(Tag(0x0028, 0x0101)) ?? bitsAllocated
    guard bitsAllocated == 8 || bitsAllocated == 16 else {
      throw DICOMError(url, .invalidAttribute("Bits Allocated", String(bitsAllocated)))
    }
    guard (1...bitsAllocated).contains(bitsStored) else {
      throw DICOMError(url, .invalidAttribute("Bits Stored", "\(bitsStored) with Bits Allocated \(bitsAllocated)"))
    }
    let photometricText = try required(Tag(0x0028, 0x0004), "Photometric Interpretation")
    guard let photometric = PhotometricInterpretation(rawValue: photometricText) else {
      throw DICOMError(url, .invalidAttribute("Photometric Interpretation", photometricText))
    }
    let syntaxUID = d.transferSyntaxUID
    guard let syntax = TransferSyntax(rawValue: syntaxUID) else {
      throw DICOMError(url, .unsupportedTransferSyntax(syntaxUID))
    }

    var m = Mammogram(
      patientID: d.string(Tag(0x0010, 0x0020)) ?? "",
      patientName: d.string(Tag(0x0010, 0x0010)) ?? "",
      studyInstanceUID: try required(Tag(0x0020, 0x000D), "Study Instance UID"),
      seriesInstanceUID: try required(Tag(0x0020, 0x000E), "Series Instance UID"),
      sopInstanceUID: try required(Tag(0x0008, 0x0018), "SOP Instance UID"),
      sopClassUID: sopClass, modality: modality, rows: rows, columns: columns, bitsStored: bitsStored,
      photometricInterpretation: photometric, transferSyntax: syntax)
    m.bitsAllocated = bitsAllocated
    m.pixelRepresentation = d.int(Tag(0x0028, 0x0103)) ?? 0
    m.patientBirthDate = d.string(Tag(0x0010, 0x0030))
    m.patientSex = d.string(Tag(0x0010, 0x0040))
    m.accessionNumber = d.string(Tag(0x0008, 0x0050))
    m.studyID = d.string(Tag(0x0020, 0x0010))
    m.studyDate = d.string(Tag(0x0008, 0x0020))
    m.studyTime = d.string(Tag(0x0008, 0x0030))
    m.studyDescription = d.string(Tag(0x0008, 0x1030))
    m.referringPhysicianName = d.string(Tag(0x0008, 0x0090))
    m.seriesNumber = d.int(Tag(0x0020, 0x0011))
    m.instanceNumber = d.int(Tag(0x0020, 0x0013))
    m.acquisitionDateTime =
      d.string(Tag(0x0008, 0x002A))
      ?? d.string(Tag(0x0008, 0x0022)).map { $0 + (d.string(Tag(0x0008, 0x0032)) ?? "") }
    m.manufacturer = d.string(Tag(0x0008, 0x0070))
    m.manufacturerModelName = d.string(Tag(0x0008, 0x1090))
    m.imageType = d.strings(Tag(0x0008, 0x0008))
    m.presentationIntent =
      d.string(Tag(0x0008, 0x0068)).flatMap(PresentationIntent.init(rawValue:))
      ?? (sopClass == SOPClass.digitalMammographyForProcessing ? .forProcessing : nil)
    m.patientOrientation = d.strings(Tag(0x0020, 0x0020))
    m.view = ViewRules.view(
      code: d.string("(0054,0220)[0].(0008,0100)"), viewPosition: d.string(Tag(0x0018, 0x5101)))
    m.viewModifiers = Set(modifierCodes(d).map(MammographyCodes.modifier(forCode:)))
    m.laterality = ViewRules.laterality(
      imageLaterality: d.string(Tag(0x0020, 0x0062)), seriesLaterality: d.string(Tag(0x0020, 0x0060)),
      patientOrientation: m.patientOrientation)
    m.breastImplantPresent = d.string(Tag(0x0028, 0x1300)).map { $0 == "YES" }
    let spacing = d.doubles(Tag(0x0028, 0x0030))
    m.pixelSpacing = spacing.count == 2 ? spacing : nil
    let imager = d.doubles(Tag(0x0018, 0x1164))
    m.imagerPixelSpacing = imager.count == 2 ? imager : nil
    m.windowCenter = d.doubles(Tag(0x0028, 0x1050))
    m.windowWidth = d.doubles(Tag(0x0028, 0x1051))
    m.voiLUTFunction = d.string(Tag(0x0028, 0x1056))
    if let descriptor = d.words("(0028,3010)[0].(0028,3002)", max: 3), descriptor.count == 3,
      let data = d.words("(0028,3010)[0].(0028,3006)"), !data.isEmpty
    {
      // The first mapped value is signed when the pixels are.
      let first = m.pixelRepresentation == 1 ? Int(Int16(bitPattern: descriptor[1])) : Int(descriptor[1])
      m.voiLUT = LookupTable(firstMapped: first, bits: Int(descriptor[2]), data: data)
    }
    m.rescaleIntercept = d.string(Tag(0x0028, 0x1052)).flatMap(Double.init)
    m.rescaleSlope = d.string(Tag(0x0028, 0x1053)).flatMap(Double.init)
    return m
  }

  /// View modifier codes, inside the view code item (the standard place) or at the top level.
  private static func modifierCodes(_ d: Dataset) -> [String] {
    var codes: [String] = []
    for prefix in ["(0054,0220)[0].", ""] {
      for i in 0..<8 {
        guard let code = d.string("\(prefix)(0054,0222)[\(i)].(0008,0100)") else { break }
        codes.append(code)
      }
    }
    return codes
  }
}
