import BIRADS
import Testing

@Test func classOrderRoundTripsThroughIndex() {
  for category in BreastComposition.allCases {
    #expect(BreastComposition(index: category.index) == category)
  }
  #expect(BreastComposition(index: 4) == nil)
  #expect(BreastComposition(index: -1) == nil)
}

@Test func onlyCAndDAreDense() {
  #expect(BreastComposition.allCases.filter(\.isDense) == [.c, .d])
}

@Test func categoriesAreOrderedByDensity() {
  #expect(BreastComposition.allCases.sorted() == [.a, .b, .c, .d])
  #expect(max(BreastComposition.b, .d) == .d)
}
