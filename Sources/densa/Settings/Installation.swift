import Foundation

/// Where densa's own files (bundled model, default configuration, schemas) are, whatever the
/// working directory: `PREFIX/share/densa` beside an installed `PREFIX/bin/densa`, or the
/// repository above a build folder (`.build/<triple>/release/densa`).
enum Installation {
  /// The folders that may hold densa's files, most specific first.
  static let roots: [URL] = {
    var exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    if exe.path == "/proc/self/exe" { exe = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL }
    let bin = exe.deletingLastPathComponent()
    var candidates = [bin.deletingLastPathComponent().appendingPathComponent("share/densa")]
    // A build folder: walk up to the repository that holds it.
    var folder = bin
    for _ in 0..<5 {
      folder = folder.deletingLastPathComponent()
      candidates.append(folder)
    }
    return candidates.filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("models").path) }
  }()

  /// `path` as given when it is absolute or exists from the working directory; else the same
  /// relative path under the first installation root that has it; else as given (so the error
  /// names what was asked for).
  static func resolve(_ path: String) -> String {
    if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
    for root in roots {
      let candidate = root.appendingPathComponent(path).path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
    }
    return path
  }
}
