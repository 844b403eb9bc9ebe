import Classifier

/// Whether a model's results may leave densa for a PACS or RIS.
///
/// A model whose card says it is not for clinical use (the bundled demo model, trained on
/// synthetic phantoms) is held back unless the configuration says, on purpose, to send it.
public struct ResultRelease: Sendable {
  public var sendNonClinicalResults: Bool

  public init(sendNonClinicalResults: Bool) {
    self.sendNonClinicalResults = sendNonClinicalResults
  }

  public func allows(_ card: ModelCard) -> Bool { card.clinicalUse || sendNonClinicalResults }
}
