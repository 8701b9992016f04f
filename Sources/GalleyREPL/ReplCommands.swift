import ArgumentParser
import GalleyCore

/// A REPL command: parsed by swift-argument-parser like the CLI's subcommands, then performed on the session.
protocol SessionCommand: ParsableCommand {
    /// Does what the command says.
    func perform(in session: ReplSession) throws(ReplError)
}

extension SessionCommand {
    /// REPL commands do not run on their own.
    func run() throws {}
}

/// The root of the REPL's command language; each line is parsed with `parseAsRoot`.
struct ReplCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "",
        abstract: "Run a pipeline one stage at a time and look inside.",
        subcommands: commandTypes)

    /// Every command, in the order `help` lists them.
    static let commandTypes: [any SessionCommand.Type] = [
        Load.self, Reload.self, Open.self, Docs.self, Next.self, Prev.self, Stages.self, Step.self, Run.self, Back.self,
        Show.self, Text.self, Diff.self, SetCommand.self, Params.self, Break.self, Continue.self, Time.self, Save.self, Export.self,
        Help.self, Quit.self,
    ]

    /// Command names, for completion and "did you mean".
    static var names: [String] { commandTypes.map { $0.configuration.commandName ?? "" } + ["exit"] }
}

struct Load: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Load a pipeline YAML file; on errors show them and keep the old pipeline.")
    @Argument(help: "The pipeline YAML file.") var pipeline: String
    func perform(in session: ReplSession) throws(ReplError) {
        if !session.load(pipeline) { throw ReplError.reported }
    }
}

struct Reload: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Read the pipeline file again, keeping results of stages whose id, type and parameters did not change.")
    func perform(in session: ReplSession) throws(ReplError) {
        let file = try session.requirePipeline().file
        if !session.load(file) { throw ReplError.reported }
    }
}

struct Open: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open a document by its number in 'docs' or by path (a path outside the input becomes the input).")
    @Argument(help: "A number from 'docs', a file, or a folder.") var target: String
    func perform(in session: ReplSession) throws(ReplError) { try session.open(target) }
}

struct Docs: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "Numbered list of the input documents.")
    func perform(in session: ReplSession) throws(ReplError) { try session.listDocuments() }
}

struct Next: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "next", abstract: "Open the next input document.")
    func perform(in session: ReplSession) throws(ReplError) { try session.move(by: 1) }
}

struct Prev: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "prev", abstract: "Open the previous input document.")
    func perform(in session: ReplSession) throws(ReplError) { try session.move(by: -1) }
}

struct Stages: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "Numbered stage list: id, type, state (pending/done/stale/failed), time taken.")
    func perform(in session: ReplSession) throws(ReplError) { try session.listStages() }
}

struct Step: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "step", abstract: "Run the next stage (outputs too: stepping into one writes it).")
    func perform(in session: ReplSession) throws(ReplError) { try session.step() }
}

struct Run: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the stale and pending stages through STAGE, or up to the outputs; outputs run only when named.")
    @Argument(help: "Run through this stage.") var stage: String?
    func perform(in session: ReplSession) throws(ReplError) {
        try session.run(through: stage.map { s throws(ReplError) in try session.stageIndex(s) })
    }
}

struct Back: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "back", abstract: "Undo the last stage run.")
    func perform(in session: ReplSession) throws(ReplError) { try session.back() }
}

struct Show: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the document or a part: title, quotes, entities[0], quotes[0].speaker, fields, trace.")
    @Argument(help: "A field path.") var path: String?
    func perform(in session: ReplSession) throws(ReplError) { try session.show(path) }
}

struct Text: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "The body with annotations marked ([Kim Jong-un]{PER}; colours on a terminal); KIND is a kind or a label.")
    @Argument(help: "Annotation kinds (quotes, entities) or labels (PER); default all but paragraphs and sentences.")
    var kinds: [String] = []
    func perform(in session: ReplSession) throws(ReplError) { try session.text(kinds) }
}

struct Diff: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "What STAGE (default: the last run) added, removed or changed, field by field and annotation by annotation.")
    @Argument(help: "A stage id.") var stage: String?
    func perform(in session: ReplSession) throws(ReplError) { try session.diff(stage) }
}

struct SetCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a parameter (VALUE read as YAML, checked against the schema); marks that stage and later ones stale.")
    @Argument(help: ArgumentHelp("The parameter.", valueName: "STAGE.PARAM")) var key: String
    @Argument(parsing: .captureForPassthrough, help: "The new value.") var value: [String] = []
    func perform(in session: ReplSession) throws(ReplError) {
        guard !value.isEmpty else { throw ReplError("expected a value: set \(key) VALUE") }
        try session.set(key, value.joined(separator: " "))
    }
}

struct Params: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "params", abstract: "A stage's parameters: value (* when changed), type, default, documentation.")
    @Argument(help: "A stage id.") var stage: String
    func perform(in session: ReplSession) throws(ReplError) { try session.params(stage) }
}

