import Foundation
import Synth
import Worklist

/// The ground truth a `densa synth` folder carries in `manifest.json`, or nil when a folder has none.
func synthGroundTruth(in paths: [String]) throws -> GroundTruth? {
  for path in paths {
    let manifestURL = URL(fileURLWithPath: path).appendingPathComponent("manifest.json")
    guard let bytes = FileManager.default.contents(atPath: manifestURL.path) else { continue }
    let manifest: Manifest
    do { manifest = try JSONDecoder().decode(Manifest.self, from: bytes) } catch {
      throw CommandError("\(manifestURL.path): not a densa synth manifest (\(error))")
    }
    var entries = [String: GroundTruth.Entry]()
    for e in manifest.exams {
      entries[e.accession] = .init(exam: e.composition, right: e.right.composition, left: e.left.composition)
    }
    return GroundTruth(entries: entries, source: "\(manifestURL.path) (synthetic ground truth)")
  }
  return nil
}
