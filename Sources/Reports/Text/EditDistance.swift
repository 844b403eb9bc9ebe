/// Optimal-string-alignment Damerau–Levenshtein distance between two byte strings, giving up
/// (returning `limit + 1`) as soon as every alignment exceeds `limit`. Its three rows live on the
/// stack: the lookup calls it for every unknown word against the vocabulary words that share its
/// first letter.
func damerauLevenshtein(_ a: ArraySlice<UInt8>, _ b: [UInt8], limit: Int) -> Int {
  let n = a.count
  let m = b.count
  if abs(n - m) > limit { return limit + 1 }
  if n == 0 || m == 0 { return max(n, m) }
  let big = limit + 1
  // Only the diagonal band |i − j| ≤ limit can stay within the limit; cells outside it hold
  // `big`, so each row costs 2·limit + 1 cells instead of m.
  return a.withUnsafeBufferPointer { aa in
    b.withUnsafeBufferPointer { bb in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { rows in
        var previous2 = rows.baseAddress!
        var previous = previous2 + (m + 1)
        var current = previous + (m + 1)
        for j in 0...m {
          previous2[j] = big
          previous[j] = j <= limit ? j : big
          current[j] = big
        }
        for i in 1...n {
          let lo = max(1, i - limit)
          let hi = min(m, i + limit)
          for j in 0...m { current[j] = big }
          current[0] = i <= limit ? i : big
          var rowMinimum = current[0]
          let ai = aa[i - 1]
          for j in lo...hi {
            let cost = ai == bb[j - 1] ? 0 : 1
            var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, ai == bb[j - 2], aa[i - 2] == bb[j - 1] {
              value = min(value, previous2[j - 2] + 1)
            }
            current[j] = min(value, big)
            rowMinimum = min(rowMinimum, current[j])
          }
          if rowMinimum > limit { return big }
          let oldest = previous2
          previous2 = previous
          previous = current
          current = oldest
        }
        return min(previous[m], big)
      }
    }
  }
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
