import ArgumentParser
import Foundation
import GalleyCore

/// `galley`: runs folders of news articles through YAML pipelines.
@main
struct Galley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Run folders of news articles through YAML pipelines of stages.",
        version: GalleyVersion.string,
        subcommands: [RunCommand.self, ValidateCommand.self, TestCommand.self, StagesCommand.self, ReplCommand.self,
                      SearchCommand.self, PluginsCommand.self])

    /// Parses the command line; usage errors exit 2, as the exit codes of docs/design.md say.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
