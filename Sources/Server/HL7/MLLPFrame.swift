import NIOCore

/// MLLP framing (HL7 v2 Minimal Lower Layer Protocol): `0x0B message 0x1C 0x0D`.
enum MLLP {
  static let start: UInt8 = 0x0B
  static let end: UInt8 = 0x1C
  static let carriageReturn: UInt8 = 0x0D

  /// A message in its frame.
  static func frame(_ message: String) -> [UInt8] { [start] + Array(message.utf8) + [end, carriageReturn] }
}

/// What the decoder found on the wire.
enum MLLPEvent: Sendable {
  /// A complete message (without its framing).
  case message([UInt8])
  /// A frame longer than the limit: `head` is its first bytes (enough for MSH), the rest is skipped.
  case oversized(head: [UInt8])
}

/// Splits a TCP stream into MLLP frames. Bytes before a start block are ignored; a frame over
/// `maxBytes` is reported once (with its head) and skipped up to its end block, so one huge or
/// broken message never stops the listener or grows memory without bound.
struct MLLPFrameDecoder: ByteToMessageDecoder {
  typealias InboundOut = MLLPEvent

  let maxBytes: Int
  private var skipping = false

  init(maxBytes: Int) { self.maxBytes = maxBytes }

  mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    if skipping {
      guard let end = buffer.readableBytesView.firstIndex(of: MLLP.end) else {
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
      }
      buffer.moveReaderIndex(to: end + 1)
      skipping = false
      return .continue
    }
    guard let start = buffer.readableBytesView.firstIndex(of: MLLP.start) else {
      buffer.moveReaderIndex(to: buffer.writerIndex)  // noise between frames
      return .needMoreData
    }
    buffer.moveReaderIndex(to: start)
    let view = buffer.readableBytesView
    if let end = view.dropFirst().firstIndex(of: MLLP.end) {
      let length = end - start - 1
      if length > maxBytes {
        let head = Array(view[(start + 1)..<(start + 1 + min(length, 1024))])
        buffer.moveReaderIndex(to: end + 1)
        context.fireChannelRead(Self.wrapInboundOut(.oversized(head: head)))
        return .continue
      }
      let message = Array(view[(start + 1)..<end])
      buffer.moveReaderIndex(to: end + 1)
      // The trailing carriage return, if it has arrived.
      if buffer.readableBytesView.first == MLLP.carriageReturn { buffer.moveReaderIndex(forwardBy: 1) }
      context.fireChannelRead(Self.wrapInboundOut(.message(message)))
      return .continue
    }
    if view.count - 1 > maxBytes {
      let head = Array(view.dropFirst().prefix(1024))
      buffer.moveReaderIndex(to: buffer.writerIndex)
      skipping = true
      context.fireChannelRead(Self.wrapInboundOut(.oversized(head: head)))
      return .continue
    }
    return .needMoreData
  }

  mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
    -> DecodingState
  {
    while try decode(context: context, buffer: &buffer) == .continue {}
    buffer.moveReaderIndex(to: buffer.writerIndex)
    return .needMoreData
  }
}
