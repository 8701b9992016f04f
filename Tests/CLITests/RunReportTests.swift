import Foundation
import GalleyTesting
import Testing

/// What `galley run` says about its inputs and outputs: no input is an error that changes nothing, `--quiet` never
/// hides a failed document, the summary ends with where it wrote.
struct RunReportTests {
    static let pipeline = """
    pipeline: report
    input: { path: in, include: ["**/*.txt"] }
    deadletter: out/failed.jsonl
    stages:
      - use: ingest.files
      - id: write
        use: output.jsonl
        with: { path: out/a.jsonl }
      - id: db
        use: output.sqlite
        with: { path: out/a.sqlite }

    """

    /// An empty folder, or one where nothing matches `include`, replaced an 8-line out/a.jsonl with an empty file
    /// and exited 0.
    @Test func aRunThatFindsNoInputIsAnErrorAndLeavesEveryOutputAsItWas() throws {
        let dir = TemporaryDirectory()
        dir.write("p.yaml", Self.pipeline)
        dir.write("in/a.md", "Not matched by the include.\n")
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
        dir.write("out/a.jsonl", "{\"id\":\"old\",\"text\":\"kept\"}\n")
        let cases: [([String], String?, String)] = [
            (["run", "p.yaml"], nil, "error: no input: nothing to read in 'in' matching include '**/*.txt'; no output was changed\n"),
            (["run", "p.yaml", "empty", "--on-error", "deadletter"], nil,
             "error: no input: nothing to read in 'empty' matching include '**/*.txt'; no output was changed\n"),
            (["run", "p.yaml", "-"], "", "error: no input: standard input held no lines; no output was changed\n"),
        ]
        for (arguments, stdin, expected) in cases {
            let r = GalleyProcess.run(arguments, in: dir.path, input: stdin)
            #expect(r.status == 1)
            #expect(r.stderr == expected)
        }
        #expect(dir.read("out/a.jsonl") == "{\"id\":\"old\",\"text\":\"kept\"}\n")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/failed.jsonl"))
    }

    /// A run over bad files with `--quiet` exited 3 and printed nothing.
    @Test func quietNeverHidesFailedLines() throws {
        let dir = TemporaryDirectory()
        dir.write("p.yaml", Self.pipeline)
        dir.write("in/a.txt", "")
        dir.write("in/b.txt", "Fine.\n")
        dir.write("in/c.txt", "")
        let r = GalleyProcess.run(["run", "p.yaml", "--quiet"], in: dir.path)
        #expect(r.status == 3)
        #expect(r.stderr == "failed: in/a.txt: ingest.files: empty file\nfailed: in/c.txt: ingest.files: empty file\n")
    }

    @Test func theSummaryEndsWithEachOutputsPathAndCount() throws {
        let dir = TemporaryDirectory()
        dir.write("p.yaml", Self.pipeline)
        dir.write("in/a.txt", "One.\n")
        dir.write("in/b.txt", "Two.\n")
        dir.write("in/c.txt", "")
        let r = GalleyProcess.run(["run", "p.yaml", "--on-error", "deadletter"], in: dir.path)
        #expect(r.status == 3)
        let tail = r.stderr.split(separator: "\n").suffix(3)
        #expect(Array(tail) == ["output: out/a.jsonl (2 documents)", "output: out/a.sqlite (2 documents)", "output: out/failed.jsonl (1 document)"])
        let stdout = GalleyProcess.run(["run", "p.yaml", "--set", "write.path=-"], in: dir.path)
        #expect(stdout.stderr.split(separator: "\n").suffix(2) == ["output: stdout (2 documents)", "output: out/a.sqlite (2 documents)"])
    }
}
