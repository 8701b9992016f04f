import Foundation
import GalleyTesting
import GalleyBuiltins
import GalleyCore
import OrderedCollections
@testable import GalleyREPL

/// The package root, found from this file so tests run from any working directory.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The seed article.
let seedArticle = packageRoot.appendingPathComponent("seeds/000_f33259cb4be8492d.txt").path

/// The built galley binary (`make test` builds it before `swift test`).
let galleyBinary = packageRoot.appendingPathComponent(".build/debug/galley").path

/// A small article for tests: a title line and two paragraphs naming two people.
let kimArticle = "Kim meets envoy\n\nKim Jong-un met the envoy on Monday.\n\n“We are ready,” said Kim Yong-hyun.\n"

/// `extract.names`: marks every occurrence of the listed names, labelled with `label` (a small real stage for tests).
struct ExtractNames: TransformStage {
    static let type = StageType(
        name: "extract.names", kind: .transform, summary: "Mark listed names",
        parameters: [ParameterSpec("names", .stringList, default: [], doc: "names to mark"),
                     ParameterSpec("label", .choice(["PER", "ORG", "LOC"]), default: "PER", doc: "label of the marks")],
        make: { config in .transform(ExtractNames(names: config.parameters.strings("names") ?? [], label: config.parameters.string("label") ?? "PER")) })
    let names: [String]
    let label: String
    func process(_ doc: inout Document) throws {
        let text = Array(doc.text.unicodeScalars)
        for name in names {
            let n = Array(name.unicodeScalars)
            guard !n.isEmpty, n.count <= text.count else { continue }
            for i in 0...(text.count - n.count) where Array(text[i..<(i + n.count)]) == n {
                doc.annotations.append(Annotation(kind: "entities", start: i, end: i + n.count,
                                                  attributes: ["text": .string(name), "label": .string(label)]))
            }
        }
    }
}

/// `extract.slow`: sleeps, so that ^C has something to interrupt.
struct ExtractSlow: TransformStage {
    static let type = StageType(
        name: "extract.slow", kind: .transform, summary: "Sleep",
        parameters: [ParameterSpec("seconds", .number, default: 3, doc: "how long")],
        make: { config in .transform(ExtractSlow(seconds: config.parameters.double("seconds") ?? 3)) })
    let seconds: Double
    func process(_ doc: inout Document) throws {
        Thread.sleep(forTimeInterval: seconds)
        doc.fields["slept"] = .double(seconds)
    }
}

/// The builtin stages plus the test stages.
let testRegistry = StageRegistry(Builtins.stageTypes + [ExtractNames.type, ExtractSlow.type])

/// A folder of its own for one test, removed when the value goes away.
final class Scratch {
    /// The folder.
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("galley-repl-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path + "/in", withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file under the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Reads a file under the folder.
    func read(_ name: String) -> String? { try? String(contentsOfFile: path + "/" + name, encoding: .utf8) }

    /// The test pipeline: ingest, article, names, write (into this folder).
    func pipeline(names: String = "[Kim Jong-un, Kim Yong-hyun]") -> String {
        write("t.yaml", """
        # A pipeline for REPL tests.
        pipeline: t
        input: { path: in }
        stages:
          - use: ingest.files
          - use: extract.article
            with: { min_paragraphs: 1 }   # short articles are fine
          - id: names
            use: extract.names
            with:
              names: \(names)
              label: PER
          - id: write
            use: output.jsonl
            with: { path: "\(path)/out/t.jsonl" }
        """)
    }
}

/// A session whose output is collected line by line.
final class Transcript {
    let session: ReplSession
    var out: [String] = []
    var err: [String] = []

    /// A session; only with `signals` does it watch the process-wide ^C flag (tests run in parallel).
    init(color: Bool = false, signals: Bool = false) {
        session = ReplSession(registry: testRegistry, environment: [:], color: color, width: 120)
        if !signals { session.interruptRequested = { false } }
        session.output = { [unowned self] text in out += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        session.errorOutput = { [unowned self] text in err += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Runs commands and returns the output lines they printed.
    @discardableResult
    func run(_ lines: String...) -> [String] {
        out = []
        for line in lines { session.execute(line) }
        return out
    }

    /// The error lines printed since the last call, cleared.
    func errors() -> [String] {
        defer { err = [] }
        return err
    }
}

/// Replaces stage timings (`0.52 ms`) with `# ms`, so transcripts compare exactly.
func maskTimes(_ text: String) -> String {
    text.replacing(/\d+\.\d\d ms/, with: "# ms")
}

/// Runs a program with stdin text and environment additions; returns stdout, stderr and the exit status
/// (through GalleyProcess: output in files, so neither stream can block the other).
func runProcess(_ path: String, _ arguments: [String], stdin: String, environment: [String: String] = [:],
                directory: String = packageRoot.path) throws -> (out: String, err: String, status: Int32) {
    let p = GalleyProcess.run(arguments, executable: path, in: directory, input: stdin, environment: environment)
    return (p.stdout, p.stderr, p.status ?? -1)
}
