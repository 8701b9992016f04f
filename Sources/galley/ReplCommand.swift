import ArgumentParser
import GalleyREPL

/// `galley repl [PIPELINE] [INPUT]`: run a pipeline one stage at a time on one document and look inside.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Run a pipeline one stage at a time on one document; with stdin not a terminal, run the commands it holds.")

    @Argument(help: "The pipeline YAML file (default: Pipelines/news.yaml when present).")
    var pipeline: String?

    @Argument(help: "A file or folder to take documents from (default: the pipeline's 'input').")
    var input: String?

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        // Each load and `reload` re-reads the plugins beside the pipeline, in --plugins and GALLEY_PLUGIN_PATH.
        let status = REPL.main(registry: Support.reloadingRegistry(plugins: plugins), pipeline: pipeline, input: input)
        if status != 0 { throw ExitCode(status) }
    }
}
