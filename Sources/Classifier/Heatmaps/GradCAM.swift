/// Grad-CAM on ConvNeXt's last stage, with the exact gradient through the head.
///
/// The head is `logit = W · LN(mean_hw F) + b`. For class `k`, `∂logit_k/∂ln = W_k`; back through
/// LayerNorm (`x̂ = (p − μ)/σ`, `ln = γ x̂ + β`): `g = γ ⊙ W_k`,
/// `∂logit_k/∂p = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / σ`; through the mean pool every position
/// gets `∂p_c/(H W)`. Grad-CAM's channel weights are the spatial mean of that gradient,
/// `α_c = ∂p_c/(H W)`, and the map is `ReLU(Σ_c α_c F[h, w, c])`, scaled to `0...1`.
public enum GradCAM {
  /// The head's logits for a feature map (forward pass of pool, LayerNorm and linear layer).
  public static func logits(_ features: FeatureMap, head: ClassifierHead) -> [Double] {
    let (normed, _, _) = layerNorm(features.pooled(), head: head)
    return (0..<head.classes).map { k in
      var sum = Double(head.fcBias[k])
      for c in 0..<head.channels { sum += Double(head.fcWeight[k * head.channels + c]) * normed[c] }
      return sum
    }
  }

  /// `∂logit_k / ∂pooled`, `C` values; the gradient with respect to `F[h, w, c]` is this over `H W`.
  public static func pooledGradient(_ features: FeatureMap, head: ClassifierHead, classIndex k: Int) -> [Double] {
    precondition(features.channels == head.channels, "feature map and head differ in channels")
    precondition((0..<head.classes).contains(k), "class index out of range")
    let (_, normalised, sigma) = layerNorm(features.pooled(), head: head)
    let c = head.channels
    let g = (0..<c).map { Double(head.normWeight[$0]) * Double(head.fcWeight[k * c + $0]) }
    let meanG = g.reduce(0, +) / Double(c)
    var meanGX = 0.0
    for i in 0..<c { meanGX += g[i] * normalised[i] }
    meanGX /= Double(c)
    return (0..<c).map { (g[$0] - meanG - normalised[$0] * meanGX) / sigma }
  }

  /// The class activation map, `height * width` values in `0...1` row by row (all zero when no
  /// position supports the class).
  public static func map(_ features: FeatureMap, head: ClassifierHead, classIndex k: Int) -> [Float] {
    let gradient = pooledGradient(features, head: head, classIndex: k)
    let positions = features.height * features.width
    let alpha = gradient.map { Float($0 / Double(positions)) }
    var cam = [Float](repeating: 0, count: positions)
    features.values.withUnsafeBufferPointer { f in
      alpha.withUnsafeBufferPointer { a in
        for p in 0..<positions {
          let base = p * features.channels
          var sum: Float = 0
          for c in 0..<features.channels { sum += a[c] * f[base + c] }
          cam[p] = max(0, sum)
        }
      }
    }
    let top = cam.max() ?? 0
    if top > 0 {
      for p in 0..<positions { cam[p] /= top }
    }
    return cam
  }

  /// LayerNorm of the pooled vector: (output, normalised x̂, σ).
  static func layerNorm(_ pooled: [Double], head: ClassifierHead) -> ([Double], [Double], Double) {
    let c = Double(pooled.count)
    let mu = pooled.reduce(0, +) / c
    let variance = pooled.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / c
    let sigma = (variance + Double(head.epsilon)).squareRoot()
    let normalised = pooled.map { ($0 - mu) / sigma }
    let output = normalised.enumerated().map {
      Double(head.normWeight[$0.offset]) * $0.element + Double(head.normBias[$0.offset])
    }
    return (output, normalised, sigma)
  }
}
