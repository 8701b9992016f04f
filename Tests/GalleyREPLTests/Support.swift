import Foundation
import GalleyTesting
import GalleyBuiltins
import GalleyCore
import OrderedCollections
@testable import GalleyREPL

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

/// `extract.slow`: sleeps, so that ^C has something to interrupt; it first creates the file `started` (when given),
/// the event a test waits for before it presses ^C.
struct ExtractSlow: TransformStage {
    static let type = StageType(
        name: "extract.slow", kind: .transform, summary: "Sleep",
        parameters: [ParameterSpec("seconds", .number, default: 3, doc: "how long"),
                     ParameterSpec("started", .string, default: "", doc: "a file to create when the stage starts")],
        make: { config in
            .transform(ExtractSlow(seconds: config.parameters.double("seconds") ?? 3, started: config.parameters.string("started") ?? ""))
        })
    let seconds: Double
    let started: String
    func process(_ doc: inout Document) throws {
        if !started.isEmpty { _ = FileManager.default.createFile(atPath: started, contents: nil) }
        Thread.sleep(forTimeInterval: seconds)
        doc.fields["slept"] = .double(seconds)
    }
}

/// The builtin stages plus the test stages.
let testRegistry = StageRegistry(Builtins.stageTypes + [ExtractNames.type, ExtractSlow.type])

extension TemporaryDirectory {
    /// A pipeline whose second stage sleeps 5 s over one article, having first created a file (see
    /// `slowStageStarted`); returns the pipeline's path.
    func slowPipeline() -> String {
        write("in/a.txt", kimArticle)
        return write("slow.yaml", """
            pipeline: slow
            input: in
            stages:
              - use: ingest.files
              - use: extract.slow
                with: { seconds: 5, started: \(at("started")) }
            """)
    }

    /// Whether `slowPipeline`'s slow stage has started: the event a test presses ^C on.
    var slowStageStarted: Bool { FileManager.default.fileExists(atPath: at("started")) }

    /// The test pipeline: ingest, article, names, write (into this folder).
    func pipeline(names: String = "[Kim Jong-un, Kim Yong-hyun]") -> String {
        folder("in")
        return write("t.yaml", """
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
