/// Why a safetensors file was rejected. Every case names the file, and the tensor where one is
/// concerned, so an operator can tell a truncated download from a hostile file.
public enum SafetensorsError: Error, Sendable, Equatable, CustomStringConvertible {
  case unreadable(file: String, reason: String)
  case truncated(file: String, reason: String)
  case headerTooLarge(file: String, length: UInt64)
  case headerNotJSON(file: String)
  case unknownDType(file: String, tensor: String, dtype: String)
  case badShape(file: String, tensor: String)
  case sizeMismatch(file: String, tensor: String, expected: Int, actual: Int)
  case offsetOutOfRange(file: String, tensor: String)
  case overlapping(file: String, tensor: String, other: String)
  case missingTensor(file: String, tensor: String)

  public var description: String { "\(file): \(reason)" }

  /// The file rejected.
  public var file: String {
    switch self {
    case .unreadable(let file, _), .truncated(let file, _), .headerTooLarge(let file, _), .headerNotJSON(let file),
      .unknownDType(let file, _, _), .badShape(let file, _), .sizeMismatch(let file, _, _, _),
      .offsetOutOfRange(let file, _), .overlapping(let file, _, _), .missingTensor(let file, _):
      file
    }
  }

  /// What is wrong with it, without its name (for a message that names the file itself).
  public var reason: String {
    switch self {
    case .unreadable(_, let reason): "cannot read safetensors file: \(reason)"
    case .truncated(_, let reason): "truncated safetensors file: \(reason)"
    case .headerTooLarge(_, let length):
      "not a complete safetensors file: its header claims \(length) bytes, more than the file holds or "
        + "the 100 MB a header may take (a truncated download or another kind of file)"
    case .headerNotJSON: "safetensors header is not a JSON object of tensors"
    case .unknownDType(_, let tensor, let dtype):
      "tensor '\(tensor)' has unsupported dtype '\(dtype)' (F32, F16, BF16 accepted)"
    case .badShape(_, let tensor): "tensor '\(tensor)' has an invalid shape"
    case .sizeMismatch(_, let tensor, let expected, let actual):
      "tensor '\(tensor)' shape × dtype needs \(expected) bytes but its offsets span \(actual)"
    case .offsetOutOfRange(_, let tensor): "tensor '\(tensor)' has offsets outside the data section"
    case .overlapping(_, let tensor, let other): "tensors '\(tensor)' and '\(other)' overlap"
    case .missingTensor(_, let tensor): "tensor '\(tensor)' is missing"
    }
  }
}
