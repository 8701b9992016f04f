import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Synchronization
import Testing

/// What the collecting sink received, shared between a test and the stage it builds.
final class Collected: Sendable {
    let ids = Mutex<[String]>([])
    let finished = Mutex(false)
}

/// A sink that records document ids; refuses documents saying REFUSE and fails like a full disk on DISKFULL.
struct CollectSink: SinkStage {
    let collected: Collected
    func open(resume: Bool) throws {}
    func write(_ document: Document) throws {
        if document.text.contains("REFUSE") { throw DocumentError(path: document.source.path, stage: "collect", message: "refused by the sink") }
        if document.text.contains("DISKFULL") { throw StageFailure("cannot write 'collected': No space left on device") }
        collected.ids.withLock { $0.append(document.id) }
    }
    func finish() throws { collected.finished.withLock { $0 = true } }
}

/// Transforms written for these tests; each reacts to a marker word in the text.
struct MarkerStage: TransformStage {
    let name: String
    func process(_ document: inout Document) throws {
        switch name {
        case "extract.failif":
            if document.text.contains("FAIL") { throw StageFailure("marked to fail") }
            document.fields["checked"] = .bool(true)
        case "enrich.sleepy":
            if document.text.contains("SLOW") { Thread.sleep(forTimeInterval: 4) }
        case "enrich.many":
            let n = document.text.contains("MANY") ? 11 : 1
            for i in 0..<n { document.annotations.append(Annotation(kind: "mark", start: 0, end: min(1 + i, document.text.unicodeScalars.count))) }
        default:
            document.fields["marked"] = .bool(true)
        }
    }
}

/// Runs real pipelines (ingest.files over a temporary folder) with the marker stages and the collecting sink.
struct ErrorPolicyTests {
    let dir = TemporaryDirectory()
    let collected = Collected()

    var registry: StageRegistry {
        let collected = collected
        let transforms = ["extract.failif", "enrich.sleepy", "enrich.many", "enrich.mark"].map { name in
            StageType(name: name, kind: .transform, summary: "test stage") { _ in .transform(MarkerStage(name: name)) }
        }
        return Builtins.registry.adding(transforms + [
            StageType(name: "output.collect", kind: .sink, summary: "test sink") { _ in .sink(CollectSink(collected: collected)) },
        ])
    }

    /// Writes articles named a0, a1, … with the given texts and builds a runner over the stages.
    func runner(_ texts: [String], stages: [String], extra: String = "") throws -> Runner {
        for (i, t) in texts.enumerated() { dir.write("in/a\(String(format: "%03d", i)).txt", t + "\n") }
        let yaml = "pipeline: policy\ndeadletter: \(dir.at("out/failed.jsonl"))\n\(extra)stages:\n  - use: ingest.files\n"
            + stages.map { "  - use: \($0)\n" }.joined() + "  - use: output.collect\n"
        let pipeline = try PipelineLoader(registry: registry, environment: [:]).load(yaml: yaml, file: dir.at("p.yaml"), directory: dir.path)
        return try Runner(pipeline: pipeline, registry: registry)
    }

    func run(_ runner: Runner, _ policy: ErrorPolicy, jobs: Int = 2, progress: (@Sendable (RunProgress) -> Void)? = nil) throws -> RunSummary {
        var options = RunOptions()
        options.onError = policy
        options.jobs = jobs
        options.progress = progress
        return try runner.run(InputSelection(paths: [dir.at("in")]), options: options)
    }

    func path(_ i: Int) -> String { dir.at("in/a\(String(format: "%03d", i)).txt") }
    var writtenPaths: [String] { collected.ids.withLock { $0 } }

    @Test func skipReportsTheFailureAndTheDocumentNeverReachesTheNextStage() throws {
        let r = try runner(["One.", "FAIL here.", "Three."], stages: ["extract.failif", "enrich.mark"])
        let summary = try run(r, .skip)
        #expect(summary.ok == 2)
        #expect(summary.failed == 1)
        #expect(summary.exitCode == 3)
        #expect(summary.failures.map(\.description) == ["\(path(1)): extract.failif: marked to fail"])
        #expect(collected.ids.withLock { $0.count } == 2)
        #expect(summary.rendered().contains("failures by stage and reason:\n  extract.failif: marked to fail (1): \(path(1))"))
        #expect(dir.bytes("out/failed.jsonl") == nil)
    }

