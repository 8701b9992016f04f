import Foundation
import GalleyCore
import GalleyTesting
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
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "An article.\n")
        dir.write("p.yaml", Self.pipeline(output: "out/x/y/z/docs.jsonl"))
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(jsonLines(dir.at("out/x/y/z/docs.jsonl")).count == 1)
    }

    /// Runs with stdin held open and never written: a run that read input before opening its outputs would hang.
    static func failsBeforeReading(_ dir: TemporaryDirectory, output: String, unprivileged: Bool = false) -> GalleyProcess {
        dir.write("p.yaml", Self.pipeline(output: output))
        mkfifo(dir.at("stdin"), 0o644)
        // Opening the FIFO read-write keeps a writer on it, so galley's reads would block, not see end of input.
        let keep = open(dir.at("stdin"), O_RDWR)
        defer { close(keep) }
        let run = GalleyProcess.run(["run", "p.yaml", "-"], in: dir.path, stdin: dir.at("stdin"), timeout: 20, unprivileged: unprivileged)
        #expect(run.seconds < 10)
        return run
    }

    @Test func anOutputPathThatIsAFolderIsAnErrorBeforeAnyInputIsRead() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.at("out/docs.jsonl"), withIntermediateDirectories: true)
        let run = Self.failsBeforeReading(dir, output: "out/docs.jsonl")
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write 'out/docs.jsonl': it is a directory\n")
    }

    @Test func anOutputFolderThatIsAFileIsAnError() throws {
        let dir = TemporaryDirectory()
        dir.write("out", "a file where a folder should be\n")
        let run = Self.failsBeforeReading(dir, output: "out/docs.jsonl")
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: cannot create folder 'out' for 'out/docs.jsonl': "), "\(run.stderr)")
        #expect(dir.bytes("out") == Array("a file where a folder should be\n".utf8))
    }

    @Test func aReadOnlyOutputFileIsAnErrorAndStaysAsItWas() throws {
        let dir = TemporaryDirectory()
        dir.write("out/docs.jsonl", "{\"id\":\"old\"}\n")
        chmod(dir.at("out/docs.jsonl"), 0o444)
        let run = Self.failsBeforeReading(dir, output: "out/docs.jsonl")
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write 'out/docs.jsonl': the file is read-only\n")
        #expect(dir.bytes("out/docs.jsonl") == Array("{\"id\":\"old\"}\n".utf8))
    }

    /// As root (CI), galley runs as `nobody`: root may write into any folder, so the denial could not happen.
    @Test(.enabled(if: canRunUnprivileged, "running as root without 'nobody' and setpriv: root may write into any folder"))
    func aFolderWithoutWritePermissionIsAnError() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.at("locked"), withIntermediateDirectories: true)
        dir.handToUnprivilegedUser()
        chmod(dir.at("locked"), 0o555)
        let run = Self.failsBeforeReading(dir, output: "locked/docs.jsonl", unprivileged: true)
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write 'locked/docs.jsonl': cannot create its lock file 'locked/.docs.jsonl.lock': Permission denied\n")
    }

    @Test func aFullDiskIsAnErrorNamingThePathAndKeepsThePreviousOutput() throws {
        let dir = TemporaryDirectory()
        for i in 0..<400 { dir.write("in/a\(String(format: "%03d", i)).txt", String(repeating: "Article \(i) text. ", count: 100) + "\n") }
        dir.write("p.yaml", Self.pipeline(output: "out/docs.jsonl"))
        let first = GalleyProcess.run(["run", "p.yaml", "in/a000.txt"], in: dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        let previous = try #require(dir.bytes("out/docs.jsonl"))
        // RLIMIT_FSIZE (ulimit -f, in 512-byte blocks) makes writes past 200 KB fail like a full disk does;
        // SIGXFSZ is ignored so that the write returns an error instead of killing the process.
        let full = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path, prefix: "trap '' XFSZ; ulimit -f 400;")
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.hasSuffix("\nerror: output 'write': cannot write 'out/docs.jsonl': File too large\n"), "\(full.stderr)")
        let untouched = dir.bytes("out/docs.jsonl") == previous
        #expect(untouched, "the previous output was changed")
        #expect(dir.list("out").filter { $0.contains(".tmp-") }.isEmpty)
    }
}
