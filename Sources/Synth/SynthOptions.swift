/// What `densa synth` makes: how many exams, from which seed, with which archive quirks.
public struct SynthOptions: Sendable {
  public var exams: Int
  public var seed: UInt64
  /// Image size relative to the vendor's matrix (1 = full size; tests use less).
  public var scale: Double = 1
  /// Share of reports whose stated density differs from the truth.
  public var disagreementRate: Double = 0.15
  /// Share of reports with no density statement.
  public var noDensityRate: Double = 0.05
  /// Share of words with a typo.
  public var typoRate: Double = 0.04
  /// Quirks of a real archive, each the share of exams that get it.
  public var missingViewRate: Double = 0
  public var retakeRate: Double = 0
  public var spotViewRate: Double = 0
  public var forProcessingRate: Double = 0
  public var priorStudyRate: Double = 0
  /// Exams that cannot be fully assessed: breast implants (Breast Implant Present YES and an
  /// implant-displaced CC per breast), one breast only (its side from the seed), every view FOR
  /// PROCESSING, and XCCL/ML instead of CC/MLO. Drawn only when non-zero, so the sets of older
  /// seeds stay byte for byte the same.
  public var implantRate: Double = 0
  public var unilateralRate: Double = 0
  public var forProcessingOnlyRate: Double = 0
  public var nonStandardViewRate: Double = 0

  public init(exams: Int, seed: UInt64) {
    self.exams = exams
    self.seed = seed
  }
}
