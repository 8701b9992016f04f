import Foundation
import GalleyTesting
import Testing

/// Issue 12, items 7 and 18, through `galley run` itself: a run's own outputs inside its input are not read back
/// (run after run, the counts and the dead letter stay the same), and a name with a newline or a byte that is not
/// UTF-8 stays on its own escaped `failed:` line.
@Suite struct InputRunTests {
    let pipeline = """
        pipeline: walk
        input: in
        on_error: deadletter
        deadletter: in/out/failed.jsonl
        stages:
          - use: ingest.files
          - use: output.jsonl
            with: { path: in/out/docs.jsonl }
        """

    @Test func runAfterRunTheOutputsInsideTheInputAreNotReadBack() throws {
        let dir = TemporaryDirectory()
        dir.write("p.yaml", pipeline)
        dir.write("in/a.txt", "Ferries stopped at Calais.\n\nThe strike ended on Monday.\n")
        dir.write("in/b.txt", [0x41, 0x00, 0x42])
        for round in 1...3 {
            let run = GalleyProcess.run(["run", "p.yaml"], in: dir.path)
            #expect(run.status == 3, "round \(round): \(run.stderr)")
            #expect(run.stderr.contains("1 ok, 1 failed"), "round \(round): \(run.stderr)")
            #expect(dir.read("in/out/docs.jsonl")?.split(separator: "\n").count == 1, "round \(round)")
            #expect(dir.read("in/out/failed.jsonl")?.split(separator: "\n").count == 1, "round \(round)")
        }
        let last = GalleyProcess.run(["run", "p.yaml"], in: dir.path)
        #expect(last.stderr.contains("passed over: 2 of the run's own outputs in the input"), "\(last.stderr)")
    }

    @Test func namesWithANewlineOrLatin1AreShownEscapedOnOneFailedLine() throws {
        let dir = TemporaryDirectory()
        dir.write("p.yaml", pipeline)
        dir.write("in/two\nlines.txt", [0x41, 0x00, 0x42])
        // "café.txt" with é in Latin-1 (0xE9): a name that is not UTF-8.
        let raw = Array(dir.at("in/").utf8) + [0x63, 0x61, 0x66, 0xE9] + Array(".txt".utf8)
        let fd = raw.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { b -> Int32 in
            var name = Array(b) + [0]
            return open(&name, O_CREAT | O_WRONLY, 0o644)
        }
        #expect(fd >= 0)
        if fd >= 0 { close(fd) }  // an empty file: it fails with a reason
        let run = GalleyProcess.run(["run", "p.yaml"], in: dir.path)
        let failed = run.stderr.split(separator: "\n").filter { $0.hasPrefix("failed: ") }.sorted()
        #expect(failed == [
            "failed: in/caf\\xE9.txt: ingest.files: empty file",
            "failed: in/two\\nlines.txt: ingest.files: binary file (NUL byte at offset 1)",
        ], "\(run.stderr)")
        #expect(run.stderr.contains("0 ok, 2 failed"), "\(run.stderr)")
    }
}
