import DICOM
import Foundation
import Testing

@Suite struct ReadRoundTripTests {
  @Test func readsBackEveryAttributeTheWriterWrote() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var m = SampleMammogram.header(view: .mlo, laterality: .right, bitsStored: 14, photometric: .monochrome1)
    m.viewModifiers = [.implantDisplaced]
    m.breastImplantPresent = true
    m.voiLUTFunction = "SIGMOID"
    m.acquisitionDateTime = "20260315093512"
    let url = dir.appendingPathComponent("a.dcm")
    try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: 14), to: url)
    let read = try MammogramReader.read(url)
    #expect(read.patientName == "Núñez^María José")
    #expect(read.patientID == m.patientID)
    #expect(read.accessionNumber == "ACC0001")
    #expect(read.studyInstanceUID == m.studyInstanceUID)
    #expect(read.sopInstanceUID == m.sopInstanceUID)
    #expect(read.view == .mlo)
    #expect(read.laterality == .right)
    #expect(read.viewModifiers == [.implantDisplaced])
    #expect(read.breastImplantPresent == true)
    #expect(read.presentationIntent == .forPresentation)
    #expect(read.photometricInterpretation == .monochrome1)
    #expect(read.bitsStored == 14 && read.bitsAllocated == 16)
    #expect(read.rows == 96 && read.columns == 80)
    #expect(read.pixelSpacing == [0.1, 0.1])
    #expect(read.windowCenter == m.windowCenter && read.windowWidth == m.windowWidth)
    #expect(read.voiLUTFunction == "SIGMOID")
    #expect(read.acquisitionDateTime == "20260315093512")
    #expect(read.transferSyntax == .explicitVRLittleEndian)
    #expect(read.patientOrientation == ["P", "F"])
  }
}
