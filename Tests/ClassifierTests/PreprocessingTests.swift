import Foundation
import Testing

@testable import Classifier

@Suite("Preprocessing")
struct PreprocessingTests {
  @Test("the breast mask matches the true ellipse", arguments: [false, true])
  func maskMatchesEllipse(chestWallOnRight: Bool) throws {
    let view = SyntheticView(chestWallOnRight: chestWallOnRight)
    let mask = try BreastMask(segmenting: view.image, laterality: nil)
    var intersection = 0, union = 0
    for y in 0..<view.image.height {
      for x in 0..<view.image.width {
        let truth = view.isBreast(x: x, y: y)
        let found = mask.contains(x: x, y: y)
        if truth && found { intersection += 1 }
        if truth || found { union += 1 }
      }
    }
    let iou = Double(intersection) / Double(union)
    #expect(iou > 0.9, "IoU \(iou)")
    #expect(mask.chestWallOnRight == chestWallOnRight)
  }

  @Test("left and right views end with the chest wall on the left, whatever the laterality says")
  func flipsToChestWallLeft() throws {
    let options = PreprocessingOptions(inputHeight: 256, inputWidth: 256)
    for chestWallOnRight in [false, true] {
      let view = SyntheticView(chestWallOnRight: chestWallOnRight)
      // Laterality contradicting the content must not win over it.
      let input = try preprocess(view.image, laterality: chestWallOnRight ? .left : .right, options: options)
      #expect(input.geometry.flipped == chestWallOnRight)
      let g = input.geometry
      let firstColumn = columnMean(input, x: g.offsetX + 1)
      let lastColumn = columnMean(input, x: g.offsetX + g.contentWidth - 2)
      #expect(firstColumn > lastColumn + 0.1, "left \(firstColumn) right \(lastColumn)")
    }
  }

  @Test("nothing of the breast is cropped away and the label does not enlarge the crop", arguments: [false, true])
  func cropKeepsBreastAndIgnoresLabel(chestWallOnRight: Bool) throws {
    let withLabel = SyntheticView(chestWallOnRight: chestWallOnRight, label: true)
    let withoutLabel = SyntheticView(chestWallOnRight: chestWallOnRight, label: false)
    let options = PreprocessingOptions()
    let g = try preprocess(withLabel.image, laterality: nil, options: options).geometry
    let plain = try preprocess(withoutLabel.image, laterality: nil, options: options).geometry
    for y in 0..<withLabel.image.height {
      for x in 0..<withLabel.image.width where withLabel.isBreast(x: x, y: y) {
        #expect(x >= g.cropX && x < g.cropX + g.cropWidth && y >= g.cropY && y < g.cropY + g.cropHeight)
        if !(x >= g.cropX && x < g.cropX + g.cropWidth && y >= g.cropY && y < g.cropY + g.cropHeight) { return }
      }
    }
    // The label only shifts Otsu's threshold a little: the crop moves by at most a couple of cells.
    #expect(abs(g.cropX - plain.cropX) <= 4 && abs(g.cropY - plain.cropY) <= 4)
    #expect(abs(g.cropWidth - plain.cropWidth) <= 8 && abs(g.cropHeight - plain.cropHeight) <= 8)
    let label = try #require(withLabel.label)
    let labelInside =
      label.x + label.width > g.cropX && label.x < g.cropX + g.cropWidth
      && label.y + label.height > g.cropY && label.y < g.cropY + g.cropHeight
    #expect(!labelInside)
    // The crop is the breast, not the view: much smaller than the image.
    #expect(g.cropWidth * g.cropHeight < withLabel.image.width * withLabel.image.height * 8 / 10)
  }

