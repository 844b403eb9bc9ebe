import COpenBLAS
import Foundation

/// Channels-last kernels of the ConvNeXt forward pass. Activations are `[pixels][channels]`.
/// Each kernel is parallel over rows with `concurrentPerform`; GEMMs run on OpenBLAS's own
/// threads, never at the same time, so the cores are never oversubscribed.
enum ChannelsLastKernels {
  /// Splits `rows` into chunks run in parallel: enough to balance two cores, few enough to be cheap.
  static func parallelRows(_ rows: Int, _ body: (Range<Int>) -> Void) {
    let chunks = min(rows, 32)
    guard chunks > 1 else {
      body(0..<rows)
      return
    }
    // Workers write disjoint rows of buffers the caller owns for the whole call.
    nonisolated(unsafe) let work = body
    DispatchQueue.concurrentPerform(iterations: chunks) { i in
      work((rows * i / chunks)..<(rows * (i + 1) / chunks))
    }
  }

  /// `c = a · b`: a `[m][k]`, b `[k][n]`, c `[m][n]`, one OpenBLAS call.
  static func gemm(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b,
      Int32(n), 0, c, Int32(n))
  }

  /// LayerNorm over the channels of each row, `eps` 1e-6 as timm's ConvNeXt; `inputBias` is added
  /// first when given (the stem convolution's bias, fused here to save a pass).
  static func layerNorm(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, channels c: Int,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, inputBias: UnsafePointer<Float>? = nil
  ) {
    parallelRows(rows) { range in
      for r in range {
        let xr = x + r * c
        let yr = y + r * c
        if let inputBias {
          for i in 0..<c { yr[i] = xr[i] + inputBias[i] }
        } else if xr != UnsafePointer(yr) {
          for i in 0..<c { yr[i] = xr[i] }
        }
        var sum: Float = 0
        for i in 0..<c { sum += yr[i] }
        let mean = sum / Float(c)
        var sq: Float = 0
        for i in 0..<c {
          let d = yr[i] - mean
          sq += d * d
        }
        let inv = 1 / (sq / Float(c) + 1e-6).squareRoot()
        for i in 0..<c { yr[i] = (yr[i] - mean) * inv * weight[i] + bias[i] }
      }
    }
  }

  /// 7×7 depthwise convolution, zero padding 3, plus bias: x and y are `[n][h][w][c]`.
  static func depthwise7x7(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, h: Int, w: Int, c: Int,
    kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>
  ) {
    parallelRows(n * h) { range in
      for row in range {
        let img = row / h
        let oy = row % h
        for ox in 0..<w {
          let out = y + (row * w + ox) * c
          for i in 0..<c { out[i] = bias[i] }
          for ky in 0..<7 {
            let iy = oy + ky - 3
            if iy < 0 || iy >= h { continue }
            for kx in 0..<7 {
              let ix = ox + kx - 3
              if ix < 0 || ix >= w { continue }
              let inp = x + ((img * h + iy) * w + ix) * c
              let k = kernel + (ky * 7 + kx) * c
              for i in 0..<c { out[i] += inp[i] * k[i] }
            }
          }
        }
      }
    }
  }

  /// `x = gelu(x + bias)` in place with the exact erf GELU (timm's `nn.GELU()` default).
  static func biasGELU(_ x: UnsafeMutablePointer<Float>, rows: Int, channels c: Int, bias: UnsafePointer<Float>) {
    parallelRows(rows) { range in
      for r in range {
        let xr = x + r * c
        for i in 0..<c {
          let v = xr[i] + bias[i]
          xr[i] = 0.5 * v * (1 + erff(v * 0.707_106_77))
        }
      }
    }
  }

  /// `residual += gamma · (x + bias)`: fc2's bias, the layer scale and the skip connection.
  static func scaleResidual(
    _ x: UnsafePointer<Float>, _ residual: UnsafeMutablePointer<Float>, rows: Int, channels c: Int,
    bias: UnsafePointer<Float>, gamma: UnsafePointer<Float>
  ) {
    parallelRows(rows) { range in
      for r in range {
        let xr = x + r * c
        let rr = residual + r * c
        for i in 0..<c { rr[i] += gamma[i] * (xr[i] + bias[i]) }
      }
    }
  }

  /// `x += bias` per row.
  static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, channels c: Int, bias: UnsafePointer<Float>) {
    parallelRows(rows) { range in
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
