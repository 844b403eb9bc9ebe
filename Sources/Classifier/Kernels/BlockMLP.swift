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

  /// `residual += γ · (fc2(gelu(fc1(x))))` for `rows` pixels; `x` (the normalised depthwise
  /// output) is overwritten with fc2's output; `scratch` holds ``scratchCount(rows:hidden:)``.
  static func run(
    _ x: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>, rows: Int, block: BlockParameters,
    scratch: UnsafeMutablePointer<Float>
  ) {
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
}
