import ArgumentParser
import GalleyCore

/// `galley validate PIPELINE ...`: check pipelines without reading any document.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipelines: YAML, keys, stage types, parameters, ids, phase order, variables. Exit 1 on any error.")

    @Argument(help: "Pipeline YAML files.")
    var pipelines: [String]

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a stage parameter.", valueName: "STAGE.PARAM=VALUE"))
    var sets: [String] = []

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let overrides = try Support.overrides(sets)
        var failed = false
        for path in pipelines {
            let registry = Support.registry(pipeline: path, plugins: plugins)
            do {
                let p = try PipelineLoader(registry: registry).load(file: path, overrides: overrides)
                if !p.warnings.isEmpty { Terminal.print(DiagnosticList(p.warnings)) }
                print("\(path): ok — pipeline '\(p.name)', \(p.stages.count) stages: \(p.stages.map(\.id).joined(separator: " → "))")
            } catch {
                Terminal.print(error)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