    @Test func deadletterHoldsPathStageErrorAndTheDocumentAsItWasWhenItFailed() throws {
        let r = try runner(["One.", "FAIL here.", "Three.", "FAIL again."], stages: ["enrich.mark", "enrich.many", "extract.failif"].suffix(1))
        let summary = try run(r, .deadletter)
        #expect(summary.ok == 2 && summary.failed == 2)
        let records = jsonLines(dir.at("out/failed.jsonl"))
        #expect(records.map { $0["path"]?.stringValue } == [path(1), path(3)])
        #expect(records.map { $0["stage"]?.stringValue } == ["extract.failif", "extract.failif"])
        #expect(records.map { $0["error"]?.stringValue } == ["marked to fail", "marked to fail"])
        #expect(records.map { $0["document"]?["text"]?.stringValue } == ["FAIL here.\n", "FAIL again.\n"])
        #expect(records.allSatisfy { $0["document"]?["checked"] == nil })
    }

    @Test func failStopsAtTheFirstFailureAndFinishesTheOutputs() throws {
        let texts = (0..<100).map { $0 == 30 ? "FAIL at thirty." : "Article \($0)." }
        let r = try runner(texts, stages: ["extract.failif"])
        let summary = try run(r, .fail)
        #expect(summary.stoppedAtFailure)
        #expect(!summary.interrupted)
        #expect(summary.failed == 1 && summary.ok == 30)
        #expect(summary.exitCode == 3)
        #expect(collected.ids.withLock { $0.count } == 30)
        #expect(collected.finished.withLock { $0 })
    }

    @Test func watchdogFailsADocumentStuckPastTheTimeLimitAndTheRunGoesOn() throws {
        let r = try runner(["One.", "SLOW one.", "Three.", "Four."], stages: ["enrich.sleepy"], extra: "limits: { stage_seconds: 0.3 }\n")
        let started = Date()
        let summary = try run(r, .skip)
        let seconds = Date().timeIntervalSince(started)
        #expect(seconds < 2.5, "the run waited \(seconds) s for the stuck stage")
        #expect(summary.ok == 3 && summary.failed == 1)
        let failure = try #require(summary.failures.first)
        #expect(failure.path == path(1))
        #expect(failure.stage == "enrich.sleepy")
        #expect(failure.message.hasPrefix("still running after "))
        #expect(failure.message.hasSuffix(" s, over the limit of 0.3 s per document (abandoned; limits.stage_seconds)"))
        #expect(failure.document?.text == "SLOW one.\n")
    }

    @Test func tooManyAnnotationsFailTheDocument() throws {
        let r = try runner(["One.", "MANY marks here."], stages: ["enrich.many"], extra: "limits: { max_annotations: 10 }\n")
        let summary = try run(r, .skip)
        #expect(summary.ok == 1)
        #expect(summary.failures.map(\.description) == ["\(path(1)): enrich.many: 11 annotations, over the limit of 10"])
    }

    @Test func aSinkMayRefuseOneDocumentButAFailingSinkStopsTheRun() throws {
        let r = try runner(["One.", "REFUSE me.", "Three.", "DISKFULL now.", "Five."], stages: [])
        do {
            _ = try run(r, .skip, jobs: 1)
            Issue.record("a failing sink did not stop the run")
        } catch let error as RunError {
            #expect(error.message == "output 'output.collect': cannot write 'collected': No space left on device")
            #expect(error.summary.ok == 2)
            #expect(error.summary.failures.map(\.description) == ["\(path(1)): output.collect: refused by the sink"])
        }
        #expect(collected.ids.withLock { $0.count } == 2)
    }

    @Test func stopFinishesTheDocumentsInFlightAndWritesThemInOrder() throws {
        let texts = (0..<300).map { "Article \($0)." }
        let r = try runner(texts, stages: ["enrich.mark"])
        let summary = try run(r, .skip, jobs: 1) { p in if p.done == 5 { r.stop() } }
        #expect(summary.interrupted)
        // At most the items already in flight (4 per worker + 28, so 32 for one worker) and the one being loaded
        // are finished after the stop; the other 260-odd are not.
        #expect(summary.ok >= 5 && summary.ok <= 5 + 32 + 1, "\(summary.ok) documents after stop()")
        let ids = collected.ids.withLock { $0 }
        #expect(ids.count == summary.ok)
        #expect(collected.finished.withLock { $0 })
    }
}
