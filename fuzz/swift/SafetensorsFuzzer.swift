// libFuzzer target: safetensors bytes through SafetensorsFile (header, offsets, dtypes, shapes),
// then every tensor converted to Float as the model loader does. Compiled in one module with
// Sources/Classifier/Weights (the rest of Classifier needs OpenBLAS and the C kernels).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(bytes: data, count: size)
  guard let file = try? SafetensorsFile(data: bytes, name: "fuzz.safetensors") else { return 0 }
  for name in file.entries.keys.sorted().prefix(16) { _ = try? file.tensor(name) }
  return 0
}
