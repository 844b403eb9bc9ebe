/// Which exam a statement describes: the one being reported, a prior one it is compared with, or
/// neither said (read as the current exam's).
public enum MentionScope: String, Sendable, Codable, Hashable {
  case current
  case prior
  case unspecified
}
