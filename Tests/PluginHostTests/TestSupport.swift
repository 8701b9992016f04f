import Foundation
import GalleyBuiltins
import GalleyCore
import Synchronization

/// The repository root, found from this file.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
/// The misbehaving test plugins.
let fixturesDir = repoRoot + "/Tests/PluginHostTests/Fixtures"
/// The seed article.
let seedPath = repoRoot + "/seeds/000_f33259cb4be8492d.txt"

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
        var manifest = try ManifestLoader().load(directory: fixturesDir + "/" + mode)
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

/// Pids of live processes whose command line contains `marker`.
func processesTagged(_ marker: String) -> [Int32] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return names.compactMap { name -> Int32? in
        guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
        let cmdline = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        guard cmdline.contains(marker) else { return nil }
        // A zombie is not running.
        if let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8), stat.contains(") Z ") { return nil }
        return pid
    }
}

/// What a pipeline run over small articles gave: the summary and the written documents by file name.
struct FixtureRun {
    var summary: RunSummary
    var written: [String: Value]
}

/// Runs ingest.files → the fixture stage → output.jsonl over one file per text, with `jobs` workers.
func runPipeline(_ fixture: Fixture, texts: [String], jobs: Int = 4) throws -> FixtureRun {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galley-plugin-test-" + UUID().uuidString).path
    try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for (i, t) in texts.enumerated() { try t.write(toFile: dir + "/in/" + String(format: "%02d.txt", i), atomically: true, encoding: .utf8) }
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
    let out = (try? String(contentsOfFile: dir + "/out.jsonl", encoding: .utf8)) ?? ""
    for line in out.split(separator: "\n") {
        let v = try JSONParser.parse(String(line))
        if let path = v["source"]?["path"]?.stringValue { written[URL(fileURLWithPath: path).lastPathComponent] = v }
    }
    return FixtureRun(summary: summary, written: written)
}

/// Plain articles for the runs: `count` texts, with `special` put into the one at `at`.
func articles(_ count: Int, special: String? = nil, at index: Int = 2) -> [String] {
    (0..<count).map { i in
        let base = "Article \(i) says something about the world, in a few plain words."
        return i == index && special != nil ? base + " " + special! : base
    }
}
