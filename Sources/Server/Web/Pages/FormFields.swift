import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, by name; the first of a repeated
/// name wins and undecodable pairs are dropped.
enum FormFields {
  static func parse(_ text: String) -> [String: String] {
    var fields = [String: String]()
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decoded(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
      }
      guard let key = decoded(parts[0]), let value = parts.count > 1 ? decoded(parts[1]) : "" else { continue }
      if fields[key] == nil { fields[key] = value }
    }
    return fields
  }
}
