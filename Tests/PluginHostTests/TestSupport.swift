import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Synchronization

/// Collects what a plugin host logs.
final class LogSink: Sendable {
    private let lines = Mutex<[String]>([])
    /// The closure to give the host.
    var log: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    /// Everything logged so far.
    var all: [String] { lines.withLock { $0 } }
}

/// A host for one fixture plugin, its command tagged with a unique marker so the test can find its processes.
struct Fixture {
    let host: PluginHost
    let marker: String
    let sink: LogSink

    init(_ mode: String, timeout: Double? = nil, startTimeout: Double? = nil, concurrency: Int? = nil) throws {
        var manifest = try ManifestLoader().load(directory: Repository.pluginFixtures + "/" + mode)
        marker = "galley-test-" + UUID().uuidString
        manifest.command.append(marker)
        if let timeout { manifest.timeout = timeout }
        if let startTimeout { manifest.startTimeout = startTimeout }
        if let concurrency { manifest.concurrency = concurrency }
        sink = LogSink()
        host = PluginHost(manifest: manifest, log: sink.log)
    }

    /// Pids of processes whose command line carries this fixture's marker.
    var processes: [Int32] { processesTagged(marker) }

    /// Processes one document through the fixture's stage with default parameters.
    func process(_ text: String, parameters: String = "{\"label\":\"plain\",\"level\":1}") throws -> Document {
        var doc = Document(id: "doc-\(text.count)", source: DocumentSource(path: "t.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"),
                           text: text)
        try host.process(&doc, stage: "enrich.fixture", parameters: Array(parameters.utf8))
        return doc
    }
}

/// What a pipeline run over small articles gave: the summary and the written documents by file name.
struct FixtureRun {
    var summary: RunSummary
    var written: [String: Value]
}

/// Runs ingest.files → the fixture stage → output.jsonl over one file per text, with `jobs` workers.
func runPipeline(_ fixture: Fixture, texts: [String], jobs: Int = 4) throws -> FixtureRun {
    let folder = TemporaryDirectory()
    let dir = folder.path
    writeArticles(texts, in: folder)
    let yaml = """
        pipeline: fixture
        stages:
          - use: ingest.files
          - use: enrich.fixture
          - id: write
            use: output.jsonl
            with: { path: "\(dir)/out.jsonl" }
        """
    let registry = Builtins.registry.adding(fixture.host.stageTypes())
    let pipeline = try PipelineLoader(registry: registry).load(yaml: yaml, file: "fixture.yaml", directory: dir)
    let runner = try Runner(pipeline: pipeline, registry: registry)
    var options = RunOptions()
    options.jobs = jobs
    let summary = try runner.run(InputSelection(paths: [dir + "/in"]), options: options)
    var written: [String: Value] = [:]
    let out = folder.read("out.jsonl") ?? ""
    for line in out.split(separator: "\n") {
        let v = try JSONParser.parse(String(line))
        if let path = v["source"]?["path"]?.stringValue { written[URL(fileURLWithPath: path).lastPathComponent] = v }
    }
    return FixtureRun(summary: summary, written: written)
}

/// Writes one file per text, `in/00.txt` and on, into a folder.
func writeArticles(_ texts: [String], in folder: TemporaryDirectory) {
    folder.folder("in")
    for (i, text) in texts.enumerated() { folder.write("in/" + String(format: "%02d.txt", i), text) }
}

/// Plain articles for the runs: `count` texts, with `special` put into the one at `at`.
func articles(_ count: Int, special: String? = nil, at index: Int = 2) -> [String] {
    (0..<count).map { i in
        let base = "Article \(i) says something about the world, in a few plain words."
        return i == index && special != nil ? base + " " + special! : base
    }
}
