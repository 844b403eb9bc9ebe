import CKernels

/// The activation buffers of a forward pass for one batch size and input size, allocated once
/// and reused by every later pass of the same shape.
final class ForwardWorkspace: @unchecked Sendable {
  /// `[n, height, width]` the buffers were sized for.
  let shape: [Int]
  /// The residual stream, and the input copy at the start.
  let x: UnsafeMutablePointer<Float>
  /// Patches, depthwise output, fc2 output.
  let t: UnsafeMutablePointer<Float>
  /// Hidden (4C-wide) fp32 tiles of the block MLPs, one per worker (fp32 only: under bf16 the
  /// hidden tile is bf16, in `hiddenBF16`).
  let hidden: UnsafeMutablePointer<Float>
  /// Channel-block planes of the depthwise convolution, one per worker, each `depthwiseStride`.
  let depthwise: UnsafeMutablePointer<Float>
  let depthwiseStride: Int
  /// Under bf16, each worker's bf16 tiles of a block MLP's GEMM operands (fc1's input and fc2's),
  /// or of a downsampling layer's patches; nil under fp32.
  let hiddenBF16: UnsafeMutablePointer<UInt16>?

  init(architecture arch: ConvNeXtArchitecture, n: Int, height: Int, width: Int, precision: InferencePrecision) {
    shape = [n, height, width]
    // The input (NHWC), the stem's patches (the same count) and every stage's activation.
    var capacity = n * height * width * arch.inputChannels
    var scratch = 0
    var scratchBF16 = 0
    var h = height / 4
    var w = width / 4
    for (s, c) in arch.dims.enumerated() {
      if s > 0 {
        h /= 2
        w /= 2
      }
      capacity = max(capacity, n * h * w * c)
      if s > 0 { scratchBF16 = max(scratchBF16, ChannelsLastKernels.scratchCountBF16(inputs: 4 * arch.dims[s - 1])) }
      scratch = max(scratch, BlockMLP.scratchCount(rows: n * h * w, hidden: 4 * c))
      scratchBF16 = max(scratchBF16, BlockMLP.scratchCountBF16(rows: n * h * w, channels: c, hidden: 4 * c))
    }
    x = .allocate(capacity: capacity)
    t = .allocate(capacity: capacity)
    hidden = .allocate(capacity: precision == .bf16 ? 1 : scratch)
    depthwiseStride = densa_depthwise_scratch_count(height / 4, width / 4)
    depthwise = .allocate(capacity: ChannelsLastKernels.workers * depthwiseStride)
    hiddenBF16 = precision == .bf16 ? .allocate(capacity: scratchBF16) : nil
  }

  deinit {
    x.deallocate()
    t.deallocate()
    hidden.deallocate()
    depthwise.deallocate()
    hiddenBF16?.deallocate()
  }
}
