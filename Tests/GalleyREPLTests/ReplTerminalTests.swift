import Foundation
import Testing
import GalleyTesting

#if canImport(Glibc)
import Glibc
#endif

/// A tmux command that could not run.
struct TmuxError: Error {
    let message: String
}

/// tmux on the PATH, if any.
let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// A terminal session driven through its own tmux server: keys in, screen out.
final class TmuxSession {
    let socket = "galley-test-\(UUID().uuidString.prefix(8))"
    let directory: String

    /// Starts `command` in a 200×50 terminal, in `directory`.
    init(_ command: String, directory: String) throws {
        self.directory = directory
        let started = run(["new-session", "-d", "-x", "200", "-y", "50", "-c", directory, command])
        guard started.status == 0 else { throw TmuxError(message: "tmux new-session exited with \(started.status ?? -1): \(started.stderr)") }
    }

    deinit { tmux(["kill-server"]) }

    /// Runs a tmux command against this session's server to the end (through GalleyProcess, which starts tmux with no
    /// signal blocked, so that it can stop its children).
    private func run(_ arguments: [String]) -> GalleyProcess {
        GalleyProcess.run(["-L", socket, "-f", "/dev/null"] + arguments, executable: tmuxPath ?? "tmux", in: directory, timeout: 30)
    }

    /// Runs a tmux command and returns what it printed: nothing once the server has gone.
    @discardableResult
    func tmux(_ arguments: [String]) -> String { run(arguments).stdout }

    /// Types keys (tmux key names such as `Tab`, `Enter`, `Up`, `C-c`, or literal text).
    func send(_ keys: String...) { tmux(["send-keys", "-t", "0"] + keys) }

    /// The visible screen, without trailing blank lines.
    func screen(escapes: Bool = false) -> String {
        var text = tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", "0"])
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The last non-empty line on the screen.
    func lastLine() -> String {
        screen().split(separator: "\n").last.map(String.init) ?? ""
    }

    /// Waits up to `seconds` until the screen satisfies `condition`; the screen as last seen.
    @discardableResult
    func wait(_ seconds: Double = 10, until condition: (String) -> Bool) -> String {
        var seen = ""
        _ = waitUntil(timeout: seconds, every: 0.05) {
            seen = screen()
            return condition(seen)
        }
        return seen
    }

    /// Whether the session's program is still running.
    var alive: Bool { !tmux(["list-panes", "-t", "0"]).isEmpty }
}

/// `galley repl` under a real terminal: readline prompt, completion, history, ^C.
@Suite(.enabled(if: tmuxPath != nil, "tmux is not installed (make deps installs it)"))
struct ReplTerminalTests {
    /// A REPL on the test pipeline in a fresh folder, with history kept under it.
    func start(_ scratch: TemporaryDirectory, color: Bool = false) throws -> TmuxSession {
        scratch.write("in/a.txt", kimArticle)
        scratch.write("p.yaml", """
        pipeline: p
        input: { path: in }
        stages:
          - use: ingest.files
          - use: extract.article
          - id: write
            use: output.jsonl
            with: { path: out/p.jsonl }
        """)
        let env = "XDG_STATE_HOME=\(scratch.path)/state TERM=xterm" + (color ? "" : " NO_COLOR=1")
        let session = try TmuxSession("env -u NO_COLOR \(env) \(Repository.galleyBinary) repl p.yaml", directory: scratch.path)
        let screen = session.wait { $0.hasSuffix("galley p 0/3>") }
        #expect(screen.hasSuffix("galley p 0/3>"), "screen: \(screen)")
        return session
    }

    @Test func tabCompletesCommandsStageIdsAndPaths() throws {
        let scratch = TemporaryDirectory()
        let t = try start(scratch)
        t.send("sho", "Tab")
        #expect(t.wait { $0.hasSuffix("galley p 0/3> show") }.hasSuffix("galley p 0/3> show"))
        t.send("C-u", "run ext", "Tab")
        #expect(t.wait { $0.hasSuffix("> run extract.article") }.hasSuffix("galley p 0/3> run extract.article"))
        t.send("Enter")
        #expect(t.wait { $0.hasSuffix("galley p 2/3>") }.contains("] extract.article "))
        t.send("show ti", "Tab")
        #expect(t.wait { $0.hasSuffix("> show title") }.hasSuffix("galley p 2/3> show title"))
        t.send("Enter")
        #expect(t.wait { $0.hasSuffix("Kim meets envoy\ngalley p 2/3>") }.hasSuffix("Kim meets envoy\ngalley p 2/3>"))
        t.send("set extract.article.min", "Tab")
        #expect(t.wait { $0.hasSuffix("min_paragraphs") }.hasSuffix("> set extract.article.min_paragraphs"))
        t.send("C-u", "open i", "Tab")
        #expect(t.wait { $0.hasSuffix("open in/") }.hasSuffix("galley p 2/3> open in/"))
        t.send("Tab")
        #expect(t.wait { $0.hasSuffix("open in/a.txt") }.hasSuffix("galley p 2/3> open in/a.txt"))
    }

