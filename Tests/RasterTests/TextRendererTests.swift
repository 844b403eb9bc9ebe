import Foundation
import Raster
import Testing

/// FreeType with Debian's DejaVu Sans, drawn onto an RGB canvas.
@Suite struct TextRendererTests {
  /// Pixels of `image` that are not `background`, as their bounding box.
  private func inkBox(_ image: RGBImage, background: RGBColour) -> (x0: Int, y0: Int, x1: Int, y1: Int)? {
    var box: (Int, Int, Int, Int)? = nil
    for y in 0..<image.height {
      for x in 0..<image.width where image[x, y] != background {
        box = box.map { (min($0.0, x), min($0.1, y), max($0.2, x), max($0.3, y)) } ?? (x, y, x, y)
      }
    }
    return box.map { (x0: $0.0, y0: $0.1, x1: $0.2, y1: $0.3) }
  }

  @Test func textInksTheCanvasAboveItsBaselineAndAsWideAsItMeasures() throws {
    let font = try TextRenderer(fontFile: TextRenderer.dejaVuSans)
    var image = RGBImage(width: 400, height: 80, fill: .black)
    let width = font.width(of: "Dense HEXA", pixelSize: 32)
    let end = font.draw("Dense HEXA", pixelSize: 32, x: 10, baseline: 50, colour: .white, on: &image)
    #expect(end == 10 + width)
    let box = try #require(inkBox(image, background: .black))
    // Capitals without descenders: ink from about the cap height down to the baseline.
    #expect(box.y1 <= 50 && box.y1 >= 46, "\(box)")
    #expect(box.y0 >= 50 - 32 && box.y0 <= 50 - 18, "\(box)")
    #expect(box.x0 >= 10 && box.x0 <= 14 && box.x1 <= 10 + width && box.x1 >= 10 + width - 6, "\(box)")
    // Anti-aliased: some edge pixels are neither background nor full colour.
    var partial = 0
    for y in box.y0...box.y1 {
      for x in box.x0...box.x1 where image[x, y].red > 0 && image[x, y].red < 255 { partial += 1 }
    }
    #expect(partial > 20)
  }

  @Test func widthGrowsWithTextAndSizeAndWrapKeepsLinesInside() throws {
    let font = try TextRenderer(fontFile: TextRenderer.dejaVuSans)
    #expect(font.width(of: "ab", pixelSize: 20) < font.width(of: "abc", pixelSize: 20))
    #expect(font.width(of: "abc", pixelSize: 20) < font.width(of: "abc", pixelSize: 40))
    #expect(font.width(of: "", pixelSize: 20) == 0)
    let sentence = "The breasts are heterogeneously dense, which may obscure small masses."
    let lines = font.wrap(sentence, pixelSize: 20, maxWidth: 300)
    #expect(lines.count >= 2)
    #expect(lines.joined(separator: " ") == sentence)
    #expect(lines.allSatisfy { font.width(of: $0, pixelSize: 20) <= 300 })
  }

  @Test func aMissingFontFileIsAnError() {
    #expect(throws: TextRenderer.FontError.self) { try TextRenderer(fontFile: "/nonexistent/font.ttf") }
  }
}

@Suite struct RGBImageTests {
  @Test func drawScalesByAreaKeepsAspectAndMirrors() {
    // 4×2 picture: left half black, right half white.
    let picture = PNGImage(width: 4, height: 2, channels: .gray, samples: [0, 0, 255, 255, 0, 0, 255, 255])
    var image = RGBImage(width: 10, height: 10, fill: RGBColour(9, 9, 9))
    let rect = image.draw(picture, fittingX: 0, y: 0, width: 8, height: 8)
    #expect(rect.width == 8 && rect.height == 4 && rect.x == 0 && rect.y == 2)
    #expect(image[1, 3] == .black && image[6, 3] == .white)
    #expect(image[1, 0] == RGBColour(9, 9, 9))
    var mirrored = RGBImage(width: 8, height: 4)
    mirrored.draw(picture, fittingX: 0, y: 0, width: 8, height: 4, mirrored: true)
    #expect(mirrored[1, 1] == .white && mirrored[6, 1] == .black)
    // A 2× reduction averages: a 2×2 block of 0 and 255 columns gives mid-gray.
    let stripes = PNGImage(width: 2, height: 2, channels: .gray, samples: [0, 255, 0, 255])
    var small = RGBImage(width: 1, height: 1)
    small.draw(stripes, fittingX: 0, y: 0, width: 1, height: 1)
    #expect(small[0, 0].red == 128)
  }
}
