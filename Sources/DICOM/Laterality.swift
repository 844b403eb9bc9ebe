/// Which breast an image shows (DICOM Image Laterality (0020,0062) or Laterality (0020,0060)).
public enum Laterality: String, Sendable, Codable, CaseIterable, Hashable {
  case right = "R"
  case left = "L"
}
