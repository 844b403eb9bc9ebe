import Classifier

/// The model the node classifies with (`GET /api/model`).
public struct ModelBody: Sendable, Codable, Equatable {
  public var name: String
  public var version: String
  /// SHA-256 of the weights file.
  public var sha256: String
  public var precision: String
  /// What its results are stored under.
  public var key: String
  public var clinicalUse: Bool
  /// True for a model trained on synthetic phantoms (the bundled demo model).
  public var syntheticTraining: Bool
  /// The notice every result carries, when the card requires one.
  public var notice: String?
  public var card: ModelCard

  public init(identity: ModelIdentity, card: ModelCard) {
    name = identity.name
    version = identity.version
    sha256 = identity.sha256
    precision = identity.precision.rawValue
    key = identity.key
    clinicalUse = card.clinicalUse
    syntheticTraining = card.training?.syntheticPhantoms == true
    notice = card.requiresNotice ? card.noticeText : nil
    self.card = card
  }
}
