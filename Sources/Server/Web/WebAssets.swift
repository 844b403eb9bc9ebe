import Foundation
import Mustache
import Yams

/// The web interface's own files, read once at start: the page templates, the stylesheet and
/// script, and the OpenAPI document (as written, YAML, and as JSON).
///
/// They are the Server target's resources: beside the binary in a build folder
/// (`densa_Server.resources/Resources`), or in `PREFIX/share/densa/web` where `make install` puts
/// them.
public struct WebAssets: Sendable {
  /// A static file and its media type.
  public struct File: Sendable {
    public var contentType: String
    public var data: Data
  }

  /// `templates/NAME.mustache`, by NAME.
  public let templates: MustacheLibrary
  /// `static/NAME`, by NAME.
  public let files: [String: File]
  /// `openapi.yaml` as written.
  public let openAPIYAML: String
  /// The same document as JSON.
  public let openAPIJSON: Data

  /// The folder the assets are read from.
  public let directory: URL

  /// The web files that the running binary finds.
  public static func bundled() throws -> WebAssets {
    let candidates = searchPaths()
    guard let directory = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
      throw WebAssetsError(
        reason: "web files not found; looked in \(candidates.map(\.path).joined(separator: ", "))")
    }
    return try WebAssets(directory: directory)
  }

  /// Where the web files may be, most specific first.
  static func searchPaths() -> [URL] {
    var exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    if exe.path == "/proc/self/exe" { exe = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL }
    let bin = exe.deletingLastPathComponent()
    return [
      bin.appendingPathComponent("densa_Server.resources/Resources"),
      bin.deletingLastPathComponent().appendingPathComponent("share/densa/web"),
    ]
  }

  /// Reads the web files in `directory` (`templates/`, `static/`, `openapi.yaml`).
  public init(directory: URL) throws {
    self.directory = directory
    var library = MustacheLibrary()
    let templateFolder = directory.appendingPathComponent("templates")
    for name in try Self.names(in: templateFolder) where name.hasSuffix(".mustache") {
      let text = try String(contentsOf: templateFolder.appendingPathComponent(name), encoding: .utf8)
      do {
        try library.register(text, named: String(name.dropLast(".mustache".count)))
      } catch {
        throw WebAssetsError(reason: "\(templateFolder.appendingPathComponent(name).path): \(error)")
      }
    }
    templates = library
    let staticFolder = directory.appendingPathComponent("static")
    var files = [String: File]()
    for name in try Self.names(in: staticFolder) {
      let data = try Data(contentsOf: staticFolder.appendingPathComponent(name))
      files[name] = File(contentType: Self.mediaType(of: name), data: data)
    }
    self.files = files
    let yamlURL = directory.appendingPathComponent("openapi.yaml")
    openAPIYAML = try String(contentsOf: yamlURL, encoding: .utf8)
    do {
      guard let document = try Yams.load(yaml: openAPIYAML) else {
        throw WebAssetsError(reason: "\(yamlURL.path): empty document")
      }
      openAPIJSON = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    } catch let error as WebAssetsError {
      throw error
    } catch {
      throw WebAssetsError(reason: "\(yamlURL.path): \(error)")
    }
  }

  private static func names(in folder: URL) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    } catch {
      throw WebAssetsError(reason: "\(folder.path): cannot be read (\(error.localizedDescription))")
    }
  }

  static func mediaType(of name: String) -> String {
    switch (name as NSString).pathExtension.lowercased() {
    case "css": "text/css; charset=utf-8"
    case "js": "text/javascript; charset=utf-8"
    case "svg": "image/svg+xml"
    case "png": "image/png"
    case "ico": "image/x-icon"
    default: "application/octet-stream"
    }
  }
}

/// Web files that are missing or unreadable.
public struct WebAssetsError: Error, CustomStringConvertible {
  public var reason: String
  public var description: String { reason }
}
