import Raster

/// What the model says about one view.
public struct ViewPrediction: Sendable {
  public var logits: [Float]
  public var probabilities: DensityProbabilities
  /// How the model input maps back onto the view.
  public var geometry: PreprocessingGeometry
  /// Grad-CAM for the predicted class on the last stage's grid (`camWidth x camHeight`), when asked.
  public var cam: [Float]?
  public var camWidth: Int
  public var camHeight: Int

  public init(
    logits: [Float], probabilities: DensityProbabilities, geometry: PreprocessingGeometry, cam: [Float]?,
    camWidth: Int, camHeight: Int
  ) {
    self.logits = logits
    self.probabilities = probabilities
    self.geometry = geometry
    self.cam = cam
    self.camWidth = camWidth
    self.camHeight = camHeight
  }

  /// The Grad-CAM map laid over the view as a PNG (red = where the evidence for the predicted class
  /// lies), or nil when no map was computed.
  public func heatmapPNG(on view: GrayImage, maxDimension: Int = 1024) -> PNGImage? {
    guard var cam else { return nil }
    let peak = cam.max() ?? 0
    if peak > 0 { cam = cam.map { $0 / peak } }
    let heat = viewHeatmap(cam, mapWidth: camWidth, mapHeight: camHeight, geometry: geometry)
    let stride = max(1, (max(view.width, view.height) + maxDimension - 1) / maxDimension)
    return heatmapOverlay(view: view, heat: heat, stride: stride)
  }
}
