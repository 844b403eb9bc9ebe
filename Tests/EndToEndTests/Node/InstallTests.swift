import Foundation
import TestSupport
import Testing

/// `make install` into a temporary prefix, then densa run from an unrelated working directory.
@Suite struct InstallTests {
  @Test func anInstalledDensaProcessesAndServesFromAnyWorkingDirectory() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("densa-install-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let prefix = root.appendingPathComponent("prefix")
    let install = try ExternalProcess.run(
      "/usr/bin/make",
      ["-C", repositoryRoot.path, "install", "PREFIX=\(prefix.path)", "DENSA=\(DensaBinary.url.path)"],
      timeout: 300)
    try #require(install.status == 0, "\(install.stdout)\n\(install.stderr)")
    let densa = prefix.appendingPathComponent("bin/densa").path
    for file in [
      "share/densa/models/densa-demo.safetensors", "share/densa/models/densa-demo.card.json",
      "share/densa/config/densa.yaml", "etc/densa/densa.yaml", "lib/systemd/system/densa.service",
    ] {
      #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file)")
    }
    let unit = try String(
      contentsOf: prefix.appendingPathComponent("lib/systemd/system/densa.service"), encoding: .utf8)
    #expect(unit.contains("ExecStart=\(prefix.path)/bin/densa serve"))

    // A folder that has nothing of densa's.
    let work = root.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let synth = try ExternalProcess.run(
      densa, ["synth", "--out", "set", "--exams", "2", "--seed", "5", "--scale", "0.1"], in: work)
    try #require(synth.status == 0, "\(synth.stderr)")
    let process = try ExternalProcess.run(densa, ["process", "set"], in: work, timeout: 300)
    #expect(process.status == 0, "\(process.stderr)")
    #expect(process.stdout.contains("2 processed"))
    #expect(process.stdout.contains("densa-demo"))

    let serve = try BackgroundProcess(
      densa, ["serve", "--dicom-port", "0", "--hl7-port", "0", "--http-port", "0", "--allow-ae", "STORESCU"], in: work,
      name: "serve")
    #expect(BackgroundProcess.waitUntil(timeout: 60) { serve.stdout.contains("densa serve: listening") })
    #expect(serve.stop() == 0, "\(serve.stderr.suffix(2000))")
    #expect(serve.stdout.contains("densa serve: stopped"))

    // A missing model says the weights are missing.
    let missing = try ExternalProcess.run(densa, ["process", "set", "--model", "nowhere.safetensors"], in: work)
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("model weights not found"))
  }
}
