import ArgumentParser
import Foundation
import GalleyBuiltins
import GalleyCore
import Synchronization

/// `--plugins DIR`: more folders to search for external plugins.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp("Also load external plugins from this folder (repeatable; GALLEY_PLUGIN_PATH adds more).",
                                                          valueName: "DIR"))
    var directories: [String] = []
}

/// Loading the registry and pipelines the same way for every subcommand.
enum Support {
    /// The stage registry for a pipeline: builtins plus plugins beside its project, in `--plugins` and `GALLEY_PLUGIN_PATH`;
    /// problems in plugin manifests are printed (those plugins are left out).
    static func registry(pipeline: String?, plugins: PluginOptions) -> StageRegistry {
        let found = discover(pipeline: pipeline, plugins: plugins)
        for d in found.diagnostics { Terminal.error(d.rendered(color: Terminal.colorErrors)) }
        return found.registry
    }

    /// A registry source for the REPL: each call (each pipeline load or `reload`) re-reads the plugins for that pipeline
    /// and stops the programs of the previous set, so a reload picks up edited manifests and programs.
    static func reloadingRegistry(plugins: PluginOptions) -> (String?) -> StageRegistry {
        let previous = Mutex<DiscoveredPlugins?>(nil)
        return { pipeline in
            let found = discover(pipeline: pipeline, plugins: plugins)
            for d in found.diagnostics { Terminal.error(d.rendered(color: Terminal.colorErrors)) }
            previous.withLock { old in
                old?.shutdown()
                old = found
            }
            return found.registry
        }
    }

    /// Every plugin found for a pipeline (or the working directory), with the registry they make.
    static func discover(pipeline: String?, plugins: PluginOptions) -> DiscoveredPlugins {
        let directory = pipeline.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        return Builtins.withPlugins(pipelineDirectory: directory, extraDirs: plugins.directories)
    }

    /// Loads a pipeline, printing its diagnostics and exiting 1 when it has errors.
    static func loadPipeline(_ path: String, registry: StageRegistry, overrides: [ParameterOverride] = []) throws -> Pipeline {
        do {
            let pipeline = try PipelineLoader(registry: registry).load(file: path, overrides: overrides)
            if !pipeline.warnings.isEmpty { Terminal.print(DiagnosticList(pipeline.warnings)) }
            return pipeline
        } catch {
            Terminal.print(error)
            throw ExitCode(1)
        }
    }

    /// Parses `--set` values, failing with a usage error on a malformed one.
    static func overrides(_ sets: [String]) throws -> [ParameterOverride] {
        try sets.map { text in
            guard let o = ParameterOverride(parsing: text) else {
                throw ValidationError("--set expects STAGE.PARAM=VALUE, got '\(text)'")
            }
            return o
        }
    }
}
