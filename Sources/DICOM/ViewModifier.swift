/// A modifier of a mammographic view, from View Modifier Code Sequence (0054,0222) (DICOM CID 4015).
public enum ViewModifier: String, Sendable, Codable, CaseIterable, Hashable {
  case spotCompression = "SPOT"
  case magnification = "MAG"
  case implantDisplaced = "ID"
  /// Rolled, tangential and other modifiers that do not change which image an exam uses.
  case other = "OTHER"
}
