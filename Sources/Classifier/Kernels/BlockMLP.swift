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

  /// bf16 values a bf16 call needs: one tile per worker of fc1's input and one of fc2's, as the
  /// bf16 GEMM reads them (k padded to its step).
  static func scratchCountBF16(rows: Int, channels: Int, hidden: Int) -> Int {
    ChannelsLastKernels.workers * tile(rows: rows) * (densa_bf16_k_padded(channels) + densa_bf16_k_padded(hidden))
  }

  /// `residual += γ · (fc2(gelu(fc1(x))))` for `rows` pixels; `x` is the normalised depthwise
  /// output (an fp32 block on OpenBLAS overwrites it with fc2's output). An fp32 block needs `scratch`,
  /// ``scratchCount(rows:hidden:)`` floats; a bf16 block needs `scratchBF16`,
  /// ``scratchCountBF16(rows:channels:hidden:)`` values, and leaves `scratch` alone.
  static func run(
    _ x: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>, rows: Int, block: BlockParameters,
    scratch: UnsafeMutablePointer<Float>, scratchBF16: UnsafeMutablePointer<UInt16>? = nil
  ) {
    if block.fc1.precision == .bf16 {
      guard let scratchBF16 else { preconditionFailure("a bf16 block MLP needs its bf16 scratch") }
      runBF16(x, residual: residual, rows: rows, block: block, scratchBF16: scratchBF16)
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
                if block.fc1.panelled && block.fc2.panelled {
                  // densa's GEMM applies GELU and the residual to each finished tile in registers.
                  densa_gemm_panels_fused(
                    xt, c, w1.baseAddress!, h, hidden, m, hidden, c, DENSA_GEMM_BIAS_GELU, b1.baseAddress!, nil)
                  densa_gemm_panels_fused(
                    h, hidden, w2.baseAddress!, residual + r0 * c, c, m, c, hidden, DENSA_GEMM_SCALE_RESIDUAL,
                    b2.baseAddress!, gamma.baseAddress!)
                } else {
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

  /// The same in bf16: each tile of x is rounded to bf16 for fc1; fc1's product gets its bias and
  /// GELU in fp32 as it leaves the GEMM and is rounded to bf16 as fc2's operand; fc2's product gets
  /// its bias, layer scale and residual in fp32 as it leaves the GEMM (densa_gemm_bf16_fused). Both
  /// GEMMs accumulate in fp32, and neither product passes through memory in fp32.
  private static func runBF16(
    _ x: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>, rows: Int, block: BlockParameters,
    scratchBF16: UnsafeMutablePointer<UInt16>
  ) {
    let c = block.fc1.inputs
    let hidden = block.fc1.outputs
    let (k1, k2) = (block.fc1.paddedInputs, block.fc2.paddedInputs)
    let tile = tile(rows: rows)
    let tiles = (rows + tile - 1) / tile
    let stride = tile * (k1 + k2)
    block.fc1.weightBF16.withUnsafeBufferPointer { w1 in
      block.fc2.weightBF16.withUnsafeBufferPointer { w2 in
        block.fc1.bias.withUnsafeBufferPointer { b1 in
          block.fc2.bias.withUnsafeBufferPointer { b2 in
            block.gamma.withUnsafeBufferPointer { gamma in
              nonisolated(unsafe) let (w1, w2, b1, b2, gamma) = (w1, w2, b1, b2, gamma)
              ChannelsLastKernels.parallel(tiles) { t, slot in
                let r0 = t * tile
                let m = min(tile, rows - r0)
                let a = scratchBF16 + slot * stride
                let h = a + tile * k1
                densa_to_bf16(x + r0 * c, c, a, k1, m, c)
                var gelu = densa_bf16_epilogue(
                  kind: DENSA_BF16_BIAS_GELU, bias: b1.baseAddress!, gamma: nil, y: h, ldy: k2, residual: nil, ldr: 0)
                densa_gemm_bf16_fused(a, k1, w1.baseAddress!, m, hidden, c, &gelu)
                var skip = densa_bf16_epilogue(
                  kind: DENSA_BF16_SCALE_RESIDUAL, bias: b2.baseAddress!, gamma: gamma.baseAddress!, y: nil, ldy: 0,
                  residual: residual + r0 * c, ldr: c)
                densa_gemm_bf16_fused(h, k2, w2.baseAddress!, m, c, hidden, &skip)
              }
            }
          }
        }
      }
    }
  }
}
