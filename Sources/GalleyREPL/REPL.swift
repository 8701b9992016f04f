import Foundation
import GalleyCore
import OrderedCollections

#if canImport(Glibc)
import Glibc
#endif

/// The `galley repl` front end: a terminal session with readline, or a script read from a pipe.
public enum REPL {
    /// Runs the REPL on stdin/stdout; returns the exit status (1 when reading a script and a command failed).
    /// `registry` gives the stage types for a pipeline file (nil before one is loaded); it is asked again on each load.
    public static func main(registry: @escaping (String?) -> StageRegistry, pipeline: String?, input: String?) -> Int32 {
        // First, so that ^C never ends the REPL (plugin hosts leave a handler that is already there in place).
        installInterruptHandler()
        let environment = ProcessInfo.processInfo.environment
        let interactive = isatty(0) != 0
        // Plugins start on their first document, as the protocol says, and their stderr stays off the prompt line.
        PluginProcesses.startEarly = false
        if interactive { PluginProcesses.setLog { PluginLines.shared.log($0) } }
        let color = TerminalStyle.colors(on: 1, environment: environment)
        let session = ReplSession(registry: registry(nil), environment: environment, color: color, width: interactive ? terminalWidth() : 120)
        session.registryFor = { registry($0) }
        let file = pipeline ?? (FileManager.default.fileExists(atPath: "Pipelines/news.yaml") ? "Pipelines/news.yaml" : nil)
        if let file {
            if session.load(file), let input {
                do { try session.useInput(input) } catch { session.fail(error.message) }
            }
        } else if interactive {
            session.say("no pipeline: 'load PIPELINE' to start")
        }
        guard interactive else {
            while !session.quitRequested, let line = Swift.readLine(strippingNewline: true) {
                session.execute(line)
            }
            return session.failures > 0 ? 1 : 0
        }
        session.fitTables = true
        session.interactive = true
        session.say("type 'help' for commands, TAB to complete, ^D to leave")
        let editor = LineEditor(historyPath: LineEditor.defaultHistoryPath(environment: environment)) { line, start, word in
            session.completions(before: line, word: word)
        }
        while !session.quitRequested, let line = editor.readLine(prompt: session.prompt) {
            session.width = terminalWidth()
            session.execute(line)
        }
        return 0
    }

    /// Columns of the terminal on stdout, 120 when unknown.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 120
    }
}

extension ReplSession {
    /// The prompt: `galley> `, or `galley news 2/5> ` with the pipeline name and the next stage.
    public var prompt: String {
        guard let pipeline else { return "galley> " }
        return "galley \(pipeline.name) \(position)/\(stages.count)> "
    }

    /// TAB completion: commands, stage ids, STAGE.PARAM, field paths for `show`, kinds for `text`, file paths.
    public func completions(before line: String, word: String) -> [String] {
        let words = Self.words(line)
        guard let command = words.first else { return ReplCommands.names.filter { $0.hasPrefix(word) } }
        let argument = words.count
        switch command {
        case "run", "diff", "params", "break":
            return argument == 1 ? stages.map(\.id) : []
        case "set" where argument == 1:
            return stages.flatMap { s in s.type.parameters.map { "\(s.id).\($0.name)" } }
        case "set" where argument == 2:
            guard let key = words.last, let dot = key.lastIndex(of: "."),
                  let stage = stages.first(where: { $0.id == key[..<dot] }),
                  let spec = stage.type.parameter(String(key[key.index(after: dot)...])) else { return [] }
            switch spec.type {
            case .boolean: return ["true", "false"]
            case .choice(let options): return options
            default: return stage.spec.parameters[spec.name].map { [$0.jsonString] } ?? []
            }
        case "show" where argument == 1:
            guard let doc = document else { return ["fields", "trace"] }
            return FieldPath.candidates(DocumentJSON.object(doc))
        case "text":
            guard let doc = document else { return [] }
            return Array(OrderedSet(doc.annotations.map(\.kind) + doc.annotations.compactMap { $0.attributes["label"]?.stringValue }))
        case "help" where argument == 1:
            return ReplCommands.names
        case "load", "open", "save", "export":
            return Self.pathCompletions(word)
        default:
            return []
        }
    }

    /// Files and folders whose path starts with `word` (folders end with `/`).
    static func pathCompletions(_ word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let dir = slash.map { String(word[...$0]) } ?? ""
        let base = slash.map { String(word[word.index(after: $0)...]) } ?? word
        let listed = (dir as NSString).expandingTildeInPath
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : listed) else { return [] }
        return names.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isDir: ObjCBool = false
            let full = dir + name
            _ = FileManager.default.fileExists(atPath: (full as NSString).expandingTildeInPath, isDirectory: &isDir)
            return isDir.boolValue ? full + "/" : full
        }
    }
}