    @Test func upRecallsAndHistorySurvivesARestart() throws {
        let scratch = TemporaryDirectory()
        let t = try start(scratch)
        t.send("stages", "Enter")
        t.wait { $0.hasSuffix("pending\ngalley p 0/3>") }
        t.send("Up")
        #expect(t.wait { $0.hasSuffix("galley p 0/3> stages") }.hasSuffix("galley p 0/3> stages"))
        t.send("C-u", "quit", "Enter")
        t.wait { _ in !t.alive }
        #expect(!t.alive)
        let history = try String(contentsOfFile: scratch.path + "/state/galley/history", encoding: .utf8)
        #expect(history.hasSuffix("stages\nquit\n"))
        let again = try start(scratch)
        again.send("Up", "Up")
        #expect(again.wait { $0.hasSuffix("galley p 0/3> stages") }.hasSuffix("galley p 0/3> stages"))
    }

    @Test func controlCCancelsTheLineAndControlDLeaves() throws {
        let scratch = TemporaryDirectory()
        let t = try start(scratch)
        t.send("show somethi")
        t.wait { $0.hasSuffix("show somethi") }
        t.send("C-c")
        let screen = t.wait { $0.hasSuffix("show somethi^C\ngalley p 0/3>") }
        #expect(screen.hasSuffix("galley p 0/3> show somethi^C\ngalley p 0/3>"))
        #expect(t.alive)
        t.send("step", "Enter")
        #expect(t.wait { $0.hasSuffix("galley p 1/3>") }.contains("[1/3] ingest.files "))
        t.send("C-d")
        t.wait { _ in !t.alive }
        #expect(!t.alive)
    }

    @Test func textIsColouredOnATerminal() throws {
        let scratch = TemporaryDirectory()
        let t = try start(scratch, color: true)
        t.send("run", "Enter", "text paragraphs", "Enter")
        t.wait { $0.contains("paragraph\ngalley p 2/3>") }
        let screen = t.screen(escapes: true)
        #expect(screen.contains("Kim Jong-un met the envoy on Monday."))
        #expect(screen.contains("\u{1B}["))
        #expect(!screen.contains("]{paragraph}"))
    }

