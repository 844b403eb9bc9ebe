// libFuzzer target: a TCP byte stream through the HL7 listener's MLLPFrameDecoder, in chunks of a
// size chosen by the first byte, on NIO's EmbeddedChannel. Checks the decoder's promises: no
// message longer than the limit or holding an end block, no oversized head over 1 KiB. Compiled with Sources/Server/HL7/MLLPFrame.swift alone
// against the package's built NIO (the rest of Server needs all of its dependencies).
import NIOCore
import NIOEmbedded

private let limit = 256

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let channel = EmbeddedChannel(handler: ByteToMessageHandler(MLLPFrameDecoder(maxBytes: limit)))
  let chunk = max(1, Int(bytes.first ?? 1))
  var start = 0
  while start < size {
    let end = min(size, start + chunk)
    _ = try? channel.writeInbound(ByteBuffer(bytes: bytes[start..<end]))
    start = end
  }
  _ = try? channel.finish()
  while let event = try? channel.readInbound(as: MLLPEvent.self) {
    switch event {
    case .message(let message):
      precondition(message.count <= limit, "a message longer than the limit")
      precondition(!message.contains(MLLP.end), "a message holds an end block")
    case .oversized(let head):
      precondition(head.count <= 1024, "oversized head longer than 1 KiB")
    }
  }
  return 0
}
