import Foundation
import Testing

/// The repository root, where `config/densa.yaml` lives.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

@Suite struct ConfigurationTests {
  @Test func defaultsComeFromTheBundledYAML() throws {
    let result = try DensaBinary.run(["config"], in: repositoryRoot)
    #expect(result.status == 0)
    #expect(result.stdout.contains("configuration file: config/densa.yaml"))
    #expect(result.stdout.contains("dicom.bindAddress = 127.0.0.1"))
    #expect(result.stdout.contains("dicom.port = 11112"))
  }

  @Test func environmentOverridesTheFileAndSetOverridesTheEnvironment() throws {
    let env = try DensaBinary.run(
      ["config"], in: repositoryRoot, environment: ["DENSA_DICOM_PORT": "4242", "DENSA_DICOM_AE_TITLE": "QA1"])
    #expect(env.stdout.contains("dicom.port = 4242"))
    #expect(env.stdout.contains("dicom.aeTitle = QA1"))
    let flag = try DensaBinary.run(
      ["config", "--set", "dicom.port=5151"], in: repositoryRoot, environment: ["DENSA_DICOM_PORT": "4242"])
    #expect(flag.stdout.contains("dicom.port = 5151"))
  }

  @Test func aBadValueIsRejectedWithTheKeyNamed() throws {
    let result = try DensaBinary.run(["config", "--set", "dicom.port=seventy"], in: repositoryRoot)
    #expect(result.status != 0)
    #expect(result.stderr.contains("dicom.port"))
  }

  @Test func anUnknownLogLevelIsRejectedWithTheKeyNamed() throws {
    let result = try DensaBinary.run(["config", "--set", "log.level=loud"], in: repositoryRoot)
    #expect(result.status != 0)
    #expect(result.stderr.contains("log.level"))
    #expect(result.stderr.contains("'loud'"))
  }

  @Test func aMissingConfigFileIsNamed() throws {
    let result = try DensaBinary.run(["config", "--config", "/nonexistent/densa.yaml"], in: repositoryRoot)
    #expect(result.status != 0)
    #expect(result.stderr.contains("/nonexistent/densa.yaml"))
  }
}
