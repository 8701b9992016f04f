import Foundation
import GalleyCore
import GalleyRules

/// The Swift plugins compiled into galley: `SwiftPlugins`, generated from Package.swift's `swiftPlugins` by
/// BuildPlugins/BuiltinRegistry, lists them; nothing here names a plugin.
public enum Builtins {
    /// Every builtin stage type, from every Swift plugin.
    public static let stageTypes: [StageType] = SwiftPlugins.stageTypes

    /// The module names of the Swift plugins compiled in, in the order of `swiftPlugins`.
    public static let pluginModules: [String] = SwiftPlugins.names

    /// The registry of builtin stage types.
    public static let registry = StageRegistry(stageTypes)

    /// The builtin stage types plus every external plugin found for a pipeline folder (`Plugins/` beside the project,
    /// `extraDirs` from `--plugins`, and `GALLEY_PLUGIN_PATH`); call again to re-read plugins (the REPL's `reload`).
    public static func withPlugins(pipelineDirectory: String?, extraDirs: [String] = [],
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> DiscoveredPlugins {
        PluginDiscovery.registry(builtins: registry, pipelineDirectory: pipelineDirectory, extraDirs: extraDirs,
                                 environment: environment, compileRules: GalleyRules.compiler)
    }
}
