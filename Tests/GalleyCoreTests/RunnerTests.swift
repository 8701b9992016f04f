import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing


/// An enrich stage used to check the runtime's rules: it replaces the text, which only ingest/extract may do.
struct RewritesText: TransformStage {
    func process(_ document: inout Document) throws { document.text = document.text.uppercased() }
}

/// An enrich stage that fails documents whose text contains "FAIL".
struct FailsOnMarker: TransformStage {
    func process(_ document: inout Document) throws {
        if document.text.contains("FAIL") { throw StageFailure("marker found") }
        document.fields["checked"] = true
    }
}

let testRegistry = Builtins.registry.adding([
    StageType(name: "enrich.rewrite", kind: .transform, summary: "test", make: { _ in .transform(RewritesText()) }),
    StageType(name: "enrich.check", kind: .transform, summary: "test", make: { _ in .transform(FailsOnMarker()) }),
])

func runPipeline(_ yaml: String, in dir: TemporaryDirectory, jobs: Int = 2) throws -> RunSummary {
    let pipeline = try PipelineLoader(registry: testRegistry, environment: ["OUT": dir.path]).load(yaml: yaml, file: "t.yaml", directory: dir.path)
    let runner = try Runner(pipeline: pipeline, registry: testRegistry)
    var options = RunOptions()
    options.jobs = jobs
    return try runner.run(InputSelection(paths: [dir.path + "/in"]), options: options)
}

@Test func outputOrderIsInputOrderWhateverTheJobs() throws {
    let dir = TemporaryDirectory()
    for i in (0..<200).reversed() { dir.write("in/\(String(format: "%03d", i)).txt", "Title \(i)\n\nBody of article \(i).\n") }
    let yaml = """
    pipeline: order
    stages:
      - use: ingest.files
      - use: extract.article
      - use: output.jsonl
        with: { path: "${OUT}/out.jsonl" }
    """
    let one = try runPipeline(yaml, in: dir, jobs: 1)
    let first = dir.read("out.jsonl")!
    let four = try runPipeline(yaml, in: dir, jobs: 4)
    let second = dir.read("out.jsonl")!
    #expect(one.ok == 200 && four.ok == 200)
    #expect(first == second)
    let titles = first.split(separator: "\n").map { try! JSONParser.parse(String($0))["title"]!.stringValue! }
    #expect(titles == (0..<200).map { "Title \($0)" })
}

@Test func enrichStageMayNotReplaceText() throws {
    let dir = TemporaryDirectory()
    dir.write("in/a.txt", "A\n\nbody\n")
    let yaml = """
    pipeline: t
    stages:
      - use: ingest.files
      - use: enrich.rewrite
      - use: output.jsonl
        with: { path: "${OUT}/out.jsonl" }
    """
    let summary = try runPipeline(yaml, in: dir)
    #expect(summary.failed == 1)
    #expect(summary.failures.first?.message == "a enrich stage may not replace the text (only ingest and extract stages may)")
    #expect(dir.read("out.jsonl") == "")
}

@Test func failedDocumentsAreSkippedAndOthersWritten() throws {
    let dir = TemporaryDirectory()
    dir.write("in/a.txt", "A\n\nfine\n")
    dir.write("in/b.txt", "B\n\nFAIL here\n")
    dir.write("in/c.txt", "C\n\nfine too\n")
    let yaml = """
    pipeline: t
    stages:
      - use: ingest.files
      - use: extract.article
      - use: enrich.check
      - use: output.jsonl
        with: { path: "${OUT}/out.jsonl" }
    """
    let summary = try runPipeline(yaml, in: dir)
    #expect(summary.ok == 2)
    #expect(summary.failed == 1)
    #expect(summary.exitCode == 3)
    #expect(summary.failures.map(\.stage) == ["enrich.check"])
    #expect(summary.failures[0].path.hasSuffix("in/b.txt"))
    let titles = dir.read("out.jsonl")!.split(separator: "\n").map { try! JSONParser.parse(String($0))["title"]!.stringValue! }
    #expect(titles == ["A", "C"])
}

@Test func traceRecordsWhatEachStageAdded() throws {
    let dir = TemporaryDirectory()
    dir.write("in/a.txt", "Title\n\nOne.\n\nTwo.\n")
    let pipeline = try PipelineLoader(registry: testRegistry, environment: [:]).load(yaml: """
        pipeline: t
        stages:
          - use: ingest.files
          - use: extract.article
          - use: enrich.check
        """, file: "t.yaml", directory: dir.path)
    let runner = try Runner(pipeline: pipeline, registry: testRegistry)
    guard case .success(var doc)? = runner.source?.load(SourceItem(path: dir.path + "/in/a.txt", relativePath: "a.txt")).first else {
        Issue.record("no document"); return
    }
    try runner.transform(&doc)
    #expect(doc.trace.map(\.stage) == ["extract.article", "enrich.check"])
    #expect(doc.trace[0].fieldsAdded == ["title"])
    #expect(doc.trace[0].annotationsAdded == ["paragraphs": 2])
    #expect(doc.trace[0].replacedText)
    #expect(doc.trace[1].fieldsAdded == ["checked"])
}

@Test func shardsSplitDocumentsStably() {
    let ids = (0..<1000).map { "doc-\($0)" }
    let shards = ids.map { Runner.shard(of: $0, count: 3) }
    #expect(Set(shards) == [0, 1, 2])
    #expect(ids.map { Runner.shard(of: $0, count: 3) } == shards)
    #expect(Runner.shard(of: "doc-1", count: 2) == Runner.shard(of: "doc-1", count: 2))
}
