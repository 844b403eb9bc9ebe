extension SOPClass {
  /// Breast Tomosynthesis Image Storage.
  public static let breastTomosynthesis = "1.2.840.10008.5.1.4.1.1.13.1.3"
  /// Breast Projection X-Ray Image Storage - For Presentation.
  public static let breastProjectionForPresentation = "1.2.840.10008.5.1.4.1.1.13.1.4"
  /// Breast Projection X-Ray Image Storage - For Processing.
  public static let breastProjectionForProcessing = "1.2.840.10008.5.1.4.1.1.13.1.5"
  /// Verification (C-ECHO).
  public static let verification = "1.2.840.10008.1.1"

  /// Breast imaging objects densa keeps but never classifies: their modality is MG like a 2D
  /// mammogram's, so only the SOP class tells them apart (a tomosynthesis frame is not a view).
  public static let storedNotClassified: Set<String> = [
    breastTomosynthesis, breastProjectionForPresentation, breastProjectionForProcessing,
  ]

  /// The storage SOP classes densa's SCP accepts: the mammograms it classifies and the breast
  /// imaging objects it keeps without classifying.
  public static let breastImagingStorage: [String] = [
    digitalMammographyForPresentation, digitalMammographyForProcessing, breastTomosynthesis,
    breastProjectionForPresentation, breastProjectionForProcessing,
  ]
}
