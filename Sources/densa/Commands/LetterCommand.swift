import ArgumentParser
import Foundation
import Worklist

/// `densa letter ACCESSION`: the breast-density paragraph of the patient's lay summary, for the
/// radiologist's density (the report's), never the model's.
struct LetterCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "letter",
    abstract: "The lay summary's breast-density paragraph (21 CFR 900.12(c)(2)) for the report's density.",
    discussion: """
      Prints the regulation's dense or not-dense paragraph for the density the exam's report states. \
      The model's density is never used: until the report states one, there is no paragraph \
      (exit status 3). --spanish adds a Spanish rendering, labelled as a translation.
      """
  )

  @Argument(help: "Accession number or Study Instance UID.")
  var exam: String

  @Flag(help: "Also print the Spanish rendering (a translation, not regulatory text).")
  var spanish = false

  @Flag(help: "JSON output.")
  var json = false

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    guard let letter = try existingStore(db ?? s.databasePath).densityLetter(exam: exam) else {
      throw CommandError("no exam with accession or Study Instance UID \(exam)")
    }
    if json {
      print(String(decoding: try JSONEncoder.pretty.encode(letter), as: UTF8.self))
    } else if let paragraph = letter.paragraph {
      print(paragraph)
      if spanish, let translation = letter.spanish {
        print("\n[\(translation.label)]\n\(translation.text)")
      }
    }
    guard letter.paragraph != nil else {
      FileHandle.standardError.write(
        Data(
          ("\(exam): the report states no breast density yet; the letter's paragraph follows the radiologist's "
            + "density, not the model's\n").utf8))
      throw ExitCode(3)
    }
  }
}