  @Test("fatty tissue at the skin line is kept when dense tissue is much brighter", arguments: [false, true])
  func fattyPeripheryKept(chestWallOnRight: Bool) throws {
    let view = SyntheticView(chestWallOnRight: chestWallOnRight, label: true, denseCore: true)
    let g = try preprocess(view.image, laterality: nil, options: PreprocessingOptions()).geometry
    var outside = 0
    for y in 0..<view.image.height {
      for x in 0..<view.image.width where view.radius(x: Double(x) + 0.5, y: Double(y) + 0.5) < 0.97 {
        if !(x >= g.cropX && x < g.cropX + g.cropWidth && y >= g.cropY && y < g.cropY + g.cropHeight) { outside += 1 }
      }
    }
    #expect(
      outside == 0, "\(outside) breast pixels outside the crop \(g.cropX),\(g.cropY) \(g.cropWidth)×\(g.cropHeight)")
    let label = try #require(view.label)
    #expect(
      !(label.x + label.width > g.cropX && label.x < g.cropX + g.cropWidth && label.y + label.height > g.cropY
        && label.y < g.cropY + g.cropHeight))
  }

  @Test("the aspect ratio is kept and the content fits the input")
  func aspectRatioKept() throws {
    let view = SyntheticView(width: 600, height: 1000, chestWallOnRight: false)
    let options = PreprocessingOptions(inputHeight: 320, inputWidth: 256)
    let g = try preprocess(view.image, laterality: nil, options: options).geometry
    #expect(g.contentWidth <= 256 && g.contentHeight <= 320)
    #expect(g.contentWidth == 256 || g.contentHeight == 320)
    let cropRatio = Double(g.cropWidth) / Double(g.cropHeight)
    let contentRatio = Double(g.contentWidth) / Double(g.contentHeight)
    #expect(abs(cropRatio - contentRatio) < 1.0 / Double(min(g.contentWidth, g.contentHeight)) * 2)
  }

  @Test("the tensor is CHW, replicated gray, normalised with each channel's mean and deviation")
  func normalisation() throws {
    let view = SyntheticView(chestWallOnRight: true)
    let options = PreprocessingOptions(inputHeight: 128, inputWidth: 128)
    let input = try preprocess(view.image, laterality: nil, options: options)
    #expect(input.tensor.count == 3 * 128 * 128)
    let plane = 128 * 128
    var restored: [[Float]] = []
    for c in 0..<3 {
      restored.append(input.tensor[(c * plane)..<((c + 1) * plane)].map { $0 * options.std[c] + options.mean[c] })
    }
    for i in 0..<plane {
      #expect(abs(restored[0][i] - restored[1][i]) < 1e-5 && abs(restored[0][i] - restored[2][i]) < 1e-5)
      #expect(restored[0][i] >= -1e-5 && restored[0][i] <= 1 + 1e-5)
    }
    let g = input.geometry
    if g.contentWidth < 128 {
      // Padding is background: intensity 0 before normalisation.
      #expect(abs(restored[0][127]) < 1e-6)
    }
    if g.offsetY > 0 {
      #expect(abs(restored[1][0]) < 1e-6)
    }
  }

  @Test("area resize keeps the mean intensity")
  func areaResizeKeepsMean() {
    var rng = SplitMix(state: 3)
    let image = GrayImage(width: 97, height: 61, pixels: (0..<(97 * 61)).map { _ in rng.unit() })
    let mean = image.pixels.reduce(0, +) / Float(image.pixels.count)
    for (w, h) in [(10, 7), (33, 20), (97, 61), (150, 90)] {
      let out = image.areaResized(cropX: 0, cropY: 0, cropWidth: 97, cropHeight: 61, width: w, height: h).pixels
      let outMean = out.reduce(0, +) / Float(out.count)
      // Each output sample is a weighted average; larger outputs are only approximately uniform.
      #expect(abs(outMean - mean) < (w <= 97 ? 1e-4 : 5e-3), "\(w)x\(h): \(outMean) vs \(mean)")
    }
  }

  @Test("geometry maps view points to the input and back", arguments: [false, true])
  func geometryRoundTrip(flipped: Bool) {
    let g = PreprocessingGeometry(
      viewWidth: 800, viewHeight: 1000, cropX: 10, cropY: 100, cropWidth: 500, cropHeight: 760, flipped: flipped,
      contentWidth: 337, contentHeight: 512, offsetX: 0, offsetY: 0, inputWidth: 512, inputHeight: 512)
    for (x, y) in [(10.0, 100.0), (200.5, 300.25), (509.0, 859.0)] {
      let p = g.inputPoint(viewX: x, viewY: y)!
      let back = g.viewPoint(inputX: p.x, inputY: p.y)!
      #expect(abs(back.x - x) < 1e-9 && abs(back.y - y) < 1e-9)
    }
    // The crop's left edge lands on the input's right content edge when flipped.
    #expect(g.inputPoint(viewX: 10, viewY: 500)!.x == (flipped ? 337 : 0))
    #expect(g.inputPoint(viewX: 5, viewY: 500) == nil)
    #expect(g.viewPoint(inputX: 400, inputY: 10) == nil)
  }

  @Test("blank views, non-finite samples and bad options are refused with a clear error")
  func errors() {
    let blank = GrayImage(width: 64, height: 64)
    #expect(throws: PreprocessingError.noBreastFound(width: 64, height: 64)) {
      try preprocess(blank, laterality: .left, options: PreprocessingOptions())
    }
    var broken = SyntheticView(width: 100, height: 120, chestWallOnRight: false).image
    broken.pixels[5] = .nan
    #expect(throws: PreprocessingError.nonFiniteSamples(count: 1)) {
      try preprocess(broken, laterality: nil, options: PreprocessingOptions())
    }
    let bad = PreprocessingOptions(mean: [0.5, 0.5], std: [0.2])
    do {
      _ = try preprocess(broken, laterality: nil, options: bad)
      Issue.record("mismatched mean/std accepted")
    } catch {
      #expect("\(error)".contains("mean/std"))
    }
  }

  @Test("options decode from a model card written before cropMargin existed")
  func optionsDecodeWithoutMargin() throws {
    let json = #"{"inputHeight":512,"inputWidth":384,"mean":[0.5],"std":[0.25],"cropToBreast":false}"#
    let options = try JSONDecoder().decode(PreprocessingOptions.self, from: Data(json.utf8))
    #expect(options.inputWidth == 384 && options.channels == 1 && !options.cropToBreast)
    #expect(options.cropMargin == PreprocessingOptions().cropMargin)
  }

  private func columnMean(_ input: ModelInput, x: Int) -> Float {
    let g = input.geometry
    var sum: Float = 0
    for y in g.offsetY..<(g.offsetY + g.contentHeight) { sum += input.tensor[y * input.width + x] }
    return sum / Float(g.contentHeight)
  }

  @Test func thePercentileIsTheSortedValueAtItsRank() {
    // Selection must give exactly what sorting gave: sizes from 1, many ties, sorted and reversed.
    var state: UInt64 = 42
    func next() -> Float {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(state >> 40 % 1000) / 7
    }
    var sets: [[Float]] = [
      [3], [2, 1], [5, 5, 5, 5], (0..<1000).map(Float.init), (0..<1000).reversed().map(Float.init),
    ]
    for n in [3, 17, 256, 4099, 200_000] { sets.append((0..<n).map { _ in next() }) }
    sets.append((0..<5000).map { _ in Float(Int(next()) % 4) })
    for values in sets {
      for fraction in [0, 0.02, 0.5, 0.98, 1] {
        let sorted = values.sorted()
        let expected = sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        #expect(BreastMask.percentile(values, fraction) == expected, "\(values.count) values at \(fraction)")
      }
    }
  }
}
