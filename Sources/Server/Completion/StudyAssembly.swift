import DICOM
import Foundation
import Worklist

/// Builds the exam of a received study from its stored instances, with the same scanning and
/// view-choice rules as `densa process` (latest retake, no spot views, FOR PRESENTATION first).
/// Headers already read are kept, so a study that receives images for minutes is not re-read.
final class StudyAssembly: @unchecked Sendable {
  private var headers: [String: ScannedImage] = [:]
  /// Instances that are not usable mammograms (tomosynthesis, other objects): not read again.
  private var passedOver: Set<String> = []
  private let lock = NSLock()

  /// The study's exam, or nil when none of its instances is a usable mammogram.
  func exam(of instances: [StoredInstance]) -> Exam? {
    var images = [ScannedImage]()
    var unread = [URL]()
    lock.withLock {
      // Tomosynthesis and projection objects are read (they are MG) but never chosen as views.
      for instance in instances {
        if let known = headers[instance.path] {
          images.append(known)
        } else if !passedOver.contains(instance.path) {
          unread.append(URL(fileURLWithPath: instance.path))
        }
      }
    }
    if !unread.isEmpty {
      // Tomosynthesis and other non-MG objects are skipped here: stored, never classified.
      let scan = StudyScanner.scan(unread)
      lock.withLock {
        for image in scan.images { headers[image.url.path] = image }
        for skipped in scan.skipped { passedOver.insert(skipped.path) }
      }
      images += scan.images
    }
    return ExamAssembler.assemble(images).first
  }

  /// Forgets a study's headers once it is processed.
  func forget(_ instances: [StoredInstance]) {
    lock.withLock {
      for instance in instances {
        headers[instance.path] = nil
        passedOver.remove(instance.path)
      }
    }
  }
}
