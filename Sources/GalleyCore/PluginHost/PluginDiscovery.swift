import Foundation

/// One plugin found on disk: its manifest, and the host that runs it (process plugins only).
public struct DiscoveredPlugin: Sendable {
    /// The checked manifest.
    public var manifest: PluginManifest
    /// The host of a process plugin; nil for rule plugins.
    public var host: PluginHost?
}

/// What discovery found: the registry to run with, the plugins, and problems in their manifests.
public struct DiscoveredPlugins: Sendable {
    /// Builtin stage types plus every discovered plugin's.
    public var registry: StageRegistry
    /// The plugins, in discovery order.
    public var plugins: [DiscoveredPlugin]
    /// Problems found in manifests (those plugins are left out) and name clashes.
    public var diagnostics: [Diagnostic]
    /// Folders searched, in order.
    public var searched: [String]

    /// Stops every process plugin's programs (for the REPL's `reload` and the end of a run).
    public func shutdown() {
        for p in plugins { p.host?.shutdown() }
    }
}

/// Finds external plugins: `Plugins/` beside the pipeline's project, `--plugins DIR`, and `GALLEY_PLUGIN_PATH`.
public enum PluginDiscovery {
    /// The environment variable holding extra plugin folders, separated by ':'.
    public static let pathVariable = "GALLEY_PLUGIN_PATH"

    /// Folders to search, in priority order: `--plugins` folders, `Plugins/` in the pipeline's folder and its parent
    /// (the project; the working directory when there is no pipeline), then `GALLEY_PLUGIN_PATH`.
    public static func directories(pipelineDirectory: String?, extraDirs: [String],
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var dirs = extraDirs
        let base = URL(fileURLWithPath: pipelineDirectory ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        dirs.append(base.appendingPathComponent("Plugins").path)
        if pipelineDirectory != nil { dirs.append(base.deletingLastPathComponent().appendingPathComponent("Plugins").path) }
        if let path = environment[pathVariable] { dirs += path.split(separator: ":").map(String.init).filter { !$0.isEmpty } }
        var seen = Set<String>()
        return dirs.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.filter { seen.insert($0).inserted }
    }

    /// Plugin folders (those holding a `plugin.yaml`) in a search folder, sorted; the folder itself if it is one.
    public static func pluginFolders(in directory: String) -> [String] {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory + "/" + ManifestLoader.fileName) { return [directory] }
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().map { directory + "/" + $0 }.filter { fm.fileExists(atPath: $0 + "/" + ManifestLoader.fileName) }
    }

    /// Loads every plugin in the search folders and folds their stages over `builtins`; the first plugin of a name wins.
    public static func registry(builtins: StageRegistry, pipelineDirectory: String?, extraDirs: [String] = [],
                                environment: [String: String] = ProcessInfo.processInfo.environment,
                                compileRules: RuleCompiler? = nil,
                                log: (@Sendable (String) -> Void)? = nil) -> DiscoveredPlugins {
        let searched = directories(pipelineDirectory: pipelineDirectory, extraDirs: extraDirs, environment: environment)
        var diagnostics: [Diagnostic] = []
        for dir in extraDirs {
            var isDir: ObjCBool = false
            if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
                diagnostics.append(Diagnostic("--plugins \(dir): no such folder"))
            }
        }
        var plugins: [DiscoveredPlugin] = []
        var byName: [String: String] = [:]
        var types: [StageType] = []
        var typeOwners: [String: String] = [:]
        for t in builtins.sorted { typeOwners[t.name] = t.origin }
        let loader = ManifestLoader(environment: environment)
        for dir in searched {
            for folder in pluginFolders(in: dir) {
                let manifest: PluginManifest
                do { manifest = try loader.load(directory: folder) } catch {
                    diagnostics += error.diagnostics
                    continue
                }
                if let other = byName[manifest.name] {
                    diagnostics.append(Diagnostic("plugin '\(manifest.name)' in \(displayPath(folder)) is ignored: a plugin of that name was found first in \(displayPath(other))",
                                                  severity: .warning))
                    continue
                }
                byName[manifest.name] = folder
                var stageTypes: [StageType]
                var host: PluginHost?
                switch manifest.kind {
                case .process:
                    let h = PluginHost(manifest: manifest, log: log)
                    host = h
                    stageTypes = h.stageTypes()
                case .rules:
                    stageTypes = manifest.stages.map { stage in
                        let rules = stage.rules ?? RuleSetSpec()
                        return StageType(name: stage.name, kind: .transform, summary: stage.summary, parameters: stage.parameters,
                                         origin: manifest.name) { config in
                            guard let compileRules else { throw StageFailure("rule plugins need the GalleyRules library") }
                            return .transform(try compileRules(rules, config.parameters))
                        }
                    }
                }
                stageTypes = stageTypes.filter { t in
                    if let owner = typeOwners[t.name] {
                        diagnostics.append(Diagnostic("stage '\(t.name)' of plugin '\(manifest.name)' is already defined by '\(owner)'; ignoring it",
                                                      severity: .warning, at: manifest.stages.first { $0.name == t.name }?.location))
                        return false
                    }
                    typeOwners[t.name] = manifest.name
                    return true
                }
                types += stageTypes
                plugins.append(DiscoveredPlugin(manifest: manifest, host: host))
            }
        }
        return DiscoveredPlugins(registry: builtins.adding(types), plugins: plugins, diagnostics: diagnostics, searched: searched)
    }
}
