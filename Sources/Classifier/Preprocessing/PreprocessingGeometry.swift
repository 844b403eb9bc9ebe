/// Where the model input came from in the original view: enough to map any model-input point
/// (a heatmap, a box) back onto the view as the radiologist sees it.
///
/// The model input is built as: crop `crop` out of the view, resize it to
/// `contentWidth x contentHeight`, mirror it horizontally when `flipped`, then place it at
/// (`offsetX`, `offsetY`) in an `inputWidth x inputHeight` canvas of background.
public struct PreprocessingGeometry: Sendable, Hashable, Codable {
  /// Original view size in pixels.
  public var viewWidth: Int
  public var viewHeight: Int
  /// The cropped rectangle in view pixels (x, y of its top-left corner, then its size).
  public var cropX: Int
  public var cropY: Int
  public var cropWidth: Int
  public var cropHeight: Int
  /// Whether the crop was mirrored so that the chest wall is on the left.
  public var flipped: Bool
  /// Size of the resized crop inside the model input.
  public var contentWidth: Int
  public var contentHeight: Int
  /// Top-left corner of the resized crop inside the model input.
  public var offsetX: Int
  public var offsetY: Int
  /// Model input size.
  public var inputWidth: Int
  public var inputHeight: Int

  /// Horizontal and vertical scale from view pixels to model-input pixels.
  public var scaleX: Double { Double(contentWidth) / Double(cropWidth) }
  public var scaleY: Double { Double(contentHeight) / Double(cropHeight) }

  /// The model-input point (continuous pixel coordinates, 0 at the left edge of the first pixel)
  /// of a continuous view point, or nil when it lies outside the crop.
  public func inputPoint(viewX: Double, viewY: Double) -> (x: Double, y: Double)? {
    let cx = (viewX - Double(cropX)) * scaleX
    let cy = (viewY - Double(cropY)) * scaleY
    guard cx >= 0, cy >= 0, cx <= Double(contentWidth), cy <= Double(contentHeight) else { return nil }
    let mx = flipped ? Double(contentWidth) - cx : cx
    return (mx + Double(offsetX), cy + Double(offsetY))
  }

  /// The view point of a continuous model-input point, or nil when it lies in the padding.
  public func viewPoint(inputX: Double, inputY: Double) -> (x: Double, y: Double)? {
    let mx = inputX - Double(offsetX)
    let cy = inputY - Double(offsetY)
    guard mx >= 0, cy >= 0, mx <= Double(contentWidth), cy <= Double(contentHeight) else { return nil }
    let cx = flipped ? Double(contentWidth) - mx : mx
    return (Double(cropX) + cx / scaleX, Double(cropY) + cy / scaleY)
  }
}
