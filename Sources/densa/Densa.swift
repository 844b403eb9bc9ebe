import ArgumentParser

/// The densa command-line tool: breast-density AI for screening mammography.
@main
struct Densa: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Breast-density AI for screening mammography: read DICOM studies and Spanish reports, classify BI-RADS composition, audit disagreements.",
    version: densaVersion,
    subcommands: [
      ConfigCommand.self,
      ScanCommand.self,
      SynthCommand.self,
      DecodeBenchCommand.self,
      ReportsCommand.self,
      ModelCommand.self,
      ProcessCommand.self,
      WorklistCommand.self,
      LetterCommand.self,
      QACommand.self,
      DatasetCommand.self,
      EvaluateCommand.self,
      ServeCommand.self,
      OutboxCommand.self,
      BackfillCommand.self,
      UserCommand.self,
    ]
  )

  /// ArgumentParser's own `main`, with Foundation's file errors put in words (``inWords(_:)``).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      exit(withError: inWords(error))
    }
  }
}

/// densa's own version, written into every output it produces.
let densaVersion = "0.1.0"
