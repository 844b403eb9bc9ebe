import Raster
import Testing

@Suite struct AreaResamplingTests {
  @Test func halvingAveragesEachTwoByTwoBlock() {
    let image = GrayImage(width: 4, height: 2, pixels: [0, 1, 2, 3, 4, 5, 6, 7])
    let half = image.areaResized(width: 2, height: 1)
    let expected: [Float] = [2.5, 4.5]  // (0+1+4+5)/4, (2+3+6+7)/4
    #expect(half.pixels == expected)
  }

  @Test func fractionalFootprintsWeighByCoverage() {
    // 3 → 2: output 0 covers input 0 fully and half of input 1.
    let image = GrayImage(width: 3, height: 1, pixels: [3, 6, 9])
    let out = image.areaResized(width: 2, height: 1)
    #expect(abs(out.pixels[0] - (3 + 0.5 * 6) / 1.5) < 1e-5)
    #expect(abs(out.pixels[1] - (0.5 * 6 + 9) / 1.5) < 1e-5)
  }

  @Test func theMeanIsPreservedUnlikeNearestNeighbour() {
    // A fine checkerboard: nearest neighbour would return all 0 or all 1; area averaging gives 0.5.
    let n = 64
    let pixels = (0..<(n * n)).map { Float(($0 % n + $0 / n) % 2) }
    let small = GrayImage(width: n, height: n, pixels: pixels).areaResized(width: 10, height: 10)
    for value in small.pixels { #expect(abs(value - 0.5) < 0.06) }
  }

  @Test(arguments: [(331, 257, 40, 31), (3328 / 8, 4096 / 8, 52, 64), (97, 13, 96, 12), (64, 64, 7, 64)])
  func samplesThroughATableResizeToTheSamePixelsAsTheFullImage(size: (Int, Int, Int, Int)) {
    let (width, height, newWidth, newHeight) = size
    // 12-bit samples with stray high bits (masked off), a non-linear table, seeded.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    let mask = 0xFFF
    let samples = (0..<(width * height)).map { _ in UInt16(truncatingIfNeeded: next()) }
    let table = (0...mask).map { Float(($0 * $0) % 4099) / 4099 }
    let full = GrayImage(width: width, height: height, pixels: samples.map { table[Int($0) & mask] })
    let expected = full.areaResized(width: newWidth, height: newHeight)
    let fused = samples.withUnsafeBufferPointer { s in
      table.withUnsafeBufferPointer { t in
        GrayImage(
          areaResizing: s, width: width, height: height, through: t, mask: mask, toWidth: newWidth,
          toHeight: newHeight)
      }
    }
    #expect(fused.width == newWidth && fused.height == newHeight)
    #expect(fused.pixels == expected.pixels)
  }

  @Test func pixelSpacingScalesWithTheSize() {
    let image = GrayImage(width: 100, height: 50, pixels: .init(repeating: 1, count: 5000), pixelSpacing: (0.1, 0.1))
    let out = image.areaResized(width: 25, height: 25)
    #expect(out.pixelSpacing?.row == 0.2)
    #expect(out.pixelSpacing?.column == 0.4)
  }

  @Test func fittingKeepsTheAspectRatioAndNeverEnlarges() {
    let image = GrayImage(width: 3328, height: 4096)
    let fit = image.sizeFitting(maxDimension: 512)
    #expect(fit.height == 512 && fit.width == 416)
    let small = GrayImage(width: 10, height: 20).sizeFitting(maxDimension: 512)
    #expect(small.width == 10 && small.height == 20)
  }
}

@Suite struct CropResamplingTests {
  @Test func aCropIsResampledAsIfItWereTheWholeImage() {
    let pixels = (0..<(8 * 6)).map { Float($0) }
    let image = GrayImage(width: 8, height: 6, pixels: pixels, pixelSpacing: (0.1, 0.1))
    let crop = image.areaResized(cropX: 2, cropY: 1, cropWidth: 4, cropHeight: 4, width: 2, height: 2)
    // Top-left output averages rows 1–2, columns 2–3: (10 + 11 + 18 + 19) / 4.
    #expect(crop.pixels[0] == 14.5)
    #expect(crop.pixels[3] == 32.5)  // rows 3–4, columns 4–5: (28 + 29 + 36 + 37) / 4
    #expect(crop.pixelSpacing?.row == 0.2 && crop.pixelSpacing?.column == 0.2)
  }
}
