import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The MLLP listener for HL7 v2 report messages (`hl7.port`), one ACK per message.
struct HL7Listener: Service {
  let host: String
  let port: Int
  let maxMessageBytes: Int
  /// Addresses allowed to connect; empty allows any (the sender is still checked per message).
  let allowedHosts: Set<String>
  let intake: HL7ReportIntake
  let status: NodeStatus
  let logger: Logger

  func run() async throws {
    let intake = self.intake
    let limit = maxMessageBytes
    let allowed = allowedHosts
    let logger = self.logger
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 64)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          if !allowed.isEmpty, !allowed.contains(channel.remoteAddress?.ipAddress ?? "") {
            logger.warning(
              "HL7 connection refused: address not allowed",
              metadata: ["peer": "\(channel.remoteAddress?.ipAddress ?? "?")"])
            channel.close(promise: nil)
            return
          }
          try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MLLPFrameDecoder(maxBytes: limit)))
          try channel.pipeline.syncOperations.addHandler(MLLPMessageHandler(intake: intake, limit: limit))
        }
      }
      .bind(host: host, port: port).get()
    status.setHL7Port(channel.localAddress?.port ?? port)
    logger.info(
      "HL7 listener ready", metadata: ["address": "\(host)", "port": "\(channel.localAddress?.port ?? port)"])
    try? await gracefulShutdown()
    try? await channel.close()
    logger.info("HL7 listener stopped")
  }
}

/// Answers each framed message with its acknowledgement.
final class MLLPMessageHandler: ChannelInboundHandler {
  typealias InboundIn = MLLPEvent
  typealias OutboundOut = ByteBuffer

  let intake: HL7ReportIntake
  let limit: Int
  private var counter = 0

  init(intake: HL7ReportIntake, limit: Int) {
    self.intake = intake
    self.limit = limit
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let ack: HL7Acknowledgement
    switch unwrapInboundIn(data) {
    case .message(let bytes): ack = intake.handle(bytes)
    case .oversized(let head): ack = intake.oversized(head: head, limit: limit)
    }
    counter += 1
    let id = "DENSA\(UInt32(truncatingIfNeeded: ObjectIdentifier(self).hashValue))-\(counter)"
    guard let text = ack.message(controlID: id) else { return }
    let frame = MLLP.frame(text)
    context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: frame)), promise: nil)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    // A broken connection ends that connection only.
    context.close(promise: nil)
  }
}
