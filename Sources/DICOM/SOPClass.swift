/// SOP Class UIDs densa meets.
public enum SOPClass {
  public static let digitalMammographyForPresentation = "1.2.840.10008.5.1.4.1.1.1.2"
  public static let digitalMammographyForProcessing = "1.2.840.10008.5.1.4.1.1.1.2.1"
  public static let comprehensive3DSR = "1.2.840.10008.5.1.4.1.1.88.34"
  public static let secondaryCapture = "1.2.840.10008.5.1.4.1.1.7"
}
