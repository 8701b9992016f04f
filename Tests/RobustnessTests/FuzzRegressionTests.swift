import Foundation
import GalleyCore
import GalleyTesting
import Testing

/// Inputs the fuzzers found that crashed galley, kept so that they stay fixed.
@Suite(.serialized)
struct FuzzRegressionTests {
    /// The stages the extract.article fuzzer exercises, writing JSON lines.
    static let pipeline = """
        pipeline: regression
        stages:
          - use: ingest.files
          - use: extract.article
          - use: output.jsonl
            with: { path: out/docs.jsonl }

        """

    /// A long run of digits on a dateline-like line overflowed `Int` in `Dateline.tokenize` and killed the whole run (SIGILL).
    @Test func longDigitRunUnderTheTitleDoesNotCrashTheRun() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "Headline here\n\nPublished 123456789012345678901234567890 at noon\n\nBody paragraph one of the article.\n")
        dir.write("in/b.txt", "Second headline\n\nBody of the second article.\n")
        dir.write("p.yaml", Self.pipeline)
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        let docs = jsonLines(dir.at("out/docs.jsonl"))
        #expect(docs.compactMap { $0["title"]?.stringValue } == ["Headline here", "Second headline"])
    }

    /// Every input saved under Fuzz/Regressions runs through its fuzz target's stage without trapping.
    @Test func savedFuzzInputsPassThroughExtractArticle() throws {
        let folder = Repository.root + "/Fuzz/Regressions/FuzzExtractArticle"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!names.isEmpty)
        let dir = TemporaryDirectory()
        for name in names {
            // The saved inputs hold NUL bytes, which ingest.files refuses; the JSON-lines form carries them as text.
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name)!)
            var w = JSONWriter()
            w.write(.object(["id": .string(name), "text": .string(String(decoding: bytes, as: UTF8.self))]))
            dir.write("in/\(name).jsonl", w.bytes + [0x0A])
        }
        dir.write("p.yaml", Self.pipeline)
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        // 0 or 3 (a document may fail with a reason); a trap would be 132 and leave no output.
        #expect(run.status == 0 || run.status == 3, "\(run.stderr)")
        #expect(jsonLines(dir.at("out/docs.jsonl")).count + run.stderr.split(separator: "\n").filter { $0.hasPrefix("failed: ") }.count == names.count)
    }
}
