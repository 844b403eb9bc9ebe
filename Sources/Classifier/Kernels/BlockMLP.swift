import CKernels

/// The pointwise half of a ConvNeXt block, fused per tile of pixels: fc1 (C→4C) → bias + GELU →
/// fc2 (4C→C) → bias, layer scale and residual. The 4C-wide hidden tile stays in cache between
/// the two GEMMs instead of making three passes over a 4C-wide activation in memory; each worker
/// runs its own tiles with single-threaded GEMMs.
enum BlockMLP {
  /// Pixels per tile: large enough for the GEMMs to run at full speed (and, where OpenBLAS does
  /// them, for its per-call repacking of the weights to cost little), small enough for the hidden
  /// tile to stay in cache (256 × 384 floats is 384 KiB at C = 96). 128, 512 and 1024 measured
  /// within noise of it on tiny and base at 512.
  static let tileRows = 256

  /// The tile for `rows` pixels: at most ``tileRows``, sized so the tiles come out even and in a
  /// multiple of the workers (no core idles through a short last round).
  static func tile(rows: Int) -> Int {
    let workers = ChannelsLastKernels.workers
    let tiles = ((rows + tileRows - 1) / tileRows + workers - 1) / workers * workers
    return max(1, (rows + tiles - 1) / tiles)
  }

  /// Hidden floats one call needs: one tile per worker.
  static func scratchCount(rows: Int, hidden: Int) -> Int {
    ChannelsLastKernels.workers * tile(rows: rows) * hidden
  }

  /// bf16 values a bf16 call needs: one tile per worker of fc1's or fc2's input, whichever is
  /// wider, as the bf16 GEMM reads it (k padded to its step).
  static func scratchCountBF16(rows: Int, channels: Int, hidden: Int) -> Int {
    ChannelsLastKernels.workers * tile(rows: rows) * max(densa_bf16_k_padded(channels), densa_bf16_k_padded(hidden))
  }

  /// `residual += γ · (fc2(gelu(fc1(x))))` for `rows` pixels; `x` (the normalised depthwise
  /// output) is overwritten with fc2's output; `scratch` holds ``scratchCount(rows:hidden:)``,
  /// and `scratchBF16`, for a bf16 block, ``scratchCountBF16(rows:channels:hidden:)``.
  static func run(
    _ x: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>, rows: Int, block: BlockParameters,
    scratch: UnsafeMutablePointer<Float>, scratchBF16: UnsafeMutablePointer<UInt16>? = nil
  ) {
    if block.fc1.precision == .bf16 {
      guard let scratchBF16 else { preconditionFailure("a bf16 block MLP needs its bf16 scratch") }
      runBF16(x, residual: residual, rows: rows, block: block, scratch: scratch, scratchBF16: scratchBF16)
      return
    }
    let c = block.fc1.inputs
    let hidden = block.fc1.outputs
    let tile = tile(rows: rows)
    let tiles = (rows + tile - 1) / tile
    _ = ChannelsLastKernels.singleThreadedBLAS
    block.fc1.weight.withUnsafeBufferPointer { w1 in
      block.fc2.weight.withUnsafeBufferPointer { w2 in
        block.fc1.bias.withUnsafeBufferPointer { b1 in
          block.fc2.bias.withUnsafeBufferPointer { b2 in
            block.gamma.withUnsafeBufferPointer { gamma in
              nonisolated(unsafe) let (w1, w2, b1, b2, gamma) = (w1, w2, b1, b2, gamma)
              ChannelsLastKernels.parallel(tiles) { t, slot in
                let r0 = t * tile
                let m = min(tile, rows - r0)
                let h = scratch + slot * tile * hidden
                let xt = x + r0 * c
                ChannelsLastKernels.gemmSerial(xt, block.fc1, w1.baseAddress!, h, m: m)
                densa_bias_gelu(h, m, hidden, b1.baseAddress!)
                ChannelsLastKernels.gemmSerial(h, block.fc2, w2.baseAddress!, xt, m: m)
                densa_scale_residual(xt, residual + r0 * c, m, c, b2.baseAddress!, gamma.baseAddress!)
              }
            }
          }
        }
      }
    }
  }

  /// The same in bf16: each tile of x is rounded to bf16 for fc1, fc1's output (fp32) gets its
  /// bias and GELU in fp32 and is rounded to bf16 for fc2; both GEMMs accumulate in fp32, and the
  /// bias, layer scale and residual after fc2 are fp32.
  private static func runBF16(
    _ x: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>, rows: Int, block: BlockParameters,
    scratch: UnsafeMutablePointer<Float>, scratchBF16: UnsafeMutablePointer<UInt16>
  ) {
    let c = block.fc1.inputs
    let hidden = block.fc1.outputs
    let (k1, k2) = (block.fc1.paddedInputs, block.fc2.paddedInputs)
    let tile = tile(rows: rows)
    let tiles = (rows + tile - 1) / tile
    let stride = tile * max(k1, k2)
    block.fc1.weightBF16.withUnsafeBufferPointer { w1 in
      block.fc2.weightBF16.withUnsafeBufferPointer { w2 in
        block.fc1.bias.withUnsafeBufferPointer { b1 in
          block.fc2.bias.withUnsafeBufferPointer { b2 in
            block.gamma.withUnsafeBufferPointer { gamma in
              nonisolated(unsafe) let (w1, w2, b1, b2, gamma) = (w1, w2, b1, b2, gamma)
              ChannelsLastKernels.parallel(tiles) { t, slot in
                let r0 = t * tile
                let m = min(tile, rows - r0)
                let h = scratch + slot * tile * hidden
                let a = scratchBF16 + slot * stride
                let xt = x + r0 * c
                densa_to_bf16(xt, c, a, k1, m, c)
                densa_gemm_bf16(a, k1, w1.baseAddress!, h, hidden, m, hidden, c)
                densa_bias_gelu_bf16(h, a, m, hidden, k2, b1.baseAddress!)
                densa_gemm_bf16(a, k2, w2.baseAddress!, xt, c, m, c, hidden)
                densa_scale_residual(xt, residual + r0 * c, m, c, b2.baseAddress!, gamma.baseAddress!)
              }
            }
          }
        }
      }
    }
  }
}
