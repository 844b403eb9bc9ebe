import Foundation

/// Writes float32 tensors as a safetensors file (8-byte header length, JSON header, raw data),
/// the format timm's state_dicts are exchanged in.
public enum SafetensorsWriter {
  /// The file's bytes; tensors are laid out in name order.
  public static func encode(_ tensors: [String: WeightTensor], metadata: [String: String] = [:]) -> Data {
    var header = [String: Any]()
    var offset = 0
    let names = tensors.keys.sorted()
    for name in names {
      let t = tensors[name]!
      precondition(t.values.count == t.shape.reduce(1, *), "\(name): shape does not match the values")
      let bytes = t.values.count * 4
      header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]]
      offset += bytes
    }
    if !metadata.isEmpty { header["__metadata__"] = metadata }
    var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
    // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
    while (8 + json.count) % 8 != 0 { json.append(0x20) }
    var data = Data()
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    for name in names {
      tensors[name]!.values.withUnsafeBufferPointer {
        data.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count))
      }
    }
    return data
  }
}
