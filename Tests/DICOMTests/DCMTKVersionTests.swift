import DICOM
import Testing

@Test func linksDebianDCMTK367() {
  #expect(dcmtkVersion.hasPrefix("3.6."))
}
