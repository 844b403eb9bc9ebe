// swift-tools-version: 6.2
import PackageDescription

/// Every densa Swift target: Swift 6 mode, and a warning is an error.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

/// DCMTK 3.6.7 as Debian ships it. Its dcmtk.pc is unusable (it requires a missing sndfile.pc),
/// so the libraries are named one by one, most dependent first. Debian's CharLS (libcharls) must
/// not be linked: it exports the same symbols as DCMTK's bundled CharLS with another ABI.
let dcmtkLibraries: [LinkerSetting] = [
  "dcmsr", "cmr", "dcmnet", "dcmjpls", "dcmjpeg", "ijg8", "ijg12", "ijg16", "dcmimage", "dcmimgle",
  "dcmdata", "oflog", "ofstd", "openjp2", "z",
].map { .linkedLibrary($0) }

let package = Package(
  name: "densa",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "densa", targets: ["densa"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["YAML"]),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // System libraries, each a thin module map over a Debian -dev package.
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    // FreeType draws the scorecard's text (Debian's libfreetype-dev; its headers sit in freetype2/).
    .systemLibrary(name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2"),

    // C API over DCMTK (and OpenJPEG/CharLS for what DCMTK lacks); C++17 inside.
    .target(
      name: "CDCMTK",
      path: "Sources/CDCMTK",
      cxxSettings: [.unsafeFlags(["-Wno-deprecated-declarations", "-I/usr/include/openjpeg-2.5"])],
      linkerSettings: dcmtkLibraries
    ),

    // Hand-vectorised ConvNeXt kernels in C, compiled per x86-64 level and chosen at run time.
    .target(
      name: "CKernels", path: "Sources/CKernels", cSettings: [.unsafeFlags(["-O3"])],
      linkerSettings: [.linkedLibrary("openblas")]),

    .target(name: "BIRADS", swiftSettings: strict),
    .target(name: "Seeded", swiftSettings: strict),
    .target(name: "Raster", dependencies: ["CZlib", "CFreeType"], swiftSettings: strict),
    .target(name: "DICOM", dependencies: ["CDCMTK", "BIRADS", "Raster"], swiftSettings: strict),
    .target(
      name: "Classifier",
      dependencies: [
        "COpenBLAS", "CKernels", "Raster", "BIRADS", "Seeded", .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict),
    .target(name: "Reports", dependencies: ["BIRADS"], swiftSettings: strict),
    .target(name: "Synth", dependencies: ["DICOM", "Raster", "BIRADS", "Seeded"], swiftSettings: strict),
    .target(
      name: "Worklist",
      dependencies: [
        "DICOM", "Classifier", "Reports", "Seeded", "BIRADS", "Raster", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict),
    // The long-running node: DICOM storage and outbox, HL7 reports, HTTP health and metrics.
    .target(
      name: "Server",
      dependencies: [
        "DICOM", "Classifier", "Reports", "Worklist", "BIRADS",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Yams", package: "Yams"),
      ],
      resources: [.copy("Web/Resources")],
      swiftSettings: strict),
    .executableTarget(
      name: "densa",
      dependencies: [
        "DICOM", "Classifier", "Reports", "Synth", "Worklist", "Raster", "BIRADS", "Server",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Configuration", package: "swift-configuration"),
        // ConfigFileLimits measures a configuration file before swift-configuration flattens it.
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict
    ),

    .testTarget(name: "BIRADSTests", dependencies: ["BIRADS"], swiftSettings: strict),
    .testTarget(name: "RasterTests", dependencies: ["Raster"], swiftSettings: strict),
    // What the test targets share: the one runner of outside programs.
    .target(name: "TestSupport", path: "Tests/Support", swiftSettings: strict),
    .testTarget(
      name: "DICOMTests", dependencies: ["DICOM", "TestSupport"], exclude: ["Support/lossless_jpeg_encode.py"],
      swiftSettings: strict),
    .testTarget(name: "SynthTests", dependencies: ["Synth"], swiftSettings: strict),
    .testTarget(name: "WorklistTests", dependencies: ["Worklist", "Synth", "Classifier"], swiftSettings: strict),
    .testTarget(
      name: "ClassifierTests", dependencies: ["Classifier", "CKernels"], exclude: ["Fixtures"], swiftSettings: strict),
    .testTarget(name: "EndToEndTests", dependencies: ["densa", "Worklist", "TestSupport"], swiftSettings: strict),
    .testTarget(
      name: "ServerTests",
      dependencies: [
        "Server", "Worklist", "Reports", "DICOM", "Synth", "Classifier",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict),
    .testTarget(
      name: "ReportsTests", dependencies: ["Reports", "BIRADS"], exclude: ["Corpus"],
      swiftSettings: strict),
  ],
  cxxLanguageStandard: .cxx17
)
