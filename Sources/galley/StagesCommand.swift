import ArgumentParser
import GalleyCore

/// `galley stages [NAME]`: the stage types and their parameters.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "List stage types with phase and summary, or one type's parameters.")

    @Argument(help: "A stage type name, e.g. extract.article.")
    var name: String?

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let registry = Support.registry(pipeline: nil, plugins: plugins)
        guard let name else {
            let width = registry.sorted.map(\.name.count).max() ?? 0
            var phase: Phase?
            for t in registry.sorted {
                if t.phase != phase { print(phase == nil ? "\(t.phase):" : "\n\(t.phase):"); phase = t.phase }
                print("  " + t.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + t.summary)
            }
            return
        }
        guard let type = registry[name] else {
            let hint = registry.suggestion(for: name).map { "; did you mean '\($0)'?" } ?? ""
            Terminal.error("error: unknown stage type '\(name)'\(hint)")
            throw ExitCode(1)
        }
        print("\(type.name) — \(type.summary)")
        print("phase: \(type.phase)   kind: \(type.kind.rawValue)   from: \(type.origin)")
        guard !type.parameters.isEmpty else { print("parameters: none"); return }
        print("parameters:")
        let width = type.parameters.map(\.name.count).max() ?? 0
        for p in type.parameters {
            var def = p.required ? "required" : p.defaultValue.map { "default \($0.jsonString)" } ?? "optional"
            if let range = p.range { def += ", \(ParameterProblem.describe(range))" }
            print("  " + p.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(p.type) (\(def))")
            print("  " + String(repeating: " ", count: width) + "  \(p.doc)")
        }
    }
}
