import CKernels
import COpenBLAS
import Foundation
import Synchronization

/// Channels-last kernels of the ConvNeXt forward pass. Activations are `[pixels][channels]`.
///
/// All parallelism is densa's own: OpenBLAS runs single-threaded, and every kernel, GEMMs
/// included, is split into chunks over `workers` threads of `concurrentPerform`, so the cores are
/// never oversubscribed. Chunk boundaries depend only on the shapes, so results are bit-identical
/// from run to run.
enum ChannelsLastKernels {
  /// Threads to use: the cores this process may run on.
  static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// OpenBLAS must not start threads of its own next to ours; set once, before the first GEMM.
  static let singleThreadedBLAS: Void = openblas_set_num_threads(1)

  /// Runs `body(chunk, slot)` for `chunks` chunks on the worker threads, claimed dynamically so a
  /// core that is busy elsewhere (decoding the next exam) takes fewer. `slot` (below `workers`)
  /// names the worker: no two chunks with the same slot run at once, so it can index scratch space.
  static func parallel(_ chunks: Int, _ body: (_ chunk: Int, _ slot: Int) -> Void) {
    guard chunks > 1, workers > 1 else {
      for i in 0..<chunks { body(i, 0) }
      return
    }
    // Workers write disjoint parts of buffers the caller owns for the whole call.
    nonisolated(unsafe) let work = body
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: min(workers, chunks)) { slot in
      while true {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        if i >= chunks { break }
        work(i, slot)
      }
    }
  }

  /// Splits `rows` into about four chunks per worker (fewer when rows are few) and runs them.
  static func parallelRows(_ rows: Int, minimum: Int = 1, _ body: (Range<Int>) -> Void) {
    let chunks = max(1, min(rows / max(1, minimum), workers * 4))
    parallel(chunks) { i, _ in body((rows * i / chunks)..<(rows * (i + 1) / chunks)) }
  }

  /// `c = a · W` for a dense layer: a `[m][inputs]`, c `[m][outputs]`, split over the workers by
  /// row blocks, or by column blocks when there are too few rows to share.
  static func gemm(_ a: UnsafePointer<Float>, _ layer: DenseParameters, _ c: UnsafeMutablePointer<Float>, m: Int) {
    let (n, k) = (layer.outputs, layer.inputs)
    layer.weight.withUnsafeBufferPointer { wb in
      nonisolated(unsafe) let w = wb.baseAddress!
      if m >= workers * 128 || n < workers * 32 {
        parallelRows(m, minimum: 64) { r in
          gemmSerial(a + r.lowerBound * k, layer, w, c + r.lowerBound * n, m: r.count)
        }
      } else {
        // Column blocks a multiple of 32 wide: whole panels, whole vectors.
        let chunks = workers
        let width = (n / chunks + 31) / 32 * 32
        parallel(chunks) { i, _ in
          let lo = min(n, i * width)
          let hi = i == chunks - 1 ? n : min(n, lo + width)
          guard hi > lo else { return }
          gemmSerial(a, layer, w, c + lo, m: m, columns: lo..<hi)
        }
      }
    }
  }

  /// Rows per chunk of ``gemmBF16(_:_:_:m:scratch:)``.
  static let bf16ChunkRows = 256

  /// bf16 values ``gemmBF16(_:_:_:m:scratch:)`` needs for a layer with `inputs` inputs.
  static func scratchCountBF16(inputs: Int) -> Int { workers * bf16ChunkRows * densa_bf16_k_padded(inputs) }

  /// `c = a · W + bias` for a bf16 layer (the downsampling convolutions): chunks of rows of `a`
  /// rounded to bf16 into each worker's part of `scratch`, then the bf16 GEMM with the bias added
  /// as each block of C leaves it. `c` is `[m][outputs]` fp32.
  static func gemmBF16(
    _ a: UnsafePointer<Float>, _ layer: DenseParameters, _ c: UnsafeMutablePointer<Float>, m: Int,
    scratch: UnsafeMutablePointer<UInt16>
  ) {
    precondition(layer.precision == .bf16)
    let (n, k, kpad) = (layer.outputs, layer.inputs, layer.paddedInputs)
    let chunks = (m + bf16ChunkRows - 1) / bf16ChunkRows
    layer.weightBF16.withUnsafeBufferPointer { wb in
      layer.bias.withUnsafeBufferPointer { bb in
        nonisolated(unsafe) let (w, b) = (wb.baseAddress!, bb.baseAddress!)
        parallel(chunks) { i, slot in
          let r0 = i * bf16ChunkRows
          let rows = min(bf16ChunkRows, m - r0)
          let operand = scratch + slot * bf16ChunkRows * kpad
          densa_to_bf16(a + r0 * k, k, operand, kpad, rows, k)
          var ep = densa_bf16_epilogue(
            kind: DENSA_BF16_BIAS, bias: b, gamma: nil, y: nil, ldy: 0, residual: c + r0 * n, ldr: n)
          densa_gemm_bf16_fused(operand, kpad, w, rows, n, k, &ep)
        }
      }
    }
  }

  /// `c = a · W` on the calling thread only, for output columns `columns` (all by default); `w`
  /// is `layer.weight`'s storage. `c` points at the first column written, row stride `outputs`.
  static func gemmSerial(
    _ a: UnsafePointer<Float>, _ layer: DenseParameters, _ w: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, columns: Range<Int>? = nil
  ) {
    _ = singleThreadedBLAS
    precondition(layer.precision == .fp32, "bf16 layers run in BlockMLP, on their bf16 operand")
    let (n, k) = (layer.outputs, layer.inputs)
    let cols = columns ?? 0..<n
    if layer.panelled {
      // Column ranges start on a panel (a multiple of 32, so of every panel width).
      densa_gemm_panels(a, k, w + cols.lowerBound * k, c, n, m, cols.count, k)
    } else {
      cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(cols.count), Int32(k), 1, a, Int32(k),
        w + cols.lowerBound, Int32(n), 0, c, Int32(n))
    }
  }

  /// LayerNorm over the channels of each row, `eps` 1e-6 as timm's ConvNeXt; `inputBias` is added
  /// first when given (the stem convolution's bias, fused here to save a pass).
  static func layerNorm(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, channels c: Int,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, inputBias: UnsafePointer<Float>? = nil
  ) {
    parallelRows(rows, minimum: 64) { r in
      densa_layer_norm(x + r.lowerBound * c, y + r.lowerBound * c, r.count, c, weight, bias, inputBias)
    }
  }

  /// 7×7 depthwise convolution (zero padding 3, plus bias) followed by LayerNorm: x and y are
  /// `[n][h][w][c]`. Row by row, normalising each output row while it is still in cache; or, where
  /// a pixel's channels span a multiple of 512 bytes, channel block by channel block through a
  /// contiguous copy (see depthwise.inc), then LayerNorm as a pass of its own. `scratch` holds
  /// `workers` blocks of `scratchStride` floats.
  static func depthwiseNorm(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, h: Int, w: Int, c: Int,
    kernel: [Float], bias: [Float], norm: LayerNormParameters, scratch: UnsafeMutablePointer<Float>,
    scratchStride: Int
  ) {
    kernel.withUnsafeBufferPointer { k in
      bias.withUnsafeBufferPointer { b in
        norm.weight.withUnsafeBufferPointer { nw in
          norm.bias.withUnsafeBufferPointer { nb in
            nonisolated(unsafe) let (k, b, nw, nb) = (k.baseAddress!, b.baseAddress!, nw.baseAddress!, nb.baseAddress!)
            if useChannelBlocks(c) {
              let lanes = densa_depthwise_block_lanes()
              let blocks = (c + lanes - 1) / lanes
              parallel(n * blocks) { task, slot in
                let image = (task / blocks) * h * w * c
                densa_depthwise7x7_block(
                  x + image, y + image, h, w, c, (task % blocks) * lanes, k, b, scratch + slot * scratchStride)
              }
              parallelRows(n * h * w, minimum: 64) { r in
                densa_layer_norm(y + r.lowerBound * c, y + r.lowerBound * c, r.count, c, nw, nb, nil)
              }
              return
            }
            parallelRows(n * h) { range in
              for row in range {
                let image = x + (row / h) * h * w * c
                let out = y + row * w * c
                densa_depthwise7x7_row(image, out, h, w, c, row % h, k, b)
                densa_layer_norm(out, out, w, c, nw, nb, nil)
              }
            }
          }
        }
      }
    }
  }

  /// Whether the depthwise convolution goes channel block by channel block, as measured per kernel
  /// variant on convnext_tiny and _base (BENCHMARKS.md; `densa_depthwise_blocks_pay`): under
  /// AVX-512 where c is a multiple of 128 (2× faster at c = 512 and 1024, 1.3× at 384 and 768, even
  /// at 128, slower at 96), under AVX2 at every c of the network. DENSA_DEPTHWISE=row|block
  /// overrides it, for that measurement.
  static func useChannelBlocks(_ c: Int) -> Bool { depthwiseOverride ?? (densa_depthwise_blocks_pay(c) != 0) }

  static let depthwiseOverride: Bool? =
    switch ProcessInfo.processInfo.environment["DENSA_DEPTHWISE"] {
    case "block": true
    case "row": false
    default: nil
    }

  /// `x += bias` per row.
  static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, channels c: Int, bias: UnsafePointer<Float>) {
    parallelRows(rows, minimum: 64) { range in
      for r in range {
        let xr = x + r * c
        for i in 0..<c { xr[i] += bias[i] }
      }
    }
  }

  /// Gathers non-overlapping k×k patches of a channels-last `[n][h][w][c]` tensor into GEMM rows
  /// `[(n, h/k, w/k)][(ky, kx, c)]`: a reshape, since patches do not overlap.
  static func patches(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, h: Int, w: Int, c: Int, k: Int
  ) {
    let oh = h / k
    let ow = w / k
    parallelRows(n * oh) { range in
      for row in range {
        let img = row / oh
        let py = row % oh
        for px in 0..<ow {
          let out = y + (row * ow + px) * k * k * c
          for ky in 0..<k {
            let src = x + ((img * h + py * k + ky) * w + px * k) * c
            (out + ky * k * c).update(from: src, count: k * c)
          }
        }
      }
    }
  }
}
