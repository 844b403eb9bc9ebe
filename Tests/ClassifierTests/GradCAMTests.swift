import Foundation
import Testing

@testable import Classifier

@Suite("Grad-CAM")
struct GradCAMTests {
  func randomHead(channels: Int, classes: Int, rng: inout SplitMix) -> ClassifierHead {
    ClassifierHead(
      normWeight: (0..<channels).map { _ in 0.5 + rng.unit() }, normBias: (0..<channels).map { _ in rng.unit() - 0.5 },
      fcWeight: (0..<(channels * classes)).map { _ in 2 * rng.unit() - 1 },
      fcBias: (0..<classes).map { _ in rng.unit() })
  }

  @Test("the analytic gradient matches central finite differences")
  func gradientMatchesFiniteDifferences() {
    var rng = SplitMix(state: 11)
    let (h, w, c) = (3, 4, 6)
    let head = randomHead(channels: c, classes: 4, rng: &rng)
    let features = FeatureMap(
      values: (0..<(h * w * c)).map { _ in 2 * rng.unit() - 0.5 }, height: h, width: w, channels: c)
    for k in 0..<4 {
      let pooledGradient = GradCAM.pooledGradient(features, head: head, classIndex: k)
      var worst = 0.0
      var largest = 0.0
      for index in Swift.stride(from: 0, to: features.values.count, by: 5) {
        var plus = features, minus = features
        plus.values[index] += 0.01
        minus.values[index] -= 0.01
        let step = Double(plus.values[index]) - Double(minus.values[index])
        let numeric = (GradCAM.logits(plus, head: head)[k] - GradCAM.logits(minus, head: head)[k]) / step
        let analytic = pooledGradient[index % c] / Double(h * w)
        worst = max(worst, abs(numeric - analytic))
        largest = max(largest, abs(analytic))
      }
      #expect(largest > 1e-3)
      #expect(worst < 1e-3 * largest + 1e-6, "class \(k): error \(worst) for gradients up to \(largest)")
    }
  }

  /// A feature map with the same tissue vector everywhere and an extra signal at one cell, and
  /// the class whose map the signal drives (LayerNorm is scale-invariant, so the baseline is
  /// what lets the spot stand out).
  func hotSpotFeatures(height: Int, width: Int, spot: (x: Int, y: Int), head: ClassifierHead, rng: inout SplitMix)
    -> (FeatureMap, Int)?
  {
    let c = head.channels
    let baseline = (0..<c).map { _ in rng.unit() }
    let signal = (0..<c).map { _ in 3 * rng.unit() }
    var values = [Float](repeating: 0, count: height * width * c)
    for p in 0..<(height * width) {
      for i in 0..<c { values[p * c + i] = baseline[i] + 0.01 * rng.unit() }
    }
    for i in 0..<c { values[(spot.y * width + spot.x) * c + i] += signal[i] }
    let features = FeatureMap(values: values, height: height, width: width, channels: c)
    for k in 0..<head.classes {
      let g = GradCAM.pooledGradient(features, head: head, classIndex: k)
      let drive = (0..<c).reduce(0.0) { $0 + g[$1] * Double(signal[$1]) }
      if drive > 0.05 { return (features, k) }
    }
    return nil
  }

  @Test("the map peaks at the hot spot and maps back to it on the view, flipped or not", arguments: [false, true])
  func hotSpotMapsBack(chestWallOnRight: Bool) throws {
    var rng = SplitMix(state: 5)
    let head = randomHead(channels: 16, classes: 4, rng: &rng)
    let view = SyntheticView(chestWallOnRight: chestWallOnRight)
    let input = try preprocess(view.image, laterality: nil, options: PreprocessingOptions())
    let g = input.geometry
    // A point inside the breast, a third of the way from the chest wall.
    let target = (x: chestWallOnRight ? 800.0 - 0.3 * view.semiX : 0.3 * view.semiX, y: view.centreY - 0.4 * view.semiY)
    let inputPoint = try #require(g.inputPoint(viewX: target.x, viewY: target.y))
    let (mapW, mapH) = (g.inputWidth / 32, g.inputHeight / 32)
    let spot = (x: Int(inputPoint.x) / 32, y: Int(inputPoint.y) / 32)
    let (features, k) = try #require(hotSpotFeatures(height: mapH, width: mapW, spot: spot, head: head, rng: &rng))
    let cam = GradCAM.map(features, head: head, classIndex: k)
    #expect(cam[spot.y * mapW + spot.x] == 1)
    #expect(cam.filter { $0 > 0.5 }.count == 1)

    let heat = viewHeatmap(cam, mapWidth: mapW, mapHeight: mapH, geometry: g)
    let peak = heat.pixels.indices.max { heat.pixels[$0] < heat.pixels[$1] }!
    let (px, py) = (Double(peak % heat.width), Double(peak / heat.width))
    // The spot's cell centre, mapped back, is where the peak must be (within a pixel or two).
    let cellCentre = try #require(g.viewPoint(inputX: (Double(spot.x) + 0.5) * 32, inputY: (Double(spot.y) + 0.5) * 32))
    #expect(abs(px + 0.5 - cellCentre.x) < 2 && abs(py + 0.5 - cellCentre.y) < 2, "peak \(px),\(py) vs \(cellCentre)")
    // And that is within one cell of the point the spot was placed for.
    let cellInView = 32 / g.scaleX
    #expect(abs(px - target.x) < cellInView && abs(py - target.y) < cellInView)

    let overlay = heatmapOverlay(view: view.image, heat: heat, alpha: 0.6)
    #expect(overlay.channels == .rgb && overlay.width == view.image.width)
    let url = FileManager.default.temporaryDirectory.appending(
      path: "densa-gradcam-\(chestWallOnRight ? "R" : "L").png")
    try overlay.write(to: url)
    let bytes = try Data(contentsOf: url)
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    // Where the heat is high the overlay is red-dominated; where there is none it stays gray.
    let o = peak * 3
    #expect(overlay.samples[o] > overlay.samples[o + 2])
    let cold = 5 * heat.width + 5
    #expect(
      overlay.samples[cold * 3] == overlay.samples[cold * 3 + 1]
        && overlay.samples[cold * 3 + 1] == overlay.samples[cold * 3 + 2])
  }
}
