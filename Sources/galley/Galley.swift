import ArgumentParser
import Foundation
import GalleyCore
#if canImport(Glibc)
import Glibc
#endif

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
        #if canImport(Glibc)
        // glibc raises its mmap threshold each time a large block is freed, after which document-sized buffers stay
        // in the heap; a fixed 256 KB threshold gives them back on free (BBC, news.yaml, --jobs 2: peak RSS 95-103 MB
        // → 87 MB).
        // (`mallopt` from <malloc.h>, which Swift's Glibc module does not include; M_MMAP_THRESHOLD is -3.)
        if let mallopt = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            _ = unsafeBitCast(mallopt, to: (@convention(c) (Int32, Int32) -> Int32).self)(-3, 256 << 10)
        }
        #endif
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
