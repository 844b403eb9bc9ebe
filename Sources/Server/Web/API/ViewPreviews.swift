import BIRADS
import Classifier
import DICOM
import Foundation
import Raster
import Synchronization

/// Downsampled PNG previews of stored views, rendered by densa itself from the DICOM files (not
/// for diagnostic interpretation), with the side of the chest wall so a page can hang them.
///
/// Rendering decodes the whole image, so the last few are kept in memory.
public final class ViewPreviews: Sendable {
  /// A rendered view.
  public struct Preview: Sendable {
    public var png: Data
    /// Where the chest wall is in the stored image (and so in the PNG and any heatmap of it).
    public var chestWallOnRight: Bool
  }

  /// The longer side of a preview, in pixels.
  public let maxDimension: Int
  private let capacity: Int
  private let cache = Mutex<[(path: String, preview: Preview)]>([])

  public init(maxDimension: Int = 768, capacity: Int = 32) {
    self.maxDimension = maxDimension
    self.capacity = capacity
  }

  /// The preview of the image at `path`, a view of `view` (R-CC, L-MLO…).
  public func preview(path: String, view: String) throws -> Preview {
    if let hit = cache.withLock({ entries in entries.first { $0.path == path }?.preview }) { return hit }
    let image = try MammogramDecoder.decode(URL(fileURLWithPath: path), maxDimension: maxDimension)
    let laterality: Laterality? = view.hasPrefix("R") ? .right : view.hasPrefix("L") ? .left : nil
    let chestWallOnRight =
      (try? BreastMask(segmenting: image, laterality: laterality).chestWallOnRight) ?? (laterality == .left)
    let samples = image.pixels.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
    let preview = Preview(
      png: PNGImage(width: image.width, height: image.height, channels: .gray, samples: samples).encoded(),
      chestWallOnRight: chestWallOnRight)
    cache.withLock { entries in
      entries.removeAll { $0.path == path }
      entries.append((path, preview))
      if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
    return preview
  }

  /// Whether a view must be mirrored for the standard hanging (right breast on the viewer's left,
  /// chest walls facing each other): a right view shows its chest wall on the right, a left view
  /// on the left.
  public static func mirrored(view: String, chestWallOnRight: Bool) -> Bool {
    view.hasPrefix("R") ? !chestWallOnRight : chestWallOnRight
  }
}
