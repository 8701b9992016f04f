import Foundation
import GalleyCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Output paths: created when missing; unwritable ones fail the run at once, naming the path; a full disk keeps the previous output.
@Suite(.serialized)
struct OutputPathTests {
    static func pipeline(output: String) -> String {
        """
        pipeline: paths
        stages:
          - use: ingest.files
          - id: write
            use: output.jsonl
            with: { path: "\(output)" }

        """
    }

    @Test func missingFoldersAreCreated() throws {
        let dir = TempDir()
        dir.write("in/a.txt", "An article.\n")
        dir.write("p.yaml", Self.pipeline(output: "out/x/y/z/docs.jsonl"))
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(jsonLines(dir.at("out/x/y/z/docs.jsonl")).count == 1)
    }

    /// Runs with stdin held open and never written: a run that read input before opening its outputs would hang.
    static func failsBeforeReading(_ dir: TempDir, output: String) -> GalleyProcess {
        dir.write("p.yaml", Self.pipeline(output: output))
        mkfifo(dir.at("stdin"), 0o644)
        // Opening the FIFO read-write keeps a writer on it, so galley's reads would block, not see end of input.
        let keep = open(dir.at("stdin"), O_RDWR)
        defer { close(keep) }
        let run = GalleyProcess.run(["run", "p.yaml", "-"], in: dir.path, stdin: dir.at("stdin"), timeout: 20)
        #expect(run.seconds < 10)
        return run
    }

    @Test func anOutputPathThatIsAFolderIsAnErrorBeforeAnyInputIsRead() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.at("out/docs.jsonl"), withIntermediateDirectories: true)
        let run = Self.failsBeforeReading(dir, output: "out/docs.jsonl")
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write 'out/docs.jsonl': it is a directory\n")
    }

    @Test func anOutputFolderThatIsAFileIsAnError() throws {
        let dir = TempDir()
        dir.write("out", "a file where a folder should be\n")
        let run = Self.failsBeforeReading(dir, output: "out/docs.jsonl")
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: cannot create folder 'out' for 'out/docs.jsonl': "), "\(run.stderr)")
        #expect(dir.read("out") == Array("a file where a folder should be\n".utf8))
    }

    @Test func aReadOnlyOutputFileIsAnErrorAndStaysAsItWas() throws {
        let dir = TempDir()
        dir.write("out/docs.jsonl", "{\"id\":\"old\"}\n")
        chmod(dir.at("out/docs.jsonl"), 0o444)
        let run = Self.failsBeforeReading(dir, output: "out/docs.jsonl")
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write 'out/docs.jsonl': the file is read-only\n")
        #expect(dir.read("out/docs.jsonl") == Array("{\"id\":\"old\"}\n".utf8))
    }

    @Test func aFolderWithoutWritePermissionIsAnError() throws {
        if runningAsRoot {
            print("OutputPathTests: running as root, which may write into any folder; permission denial cannot be shown here")
            return
        }
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.at("locked"), withIntermediateDirectories: true)
        chmod(dir.at("locked"), 0o555)
        let run = Self.failsBeforeReading(dir, output: "locked/docs.jsonl")
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write 'locked/docs.jsonl': Permission denied\n")
    }

    @Test func aFullDiskIsAnErrorNamingThePathAndKeepsThePreviousOutput() throws {
        let dir = TempDir()
        for i in 0..<400 { dir.write("in/a\(String(format: "%03d", i)).txt", String(repeating: "Article \(i) text. ", count: 100) + "\n") }
        dir.write("p.yaml", Self.pipeline(output: "out/docs.jsonl"))
        let first = GalleyProcess.run(["run", "p.yaml", "in/a000.txt"], in: dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        let previous = try #require(dir.read("out/docs.jsonl"))
        // RLIMIT_FSIZE (ulimit -f, in 512-byte blocks) makes writes past 200 KB fail like a full disk does;
        // SIGXFSZ is ignored so that the write returns an error instead of killing the process.
        let full = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path, prefix: "trap '' XFSZ; ulimit -f 400;")
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.hasSuffix("\nerror: output 'write': cannot write 'out/docs.jsonl': File too large\n"), "\(full.stderr)")
        let untouched = dir.read("out/docs.jsonl") == previous
        #expect(untouched, "the previous output was changed")
        #expect(dir.list("out").filter { $0.contains(".tmp-") }.isEmpty)
    }
}
