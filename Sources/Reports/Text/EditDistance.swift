/// Optimal-string-alignment Damerau–Levenshtein distance between two byte strings, giving up
/// (returning `limit + 1`) as soon as every alignment exceeds `limit`.
func damerauLevenshtein(_ a: ArraySlice<UInt8>, _ b: [UInt8], limit: Int) -> Int {
  let a = Array(a)
  let n = a.count
  let m = b.count
  if abs(n - m) > limit { return limit + 1 }
  if n == 0 || m == 0 { return max(n, m) }
  var previous2 = [Int](repeating: 0, count: m + 1)
  var previous = Array(0...m)
  var current = [Int](repeating: 0, count: m + 1)
  for i in 1...n {
    current[0] = i
    var rowMinimum = i
    for j in 1...m {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        value = min(value, previous2[j - 2] + 1)
      }
      current[j] = value
      rowMinimum = min(rowMinimum, value)
    }
    if rowMinimum > limit { return limit + 1 }
    swap(&previous2, &previous)
    swap(&previous, &current)
  }
  return previous[m]
}

/// How many edits a word of this length may carry and still count as the vocabulary word:
/// none below 5 letters, one for 5–8, two for longer words.
func allowedEdits(forLength length: Int) -> Int {
  switch length {
  case ..<5: 0
  case 5...8: 1
  default: 2
  }
}
