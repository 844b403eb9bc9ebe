import Foundation

/// Walks folders for mammograms, reading headers in parallel; whatever is not a readable
/// mammogram is reported, never fatal.
public enum StudyScanner {
  /// A file or folder that was passed over, and why.
  public struct Skipped: Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
  }

  public struct Result: Sendable {
    public var images: [ScannedImage]
    public var skipped: [Skipped]
  }

  /// Every file under `paths` (files are taken as given; a DICOMDIR stands for its folder).
  public static func scan(_ paths: [URL]) -> Result {
    var files: [URL] = []
    var skipped: [Skipped] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
        skipped.append(Skipped(path: path.path, reason: "no such file or folder"))
        continue
      }
      if !isDirectory.boolValue && path.lastPathComponent.uppercased() != "DICOMDIR" {
        files.append(path)
        continue
      }
      let folder = isDirectory.boolValue ? path : path.deletingLastPathComponent()
      guard FileManager.default.isReadableFile(atPath: folder.path),
        let walker = FileManager.default.enumerator(
          at: folder, includingPropertiesForKeys: [.isRegularFileKey],
          errorHandler: { url, error in
            skipped.append(Skipped(path: url.path, reason: "unreadable (\(error.localizedDescription))"))
            return true
          })
      else {
        skipped.append(Skipped(path: folder.path, reason: "unreadable folder"))
        continue
      }
      for case let url as URL in walker {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
        let name = url.lastPathComponent
        // Indexes and densa's own side files are not images.
        if name.uppercased() == "DICOMDIR" || name.hasPrefix(".") { continue }
        if ["txt", "json", "csv", "png", "md", "jsonl", "hl7"].contains(url.pathExtension.lowercased()) { continue }
        files.append(url)
      }
    }
    let outcomes = readAll(files.sorted { $0.path < $1.path })
    var images: [ScannedImage] = []
    for outcome in outcomes {
      switch outcome {
      case .success(let image): images.append(image)
      case .failure(let error): skipped.append(Skipped(path: error.file, reason: error.reasonText))
      }
    }
    return Result(images: images, skipped: skipped)
  }

  /// Headers read concurrently, results in input order.
  private static func readAll(_ files: [URL]) -> [Swift.Result<ScannedImage, DICOMError>] {
    let results = ResultBox(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
      let outcome: Swift.Result<ScannedImage, DICOMError>
      do throws(DICOMError) {
        outcome = .success(ScannedImage(url: files[i], mammogram: try MammogramReader.read(files[i])))
      } catch {
        outcome = .failure(error)
      }
      results.set(i, outcome)
    }
    return results.values
  }
}

/// Slots written by concurrent readers, each index by exactly one.
private final class ResultBox: @unchecked Sendable {
  private var slots: [Swift.Result<ScannedImage, DICOMError>?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ i: Int, _ value: Swift.Result<ScannedImage, DICOMError>) {
    lock.lock()
    slots[i] = value
    lock.unlock()
  }

  var values: [Swift.Result<ScannedImage, DICOMError>] { slots.map { $0! } }
}
