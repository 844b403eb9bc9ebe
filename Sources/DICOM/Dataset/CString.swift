extension String {
  /// The text in a NUL-terminated C buffer the shim filled, read as UTF-8.
  init(cBuffer buffer: [CChar]) {
    self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
