/// An 8-bit sRGB colour.
public struct RGBColour: Sendable, Hashable {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  public static let black = RGBColour(0, 0, 0)
  public static let white = RGBColour(255, 255, 255)
}
