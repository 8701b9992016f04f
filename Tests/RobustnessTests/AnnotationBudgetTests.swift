import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

/// Issue 12, item 14: `max_annotations` bounds memory — the stages stop producing at the limit, so a file of numbers
/// no longer grows to gigabytes of annotations before it fails.
@Suite(.serialized)
struct AnnotationBudgetTests {
    /// `count` numbers separated by spaces, in lines of 20.
    static func numbers(_ count: Int) -> String {
        var text = "Numbers\n\n"
        text.reserveCapacity(count * 8)
        for i in 0..<count { text += String(1000 + i % 9000); text += i % 20 == 19 ? "\n" : " " }
        return text + "\n"
    }

    @Test func aFileOfNumbersFailsAtTheLimitInBoundedMemory() throws {
        let dir = TemporaryDirectory()
        // 200,000 numbers (1 MB): every one a quantity; before the fix the stage built all of them as annotations.
        dir.write("in/numbers.txt", Self.numbers(200_000))
        dir.write("in/small.txt", "Small\n\nIt cost $5 and 3 apples.\n")
        dir.write("p.yaml", """
            pipeline: budget
            limits: { max_annotations: 1000, stage_seconds: 900 }
            stages:
              - use: ingest.files
              - use: extract.quantities
              - id: write
                use: output.jsonl
                with: { path: out/docs.jsonl }

            """)
        let run = GalleyProcess.run(["run", "p.yaml", "in", "--jobs", "1"], in: dir.path, timeout: 300, measureMemory: true)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("failed: in/numbers.txt: extract.quantities: more than 1000 annotations, over the limit of 1000 (limits.max_annotations; the stage stopped at the limit)"),
                "\(run.stderr)")
        #expect(ids(dir.at("out/docs.jsonl")).count == 1)
        print("200,000 numbers, max_annotations 1000: peak RSS \(run.maxRSSKilobytes) KB in \(String(format: "%.1f", run.seconds)) s")
        #expect(run.maxRSSKilobytes > 0 && run.maxRSSKilobytes < 400 * 1024, "peak RSS \(run.maxRSSKilobytes) KB")
    }

    @Test func everyBuiltInAnnotatingStageStopsAtTheLimit() throws {
        let text = String(repeating: "On Monday, “we paid $5 for 3 tons in Paris,” said Anna Berg of Acme Corp. ", count: 400)
        for stage in ["extract.sentences", "extract.quotes", "extract.entities", "extract.quantities", "extract.dates"] {
            let yaml = "pipeline: t\nlimits: { max_annotations: 50 }\nstages:\n  - use: ingest.files\n  - use: \(stage)\n"
            let pipeline = try PipelineLoader(registry: Builtins.registry, environment: [:]).load(yaml: yaml, file: "t.yaml", directory: "/tmp")
            let runner = try Runner(pipeline: pipeline, registry: Builtins.registry)
            var doc = Document(id: "d", source: DocumentSource(path: "d.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"), text: text)
            do {
                try runner.transform(&doc)
                Issue.record("\(stage): the document passed with \(doc.annotations.count) annotations")
            } catch {
                #expect(error.message == "more than 50 annotations, over the limit of 50 (limits.max_annotations; the stage stopped at the limit)", "\(stage): \(error.message)")
                #expect(doc.annotations.count <= 50, "\(stage) added \(doc.annotations.count)")
                #expect(error.document?.annotations.count == 50, "\(stage)")
            }
        }
    }
}
