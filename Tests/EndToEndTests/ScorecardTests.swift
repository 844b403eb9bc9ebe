import Foundation
import TestSupport
import Testing

/// The density scorecard of `densa process` with the bundled demo model, read by outside tools:
/// dciodvfy (the Secondary Capture IOD), dcmdump (its header) and dcm2pnm (its pixels). The
/// picture of each exam is kept as a PNG in `.build/test-artifacts/scorecard` (or
/// `$DENSA_TEST_ARTIFACTS/scorecard`) for a person to look at.
@Suite(.serialized) struct ScorecardTests {
  /// Where the PNGs go.
  static var artifacts: URL {
    let root =
      ProcessInfo.processInfo.environment["DENSA_TEST_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
      ?? repositoryRoot.appendingPathComponent(".build/test-artifacts")
    return root.appendingPathComponent("scorecard")
  }

  /// The value of one attribute in dcmdump's line for it (`(0020,0011) IS [9902] …`).
  static func dumped(_ text: String, _ tag: String) -> [String] {
    text.split(separator: "\n").filter { $0.hasPrefix(tag) || $0.contains(" \(tag) ") }.compactMap { line in
      line.split(separator: "[", maxSplits: 1).dropFirst().first?.split(separator: "]").first.map(String.init)
    }
  }

  /// A binary PPM (P6) as width, height and RGB samples.
  static func readPPM(_ url: URL) throws -> (width: Int, height: Int, rgb: [UInt8]) {
    let bytes = [UInt8](try Data(contentsOf: url))
    // Header: "P6", width, height, maxval, each followed by whitespace.
    var fields = [String]()
    var i = 0
    while fields.count < 4 {
      var field = ""
      while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A { i += 1 }
      while i < bytes.count, bytes[i] != 0x20 && bytes[i] != 0x0A {
        field.append(Character(UnicodeScalar(bytes[i])))
        i += 1
      }
      fields.append(field)
    }
    i += 1
    try #require(fields[0] == "P6" && fields[3] == "255", "\(fields)")
    let width = try #require(Int(fields[1])), height = try #require(Int(fields[2]))
    return (width, height, Array(bytes[i...]))
  }

  @Test func aDemoRunWritesAValidScorecardWithTheDemoNoticeAndHeatmapsBesideEachSR() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-scorecard-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    // `make run`'s data: full-size phantoms of seed 7, Spanish reports, the bundled demo model.
    let set = dir.appendingPathComponent("demo").path
    let synth = try DensaBinary.run(
      ["synth", "--out", set, "--exams", "2", "--seed", "7"], in: repositoryRoot, timeout: 600)
    try #require(synth.status == 0, "\(synth.stderr)")
    let out = dir.appendingPathComponent("out")
    let run = try DensaBinary.run(
      [
        "process", set, "--model", repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path,
        "--db", dir.appendingPathComponent("densa.sqlite").path, "--out", out.path,
      ], in: repositoryRoot, timeout: 600)
    try #require(run.status == 0, "\(run.stderr)")
    let jsons = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix("result.json") }.sorted()
    #expect(jsons.count == 2)
    try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
    for path in jsons {
      let json = out.appendingPathComponent(path)
      let folder = json.deletingLastPathComponent()
      let result = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
      let entry = try #require(result["scorecard"] as? [String: Any], "no scorecard in \(path)")
      #expect(entry["file"] as? String == "scorecard.dcm")
      let scorecard = folder.appendingPathComponent("scorecard.dcm")
      #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("density-sr.dcm").path))

      let vfy = try ExternalProcess.run("/usr/bin/dciodvfy", [scorecard.path])
      let errors = (vfy.stdout + vfy.stderr).split(separator: "\n").filter { $0.hasPrefix("Error") }
      #expect(errors.isEmpty, "\(path): \(errors)")

      // The header: in the exam's study, its own series, derived from exactly the classified views.
      let dump = try ExternalProcess.run("/usr/bin/dcmdump", ["-Un", scorecard.path]).stdout
      let exam = result["exam"] as! [String: Any]
      #expect(Self.dumped(dump, "(0008,0016)") == ["1.2.840.10008.5.1.4.1.1.7"])
      #expect(Self.dumped(dump, "(0008,0018)") == [entry["sopInstanceUID"] as! String])
      #expect(Self.dumped(dump, "(0020,000d)") == [exam["studyInstanceUID"] as! String])
      #expect(Self.dumped(dump, "(0020,0011)") == ["9902"])
      #expect(Self.dumped(dump, "(0028,0004)") == ["RGB"] && Self.dumped(dump, "(0028,0301)") == ["YES"])
      let srSeries = Self.dumped(
        try ExternalProcess.run(
          "/usr/bin/dcmdump", ["+P", "0020,000e", folder.appendingPathComponent("density-sr.dcm").path]
        )
        .stdout, "(0020,000e)")
      #expect(Self.dumped(dump, "(0020,000e)") != srSeries)
      let views = (result["views"] as! [[String: Any]]).map { $0["sopInstanceUID"] as! String }
      #expect(Set(Self.dumped(dump, "(0008,1155)")) == Set(views))

      // The pixels as DCMTK renders them: a PNG for people, a PPM to measure.
      let accession = exam["accession"] as? String ?? "exam"
      let png = Self.artifacts.appendingPathComponent("\(accession).png")
      let toPNG = try ExternalProcess.run("/usr/bin/dcm2pnm", ["+on", "-il", scorecard.path, png.path])
      #expect(toPNG.status == 0, "\(toPNG.stderr)")
      let ppm = dir.appendingPathComponent("\(accession).ppm")
      let toPPM = try ExternalProcess.run("/usr/bin/dcm2pnm", ["--write-raw-pnm", scorecard.path, ppm.path])
      try #require(toPPM.status == 0, "\(toPPM.stderr)")
      let picture = try Self.readPPM(ppm)
      #expect(picture.width == 1280 && picture.height == 1024 && picture.rgb.count == 1280 * 1024 * 3)
      func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
        let i = (y * picture.width + x) * 3
        return (Int(picture.rgb[i]), Int(picture.rgb[i + 1]), Int(picture.rgb[i + 2]))
      }
      // The demo notice: a red band under the title, with white text in it.
      var red = 0, white = 0
      for y in 70..<118 {
        for x in 0..<picture.width {
          let (r, g, b) = pixel(x, y)
          if r > 150 && g < 60 && b < 60 { red += 1 }
          if r > 230 && g > 230 && b > 230 { white += 1 }
        }
      }
      #expect(red > picture.width * 48 / 2, "no red notice band (\(red) red pixels)")
      #expect(white > 2000, "no text in the notice band (\(white) white pixels)")
      // The heatmaps: saturated colours inside the thumbnail grid (the views themselves are gray).
      var coloured = 0
      for y in stride(from: 140, to: 980, by: 2) {
        for x in stride(from: 16, to: 796, by: 2) {
          let (r, g, b) = pixel(x, y)
          if max(r, g, b) - min(r, g, b) > 60 { coloured += 1 }
        }
      }
      #expect(coloured > 1000, "no heatmap colours in the thumbnails (\(coloured))")
      // Text in the findings panel: light pixels on the dark panel.
      var light = 0
      for y in 140..<500 {
        for x in 830..<1260 where pixel(x, y).0 > 200 && pixel(x, y).1 > 200 { light += 1 }
      }
      #expect(light > 1500, "no text in the findings panel (\(light))")
    }
    // Written on each run with the same UIDs: a rerun replaces the scorecard instead of adding one.
    let first = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(jsons[0])))
    let again = try DensaBinary.run(
      [
        "process", set, "--model", repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path,
        "--db", dir.appendingPathComponent("densa-2.sqlite").path, "--out", out.path,
      ], in: repositoryRoot, timeout: 600)
    try #require(again.status == 0, "\(again.stderr)")
    let second = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(jsons[0])))
    let uid = { (o: Any) in ((o as! [String: Any])["scorecard"] as! [String: Any])["sopInstanceUID"] as! String }
    #expect(uid(first) == uid(second))
  }
}
