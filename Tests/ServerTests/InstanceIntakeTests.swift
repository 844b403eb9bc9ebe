import DICOM
import Foundation
import Logging
import Synth
import Testing
import Worklist

@testable import Server

@Suite struct InstanceIntakeTests {
  struct Fixture {
    let dir: URL
    let store: Store
    let files: [URL]

    init() throws {
      dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-intake-\(UUID().uuidString)")
      var options = SynthOptions(exams: 1, seed: 5)
      options.scale = 0.06
      _ = try StudyFactory.make(options, in: dir.appendingPathComponent("set"))
      files = StudyScanner.scan([dir.appendingPathComponent("set/studies")]).images.map(\.url).sorted {
        $0.path < $1.path
      }
      store = try Store(path: dir.appendingPathComponent("db.sqlite").path)
    }

    func intake(minimumFreeBytes: Int64 = 0) -> InstanceIntake {
      InstanceIntake(
        store: store, storageDirectory: dir.appendingPathComponent("storage"), minimumFreeBytes: minimumFreeBytes,
        metrics: NodeMetrics(), logger: Logger(label: "test"))
    }

    /// A copy of `file` in the incoming folder, as the SCP leaves it.
    func incoming(_ file: URL, sop: String? = nil) throws -> IncomingInstance {
      let folder = dir.appendingPathComponent("incoming")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let copy = folder.appendingPathComponent(UUID().uuidString)
      try FileManager.default.copyItem(at: file, to: copy)
      let header = try InstanceHeader.read(file)
      return IncomingInstance(
        sopClassUID: header.sopClassUID, sopInstanceUID: sop ?? header.sopInstanceUID,
        transferSyntaxUID: "1.2.840.10008.1.2.1", temporaryFile: copy, callingAETitle: "MODALITY")
    }

    func storedFiles() -> [String] {
      let walker = FileManager.default.enumerator(atPath: dir.appendingPathComponent("storage").path)
      return (walker?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".dcm") }
    }
  }

  @Test func anInstanceIsFiledUnderItsStudyAndRegisteredBeforeSuccess() throws {
    let f = try Fixture()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let incoming = try f.incoming(f.files[0])
    #expect(f.intake().accept(incoming) == DIMSEStatus.success)
    #expect(!FileManager.default.fileExists(atPath: incoming.temporaryFile.path))
    let header = try InstanceHeader.read(f.files[0])
    let stored = try f.store.instances(studyInstanceUID: header.studyInstanceUID)
    #expect(stored.count == 1)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: try #require(stored.first).path))
    #expect(bytes == (try Data(contentsOf: f.files[0])))
    #expect(try f.store.queuedStudy(header.studyInstanceUID)?.state == .receiving)
  }

  @Test func theSameBytesTwiceAreOneInstanceAndOtherBytesUnderTheSameUIDAreAConflict() throws {
    let f = try Fixture()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let intake = f.intake()
    #expect(intake.accept(try f.incoming(f.files[0])) == 0)
    #expect(intake.accept(try f.incoming(f.files[0])) == 0)
    #expect(try f.store.instanceCounts().instances == 1)
    #expect(f.storedFiles().count == 1)
    // Another image claiming the first one's SOP Instance UID: kept apart, the first untouched.
    let uid = try InstanceHeader.read(f.files[0]).sopInstanceUID
    #expect(intake.accept(try f.incoming(f.files[1], sop: uid)) == 0)
    let counts = try f.store.instanceCounts()
    #expect(counts.instances == 1)
    #expect(counts.conflicts == 1)
    #expect(f.storedFiles().count == 2)
  }

  @Test func belowTheFreeDiskWatermarkStoresAreRefusedWithA700AndNothingIsKept() throws {
    let f = try Fixture()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let intake = f.intake(minimumFreeBytes: .max)
    #expect(!intake.hasRoom())
    let incoming = try f.incoming(f.files[0])
    #expect(intake.accept(incoming) == DIMSEStatus.outOfResources)
    #expect(!FileManager.default.fileExists(atPath: incoming.temporaryFile.path))
    #expect(try f.store.instanceCounts().instances == 0)
  }

  @Test func aFileThatIsNotDICOMIsRefusedWithC000() throws {
    let f = try Fixture()
    defer { try? FileManager.default.removeItem(at: f.dir) }
    let junk = f.dir.appendingPathComponent("junk")
    try Data("not dicom at all".utf8).write(to: junk)
    let status = f.intake().accept(
      IncomingInstance(
        sopClassUID: "1.2", sopInstanceUID: "1.2.3", transferSyntaxUID: "1.2.840.10008.1.2.1", temporaryFile: junk,
        callingAETitle: "X"))
    #expect(status == DIMSEStatus.cannotUnderstand)
    #expect(try f.store.instanceCounts().instances == 0)
  }
}