    @Test func everyCommandAtThePrompt() throws {
        let scratch = TemporaryDirectory()
        let t = try start(scratch)
        let script: [(String, String)] = [
            ("docs", "  1  in/a.txt"),
            ("open 1", "document 1/1: in/a.txt"),
            ("stages", "▸  1  ingest.files"),
            ("step", "[1/3] ingest.files "),
            ("run", "stopped before output 'write'"),
            ("show title", "\nKim meets envoy\n"),
            ("text paragraphs", "[Kim Jong-un met the envoy on Monday.]{paragraph}"),
            ("diff", "+ title: Kim meets envoy"),
            ("params extract.article", "min_paragraphs  1 "),
            ("set extract.article.min_paragraphs 2", "(was 1); stale: extract.article"),
            ("back", "undid 'ingest.files'; next: ingest.files"),
            ("break write", "breakpoint before 'write'"),
            ("run write", "breakpoint: stopped before 'write' ('continue' to go on)"),
            ("continue", "[3/3] write "),
            ("time", "\ntotal "),
            ("export out/doc.json", "wrote out/doc.json ("),
            ("save", "wrote p.yaml (1 changed parameter)"),
            ("reload", "kept results of ingest.files, extract.article, write"),
            ("next", "error: no next document (1 in the input)"),
            ("prev", "error: no previous document"),
            ("load p.yaml", "pipeline 'p': 3 stages"),
            ("help", "commands (help COMMAND for one):"),
            ("help show", "USAGE:  show [<path>]"),
        ]
        for (command, expected) in script {
            t.tmux(["clear-history", "-t", "0"])
            t.send("C-l")
            t.send(command, "Enter")
            let screen = t.wait { $0.contains(expected) && $0.hasSuffix(">") }
            #expect(screen.contains(expected), "\(command): \(screen)")
        }
        t.send("quit", "Enter")
        t.wait { _ in !t.alive }
        #expect(!t.alive)
        #expect(scratch.read("p.yaml")?.contains("with: { min_paragraphs: 2 }") == true)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is needed for the slow test plugin"))
    func controlCInterruptsALongRunAndKeepsTheSession() throws {
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        // An external plugin whose stage takes 30 s: something for ^C to interrupt.
        scratch.write("Plugins/Sleepy/plugin.yaml", """
        name: sleepy
        version: 1.0.0
        protocol: 1
        command: [/usr/bin/python3, -u, sleepy.py]
        stages:
          - name: enrich.sleepy
            summary: Sleeps before answering.
        """)
        scratch.write("Plugins/Sleepy/sleepy.py", """
        import json, sys, time
        for line in sys.stdin:
            msg = json.loads(line)
            if msg.get("type") == "hello":
                reply = {"type": "hello", "protocol": 1, "stages": ["enrich.sleepy"]}
            else:
                open("started", "w").close()
                time.sleep(30)
                reply = {"id": msg["id"], "fields": {"slept": True}, "annotations": []}
            sys.stdout.write(json.dumps(reply) + "\\n")
            sys.stdout.flush()
        """)
        scratch.write("slow.yaml", "pipeline: slow\ninput: in\nstages:\n  - use: ingest.files\n  - use: extract.article\n  - use: enrich.sleepy\n")
        let t = try TmuxSession("env -u NO_COLOR NO_COLOR=1 TERM=xterm XDG_STATE_HOME=\(scratch.path)/state \(Repository.galleyBinary) repl slow.yaml",
                                directory: scratch.path)
        t.wait { $0.hasSuffix("galley slow 0/3>") }
        t.send("run", "Enter")
        #expect(t.wait { $0.contains("[2/3] extract.article") }.contains("[2/3] extract.article"))
        // The plugin has the document in hand: ^C now interrupts a call in flight.
        #expect(waitUntil { scratch.read("Plugins/Sleepy/started") != nil })
        let pressed = Date()
        t.send("C-c")
        let screen = t.wait { $0.hasSuffix("galley slow 2/3>") }
        #expect(Date().timeIntervalSince(pressed) < 5)
        #expect(screen.contains("error: enrich.sleepy failed: interrupted (^C); the stage's result is dropped"))
        #expect(t.alive)
        t.tmux(["clear-history", "-t", "0"])
        t.send("C-l")
        t.send("stages", "Enter")
        let row = "▸ 3 enrich.sleepy enrich.sleepy transform failed: interrupted"
        let stages = t.wait { $0.replacing(/[ ]+/, with: " ").contains(row) && $0.hasSuffix(">") }
        #expect(stages.replacing(/[ ]+/, with: " ").contains(row), "\(stages)")
    }

    /// Issue 12, item 19: a plugin's stderr written while the prompt waits lands on a line of its own above the
    /// prompt, and the prompt with the half-typed command is drawn again below it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is needed for the test plugin"))
    func pluginStderrNeverLandsOnThePromptLine() throws {
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        scratch.write("Plugins/Chatty/plugin.yaml", """
        name: chatty
        version: 1.0.0
        protocol: 1
        command: [/usr/bin/python3, -u, chatty.py]
        stages:
          - name: enrich.chatty
            summary: Answers at once, then talks on stderr when told to.
        """)
        // After answering, a thread waits for the file `go` and then writes a line to stderr: while the prompt waits.
        scratch.write("Plugins/Chatty/chatty.py", """
        import json, os, sys, threading, time
        def later():
            while not os.path.exists("go"):
                time.sleep(0.01)
            sys.stderr.write("chatty note from the plugin\\n")
            sys.stderr.flush()
        for line in sys.stdin:
            msg = json.loads(line)
            if msg.get("type") == "hello":
                reply = {"type": "hello", "protocol": 1, "stages": ["enrich.chatty"]}
            else:
                reply = {"id": msg["id"], "fields": {"chatted": True}, "annotations": []}
                threading.Thread(target=later, daemon=True).start()
            sys.stdout.write(json.dumps(reply) + "\\n")
            sys.stdout.flush()
        """)
        scratch.write("chat.yaml", "pipeline: chat\ninput: in\nstages:\n  - use: ingest.files\n  - use: enrich.chatty\n")
        let t = try TmuxSession("env -u NO_COLOR NO_COLOR=1 TERM=xterm XDG_STATE_HOME=\(scratch.path)/state \(Repository.galleyBinary) repl chat.yaml",
                                directory: scratch.path)
        t.wait { $0.hasSuffix("galley chat 0/2>") }
        t.send("run", "Enter")
        t.wait { $0.hasSuffix("galley chat 2/2>") }
        t.send("show chat")
        t.wait { $0.hasSuffix("galley chat 2/2> show chat") }
        scratch.write("Plugins/Chatty/go", "")
        let screen = t.wait { $0.contains("chatty note from the plugin") && $0.hasSuffix("galley chat 2/2> show chat") }
        let lines = screen.split(separator: "\n").map(String.init)
        let note = lines.firstIndex { $0.contains("chatty note from the plugin") }
        #expect(lines.last == "galley chat 2/2> show chat", "\(screen)")
        #expect(note.map { !lines[$0].contains("galley chat") && $0 < lines.count - 1 } == true, "\(screen)")
        // The half-typed command is still there to finish.
        t.send("ted", "Enter")
        #expect(t.wait { $0.contains("true") && $0.hasSuffix(">") }.contains("true"))
    }
}
