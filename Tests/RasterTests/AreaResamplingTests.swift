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
