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

  public var description: String {
    switch self {
    case .unreadable(let file, let reason): "\(file): cannot read safetensors file: \(reason)"
    case .truncated(let file, let reason): "\(file): truncated safetensors file: \(reason)"
    case .headerTooLarge(let file, let length):
      "\(file): not a complete safetensors file: its header claims \(length) bytes, more than the file holds or "
        + "the 100 MB a header may take (a truncated download or another kind of file)"
    case .headerNotJSON(let file): "\(file): safetensors header is not a JSON object of tensors"
    case .unknownDType(let file, let tensor, let dtype):
      "\(file): tensor '\(tensor)' has unsupported dtype '\(dtype)' (F32, F16, BF16 accepted)"
    case .badShape(let file, let tensor): "\(file): tensor '\(tensor)' has an invalid shape"
    case .sizeMismatch(let file, let tensor, let expected, let actual):
      "\(file): tensor '\(tensor)' shape × dtype needs \(expected) bytes but its offsets span \(actual)"
    case .offsetOutOfRange(let file, let tensor):
      "\(file): tensor '\(tensor)' has offsets outside the data section"
    case .overlapping(let file, let tensor, let other):
      "\(file): tensors '\(tensor)' and '\(other)' overlap"
    case .missingTensor(let file, let tensor): "\(file): tensor '\(tensor)' is missing"
    }
  }
}
