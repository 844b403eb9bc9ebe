/// Which breast an image, a measurement or a statement concerns.
///
/// The raw values are DICOM's Image Laterality (0020,0062) codes.
public enum Laterality: String, Sendable, Codable, CaseIterable, Hashable {
  case right = "R"
  case left = "L"
}
