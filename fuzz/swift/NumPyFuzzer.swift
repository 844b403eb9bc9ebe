// libFuzzer target: `.npy` bytes through NumPyArray (magic, version, header dictionary, shape).
// Compiled in one module with Sources/Classifier/Weights.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  _ = try? NumPyArray(data: Data(bytes: data, count: size), name: "fuzz.npy")
  return 0
}
