import ArgumentParser
import Dispatch
import Foundation
import GalleyCore

/// `galley plugins [--check]`: the external plugins found, their stages, and whether they start.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List external plugins with path, version and stages; --check starts each one and checks the handshake.")

    @Argument(help: "A pipeline whose project's Plugins/ folder to search (default: ./Plugins).")
    var pipeline: String?

    @Flag(help: "Start each process plugin and check its handshake; compile each rules plugin.")
    var check = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let found = Support.discover(pipeline: pipeline, plugins: plugins)
        for d in found.diagnostics { Terminal.error(d.rendered(color: Terminal.colorErrors)) }
        var failed = found.diagnostics.contains { $0.severity == .error }
        if found.plugins.isEmpty {
            print("no external plugins found; searched: \(found.searched.joined(separator: ", "))")
        }
        for (n, plugin) in found.plugins.enumerated() {
            let m = plugin.manifest
            if n > 0 { print("") }
            print("\(m.name) \(m.version ?? "(no version)")  (\(m.kind.rawValue), protocol \(m.protocolVersion))  \(Self.shown(m.directory))")
            if !m.description.isEmpty { print("  \(m.description)") }
            if m.kind == .process {
                print("  command: \(m.command.joined(separator: " "))   timeout \(m.timeout) s, start \(m.startTimeout) s, concurrency \(m.concurrency)")
            }
            let width = m.stages.map(\.name.count).max() ?? 0
            for s in m.stages {
                var line = "  " + s.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + s.summary
                if let rules = s.rules {
                    line += "  [\(rules.terms.count) terms, \(rules.patterns.count) patterns, \(rules.categories.count) categories]"
                }
                print(line)
            }
            guard check else { continue }
            switch m.kind {
            case .process:
                guard let host = plugin.host else { continue }
                do {
                    let seconds = try host.start()
                    print(String(format: "  check: ok — started and answered the handshake in %.0f ms", seconds * 1000))
                } catch {
                    print("  check: FAILED — \(error)")
                    failed = true
                }
                host.shutdown()
            case .rules:
                for s in m.stages {
                    guard let type = found.registry[s.name] else { continue }
                    let started = DispatchTime.now().uptimeNanoseconds
                    do {
                        _ = try type.make(StageConfig(id: s.name, type: s.name, parameters: Parameters(.init(uniqueKeysWithValues: type.parameters.compactMap { p in p.defaultValue.map { (p.name, $0) } })), pipelineDirectory: m.directory))
                        let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                        print(String(format: "  check: %@ ok — compiled in %.1f ms", s.name, ms))
                    } catch {
                        print("  check: \(s.name) FAILED — \(error)")
                        failed = true
                    }
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    private static func shown(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}
