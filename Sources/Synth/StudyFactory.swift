import Foundation

/// Writes synthetic screening exams: four DICOM views each (through ``MammogramWriter``), a
/// Spanish report, and the ground-truth manifest. The same options give the same bytes.
public enum StudyFactory {
  /// One image to render and write.
  struct ImageJob: Sendable {
    var header: Mammogram
    var spec: PhantomSpec
    var flip: Bool
    var url: URL
  }

  /// Writes everything under `directory` and returns the manifest (also written there).
  public static func make(_ options: SynthOptions, in directory: URL) throws -> Manifest {
    let fm = FileManager.default
    try fm.createDirectory(at: directory.appendingPathComponent("reports"), withIntermediateDirectories: true)
    var exams: [Manifest.Exam] = []
    var jobs: [ImageJob] = []
    var reports: [(URL, String)] = []
    for index in 0..<options.exams {
      var rng = SeededGenerator(seed: options.seed).derived(UInt64(index) + 1)
      let plan = ExamPlan(index: index, options: options, rng: &rng)
      var planned = [plan]
      if rng.unit() < options.priorStudyRate { planned.append(plan.prior(rng: &rng)) }
      for p in planned {
        let (exam, examJobs) = try p.materialise(options: options, in: directory)
        exams.append(exam)
        jobs += examJobs
        reports.append((directory.appendingPathComponent(exam.reportPath), p.reportText))
      }
    }
    for (url, text) in reports { try text.write(to: url, atomically: true, encoding: .utf8) }
    let failures = FailureBox()
    let allJobs = jobs
    DispatchQueue.concurrentPerform(iterations: allJobs.count) { i in
      do { try render(allJobs[i]) } catch { failures.add("\(error)") }
    }
    if let first = failures.first { throw SynthError(message: first) }
    let manifest = Manifest(
      generator: "densa synth (PhantomRenderer 1)", seed: options.seed, syntheticNotForClinicalUse: true, exams: exams)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(manifest).write(to: directory.appendingPathComponent("manifest.json"), options: .atomic)
    try manifest.csv.write(to: directory.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
    return manifest
  }

  static func render(_ job: ImageJob) throws {
    let phantom = PhantomRenderer.render(job.spec)
    let m = job.header
    let maximum = Float((1 << m.bitsStored) - 1)
    let width = job.spec.width
    var pixels = [UInt16](repeating: 0, count: width * job.spec.height)
    phantom.image.pixels.withUnsafeBufferPointer { src in
      for y in 0..<job.spec.height {
        for x in 0..<width {
          let v = src[y * width + (job.flip ? width - 1 - x : x)]
          let stored = m.photometricInterpretation == .monochrome1 ? (1 - v) * maximum : v * maximum
          pixels[y * width + x] = UInt16(stored.rounded())
        }
      }
    }
    try FileManager.default.createDirectory(at: job.url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try MammogramWriter.write(m, pixels: pixels, to: job.url)
  }
}

/// A synthesis failure, with the file it concerns.
public struct SynthError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Errors from concurrent renders, collected under a lock.
private final class FailureBox: @unchecked Sendable {
  private var messages: [String] = []
  private let lock = NSLock()
  func add(_ message: String) {
    lock.lock()
    messages.append(message)
    lock.unlock()
  }
  var first: String? {
    lock.lock()
    defer { lock.unlock() }
    return messages.sorted().first
  }
}
