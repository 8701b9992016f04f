import ArgumentParser
import Foundation
import GalleyBuiltins
import GalleyCore

/// Loading the registry and pipelines the same way for every subcommand.
enum Support {
    /// The stage registry: builtin Swift plugins.
    static func registry() -> StageRegistry { Builtins.registry }

    /// Loads a pipeline, printing its diagnostics and exiting 1 when it has errors.
    static func loadPipeline(_ path: String, registry: StageRegistry, overrides: [ParameterOverride] = []) throws -> Pipeline {
        do {
            return try PipelineLoader(registry: registry).load(file: path, overrides: overrides)
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