struct Break: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "break", abstract: "Stop before STAGE when running (again to remove); without STAGE, list breakpoints.")
    @Argument(help: "A stage id.") var stage: String?
    func perform(in session: ReplSession) throws(ReplError) { try session.toggleBreakpoint(stage) }
}

struct Continue: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "continue", abstract: "Run on to the next breakpoint; at the end of a document, open the next one and run it.")
    func perform(in session: ReplSession) throws(ReplError) { try session.continueRun() }
}

struct Time: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "time", abstract: "Per-stage timing for this document.")
    func perform(in session: ReplSession) throws(ReplError) { try session.timing() }
}

struct Save: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Write the pipeline with changed parameters as YAML; comments and key order are kept.")
    @Argument(help: "Where to write (default: the pipeline's own file).") var path: String?
    func perform(in session: ReplSession) throws(ReplError) { try session.save(to: path) }
}

struct Export: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the current document as JSON (the export schema).")
    @Argument(help: "The JSON file to write.") var path: String
    func perform(in session: ReplSession) throws(ReplError) { try session.export(to: path) }
}

struct Help: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "help", abstract: "List the commands, or explain one.")
    @Argument(help: "A command.") var command: String?
    func perform(in session: ReplSession) throws(ReplError) {
        guard let command else {
            let width = ReplCommands.commandTypes.map { ($0.configuration.commandName ?? "").count }.max() ?? 0
            let lines = ReplCommands.commandTypes.map { type in
                let name = type.configuration.commandName ?? ""
                return "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + type.configuration.abstract
            }
            session.say((["commands (help COMMAND for one):"] + lines).joined(separator: "\n"))
            return
        }
        guard let type = ReplCommands.commandTypes.first(where: { $0.configuration.commandName == command }) else {
            throw ReplError.unknownCommand(command)
        }
        session.say(ReplCommands.helpMessage(for: type, columns: session.width).trimmingCharacters(in: .newlines))
    }
}

struct Quit: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "quit", abstract: "Leave the REPL (also 'exit' or ^D).")
    func perform(in session: ReplSession) throws(ReplError) { session.quitRequested = true }
}

extension ReplError {
    /// A failure whose message was already printed (diagnostics).
    static let reported = ReplError("")

    /// "unknown command 'x'; did you mean 'y'?".
    static func unknownCommand(_ name: String) -> ReplError {
        let hint = suggestion(for: name, in: ReplCommands.names).map { "; did you mean '\($0)'?" } ?? "; 'help' lists the commands"
        return ReplError("unknown command '\(name)'\(hint)")
    }
}

/// The candidate nearest to a mistyped word, counting a swap of two neighbouring letters as one edit.
func suggestion(for word: String, in candidates: [String]) -> String? {
    let a = Array(word)
    var best: (String, Int)?
    for candidate in candidates {
        let b = Array(candidate)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        if !a.isEmpty && !b.isEmpty {
            for i in 1...a.count {
                for j in 1...b.count {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
        }
        let distance = d[a.count][b.count]
        if best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    guard let (name, distance) = best, distance <= max(1, min(a.count, name.count) / 2) else { return nil }
    return name
}

extension ReplSession {
    /// Runs one line of input: parses it as a command and performs it; errors print one line and count as failures.
    public func execute(_ line: String) {
        let words = Self.words(line)
        guard var name = words.first else { return }
        if name.hasPrefix("#") { return }
        if name == "exit" || name == "q" { name = "quit" }
        if name == "?" { name = "help" }
        guard ReplCommands.commandTypes.contains(where: { $0.configuration.commandName == name }) else {
            fail(ReplError.unknownCommand(name).message)
            return
        }
        var args = [name] + words.dropFirst()
        if name == "set" {
            // The value is read as YAML, so it is passed as typed, quotes and all.
            let rest = Self.rest(of: line, after: 2)
            args = ["set"] + (words.count > 1 ? [words[1]] : []) + (rest.isEmpty ? [] : [rest])
        }
        do {
            let parsed = try ReplCommands.parseAsRoot(args)
            guard let command = parsed as? any SessionCommand else { return }
            try command.perform(in: self)
        } catch let error as ReplError {
            if error.message.isEmpty { return }
            fail(error.message)
        } catch {
            let message = ReplCommands.fullMessage(for: error)
            if ReplCommands.exitCode(for: error) == .success {
                say(message.trimmingCharacters(in: .newlines))
            } else {
                let first = message.split(separator: "\n").first.map(String.init) ?? "\(error)"
                fail(first.replacingOccurrences(of: "Error: ", with: "") + " (help \(name))")
            }
        }
    }

    /// The words of a line: split on blanks, with "double" or 'single' quotes grouping.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(word); word = ""; inWord = false }
            } else {
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The raw text of a line after its first `count` blank-separated words.
    static func rest(of line: String, after count: Int) -> String {
        var s = Substring(line)
        for _ in 0..<count {
            s = s.drop { $0 == " " || $0 == "\t" }
            s = s.drop { $0 != " " && $0 != "\t" }
        }
        return s.trimmingCharacters(in: .whitespaces)
    }
}
