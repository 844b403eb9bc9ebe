import Foundation
import Synth
import Testing

@Suite struct PhantomTests {
  @Test func sameSeedSamePixelsDifferentSeedDifferent() {
    let spec = PhantomSpec(width: 200, height: 240, isMLO: true, fibroglandularFraction: 0.4, seed: 11)
    var other = spec
    other.seed = 12
    #expect(PhantomRenderer.render(spec).image == PhantomRenderer.render(spec).image)
    #expect(PhantomRenderer.render(spec).image != PhantomRenderer.render(other).image)
  }

  @Test func theRenderedDenseShareMatchesTheRequestAndItsCategory() {
    var rng = SeededGenerator(seed: 5)
    for category in BreastComposition.allCases {
      for n in 0..<6 {
        let fraction = CompositionSampler.fraction(for: category, using: &rng)
        #expect(CompositionSampler.category(forFraction: fraction) == category)
        let phantom = PhantomRenderer.render(
          PhantomSpec(width: 300, height: 360, isMLO: n % 2 == 0, fibroglandularFraction: fraction, seed: UInt64(n)))
        #expect(abs(phantom.measuredFibroglandularFraction - fraction) < 0.03, "\(category) \(fraction)")
      }
    }
  }

  @Test func moreDenseTissueMeansABrighterBreast() {
    let means = [0.1, 0.4, 0.6, 0.9].map { fraction -> Float in
      let image = PhantomRenderer.render(
        PhantomSpec(width: 200, height: 240, isMLO: false, fibroglandularFraction: fraction, seed: 3)
      ).image
      let inside = image.pixels.filter { $0 > 0.05 }
      return inside.reduce(0, +) / Float(inside.count)
    }
    #expect(means == means.sorted())
    #expect(means[3] - means[0] > 0.15)
  }

  @Test func mloHasAPectoralMuscleAndCCDoesNot() {
    func corner(_ isMLO: Bool) -> Float {
      let image = PhantomRenderer.render(
        PhantomSpec(width: 300, height: 360, isMLO: isMLO, fibroglandularFraction: 0.1, seed: 9)
      ).image
      var sum: Float = 0
      for y in 10..<40 { for x in 1..<15 { sum += image[x, y] } }
      return sum / Float(30 * 14)
    }
    #expect(corner(true) > 0.6)
    #expect(corner(false) < 0.3)
  }

  @Test func breastTouchesTheChestWallAndBackgroundIsBlack() {
    let image = PhantomRenderer.render(
      PhantomSpec(width: 300, height: 360, isMLO: false, fibroglandularFraction: 0.3, seed: 4)
    ).image
    #expect(image[0, 180] > 0.2)
    #expect(image[299, 2] == 0 && image[299, 357] == 0)
  }
}

@Suite struct ReportWriterTests {
  static let stems: [BreastComposition: [String]] = [
    .a: [
      "adiposas", "grasas", "mamario graso", "predominio graso", "composición mamaria: a", "tipo a", "acr a", "acr 1",
    ],
    // "dispersas" alone is no density: benign findings can be "calcificaciones dispersas".
    .b: [
      "dispersas de densidad", "fibroglandular disperso", "fibroglandulares dispersas", "composición mamaria: b",
      "tipo b", "acr b", "acr 2",
    ],
    .c: ["heterogéneamente dens", "composición mamaria: c", "tipo c", "acr c", "acr 3"],
    .d: ["extremadamente dens", "composición mamaria: d", "tipo d", "acr d", "acr 4"],
  ]

  @Test func theStatedCategoryIsWrittenAndNoOtherWithoutTypos() {
    for seed in 0..<120 as Range<UInt64> {
      let stated = BreastComposition(index: Int(seed % 4))!
      let text = SpanishReportWriter.write(
        ReportSpec(right: stated, left: stated, stated: stated, birads: .benign, typoRate: 0, seed: seed)
      ).lowercased()
      #expect(Self.stems[stated]!.contains { text.contains($0) }, "\(stated): \(text)")
      for other in BreastComposition.allCases where other != stated {
        let found = Self.stems[other]!.filter { text.contains($0) }
        #expect(found.isEmpty, "\(other) \(found) in \(text)")
      }
    }
  }

  @Test func noDensityMeansNoDensityWords() {
    for seed in 0..<40 as Range<UInt64> {
      let text = SpanishReportWriter.write(
        ReportSpec(right: .c, left: .c, stated: nil, birads: .negative, typoRate: 0, seed: seed)
      ).lowercased()
      for stems in Self.stems.values { #expect(!stems.contains { text.contains($0) }, "\(text)") }
    }
  }

  @Test func typosChangeTheTextButKeepItsLength() {
    let clean = SpanishReportWriter.write(
      ReportSpec(right: .c, left: .c, stated: .c, birads: .benign, typoRate: 0, seed: 1))
    let typed = SpanishReportWriter.write(
      ReportSpec(right: .c, left: .c, stated: .c, birads: .benign, typoRate: 0.5, seed: 1))
    #expect(clean != typed)
    #expect(abs(clean.count - typed.count) < clean.count / 5)
  }
}
