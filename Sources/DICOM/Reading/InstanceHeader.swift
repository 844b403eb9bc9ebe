import Foundation

/// The identifying attributes of any DICOM instance (not only mammograms): what a node needs to
/// file an object it received and group it into its study.
public struct InstanceHeader: Sendable, Hashable {
  public var sopClassUID: String
  public var sopInstanceUID: String
  public var studyInstanceUID: String
  public var seriesInstanceUID: String?
  public var modality: String?
  public var accessionNumber: String?
  public var studyDate: String?

  /// Reads the header of `url`, stopping before Pixel Data. Throws ``DICOMError`` naming the file
  /// when it is not DICOM or lacks the SOP Class, SOP Instance or Study Instance UID.
  public static func read(_ url: URL) throws(DICOMError) -> InstanceHeader {
    let d = try Dataset(loading: url, headerOnly: true)
    guard let sopClass = d.string(Tag(0x0008, 0x0016)) else { throw DICOMError(url, .notDICOM) }
    guard let sopInstance = d.string(Tag(0x0008, 0x0018)) else {
      throw DICOMError(url, .missingAttribute("SOP Instance UID"))
    }
    guard let study = d.string(Tag(0x0020, 0x000D)) else {
      throw DICOMError(url, .missingAttribute("Study Instance UID"))
    }
    return InstanceHeader(
      sopClassUID: sopClass, sopInstanceUID: sopInstance, studyInstanceUID: study,
      seriesInstanceUID: d.string(Tag(0x0020, 0x000E)), modality: d.string(Tag(0x0008, 0x0060)),
      accessionNumber: d.string(Tag(0x0008, 0x0050)), studyDate: d.string(Tag(0x0008, 0x0020)))
  }
}
