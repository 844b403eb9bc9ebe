import CFreeType

/// Draws text onto an ``RGBImage`` with FreeType: anti-aliased glyphs of one TrueType font, at any
/// pixel size. One renderer holds one FreeType library and face; it is not shared between threads.
public final class TextRenderer {
  /// DejaVu Sans as Debian's fonts-dejavu-core installs it.
  public static let dejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
  /// Its bold face.
  public static let dejaVuSansBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

  /// FreeType could not start or read the font.
  public struct FontError: Error, CustomStringConvertible {
    public var fontFile: String
    public var code: Int32
    public var description: String { "\(fontFile): FreeType cannot load the font (error \(code))" }
  }

  private var library: FT_Library?
  private var face: FT_Face?
  private var size = 0

  /// Loads the first face of `fontFile`.
  public init(fontFile: String) throws(FontError) {
    var status = FT_Init_FreeType(&library)
    guard status == 0 else { throw FontError(fontFile: fontFile, code: status) }
    status = FT_New_Face(library, fontFile, 0, &face)
    // deinit releases the library: every property is set, so it runs after a throw too.
    guard status == 0, face != nil else { throw FontError(fontFile: fontFile, code: status) }
  }

  deinit {
    FT_Done_Face(face)
    FT_Done_FreeType(library)
  }

  /// The advance width of `text` in pixels at `pixelSize` (em height in pixels).
  public func width(of text: String, pixelSize: Int) -> Int {
    var x = 0
    forEachGlyph(text, pixelSize: pixelSize) { _, advance in x += advance }
    return x
  }

  /// Draws `text` with its baseline at `baseline` and its origin at `x`, clipped to the canvas.
  /// Returns the pen position after the last glyph.
  @discardableResult
  public func draw(
    _ text: String, pixelSize: Int, x: Int, baseline: Int, colour: RGBColour, on image: inout RGBImage
  ) -> Int {
    var pen = x
    forEachGlyph(text, pixelSize: pixelSize) { slot, advance in
      let bitmap = slot.bitmap
      if let buffer = bitmap.buffer {
        let left = pen + Int(slot.bitmap_left), top = baseline - Int(slot.bitmap_top)
        for row in 0..<Int(bitmap.rows) {
          for column in 0..<Int(bitmap.width) {
            let coverage = buffer[row * Int(bitmap.pitch) + column]
            image.blend(x: left + column, y: top + row, colour: colour, coverage: coverage)
          }
        }
      }
      pen += advance
    }
    return pen
  }

  /// Splits `text` at spaces into lines no wider than `maxWidth` (a single word wider than that
  /// gets a line of its own).
  public func wrap(_ text: String, pixelSize: Int, maxWidth: Int) -> [String] {
    var lines = [String]()
    var line = ""
    for word in text.split(separator: " ") {
      let candidate = line.isEmpty ? String(word) : line + " " + word
      if !line.isEmpty && width(of: candidate, pixelSize: pixelSize) > maxWidth {
        lines.append(line)
        line = String(word)
      } else {
        line = candidate
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  /// Renders each character's glyph (FT_LOAD_RENDER: an 8-bit coverage bitmap) and hands it with
  /// its advance in whole pixels to `body`. Characters the font lacks draw its missing glyph.
  private func forEachGlyph(_ text: String, pixelSize: Int, _ body: (FT_GlyphSlotRec, Int) -> Void) {
    guard let face else { return }
    if size != pixelSize {
      FT_Set_Pixel_Sizes(face, 0, FT_UInt(max(1, pixelSize)))
      size = pixelSize
    }
    let loadRender: FT_Int32 = 1 << 2
    for scalar in text.unicodeScalars {
      guard FT_Load_Char(face, FT_ULong(scalar.value), loadRender) == 0, let slot = face.pointee.glyph else {
        continue
      }
      body(slot.pointee, Int((slot.pointee.advance.x + 32) >> 6))
    }
  }
}
