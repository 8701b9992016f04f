import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `AtomicFile`: readers see an output either as it was or complete — written beside it, renamed into place.
@Suite struct AtomicFileTests {
    func bytes(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    func mode(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
    }

    @Test func commitReplacesTheOldFileOnlyWhenItIsComplete() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("out.jsonl", "old\n")
        let file = try AtomicFile(path: path)
        #expect(file.temporaryPath == dir.path + "/.out.jsonl.tmp-\(getpid())")
        try file.append(Array("new 1\n".utf8))
        try file.append([UInt8](repeating: 0x61, count: 1 << 19) + [0x0A])  // over the flush threshold: on disk
        #expect(bytes(path) == "old\n")
        #expect(dir.list() == [".out.jsonl.tmp-\(getpid())", "out.jsonl"])
        try file.commit()
        #expect(bytes(path) == "new 1\n" + String(repeating: "a", count: 1 << 19) + "\n")
        #expect(dir.list() == ["out.jsonl"])
        try file.commit()  // a second commit does nothing
        #expect(throws: StageFailure.self) { try file.append([0x41]) }
    }

    @Test func discardLeavesTheOldFileAndNoTemporary() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("out.csv", "a,b\n1,2\n")
        let file = try AtomicFile(path: path)
        try file.append([UInt8](repeating: 0x62, count: 1 << 19))
        file.discard()
        #expect(bytes(path) == "a,b\n1,2\n")
        #expect(dir.list() == ["out.csv"])
        let fresh = try AtomicFile(path: dir.path + "/sub/new.csv")
        fresh.discard()
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/sub/new.csv"))
    }

    @Test func theModeOfTheOldFileIsKept() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("report.html", "<p>old</p>\n")
        chmod(path, 0o640)
        let file = try AtomicFile(path: path)
        try file.append(Array("<p>new</p>\n".utf8))
        try file.commit()
        #expect(mode(path) == 0o640)
        #expect(bytes(path) == "<p>new</p>\n")
    }

    @Test func keepExistingStartsFromTheCompleteLinesOfTheOldFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("docs.jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"cut")
        let file = try AtomicFile(path: path, keepExisting: true)
        try file.append(Array("{\"id\":\"c\"}\n".utf8))
        try file.commit()
        #expect(bytes(path) == "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n")
        #expect(AtomicFile.jsonlIDs(at: path) == ["a", "b", "c"])
    }

    @Test func aTargetThatIsNotARegularFileIsRefused() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/folder", withIntermediateDirectories: true)
        let target = dir.write("target.txt", "keep me\n")
        symlink(target, dir.path + "/link.txt")
        let readOnly = dir.write("read-only.txt", "old\n")
        chmod(readOnly, 0o444)
        func refusal(_ path: String) -> String {
            do {
                _ = try AtomicFile(path: path)
                return "opened"
            } catch { return "\(error)" }
        }
        #expect(refusal(dir.path + "/folder") == "cannot write '\(dir.path)/folder': it is a directory")
        #expect(refusal(dir.path + "/link.txt").hasPrefix("cannot write '\(dir.path)/link.txt': it is a symbolic link (to '\(target)')"))
        #expect(refusal("/dev/null") == "cannot write '/dev/null': it is a character device, not a regular file (for standard output, use the path '-' where the output allows it)")
        #expect(refusal(readOnly) == "cannot write '\(readOnly)': the file is read-only")
        #expect(bytes(target) == "keep me\n" && bytes(readOnly) == "old\n")
        #expect(dir.list() == ["folder", "link.txt", "read-only.txt", "target.txt"])
    }

    @Test func aLinkPutAtThePathWhileWritingIsNotWrittenThrough() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/out.txt"
        let victim = dir.write("victim.txt", "precious\n")
        let file = try AtomicFile(path: path)
        try file.append(Array("new\n".utf8))
        symlink(victim, path)
        #expect(throws: StageFailure.self) { try file.commit() }
        #expect(bytes(victim) == "precious\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == victim)
        #expect(dir.list() == ["out.txt", "victim.txt"])
    }

    /// A writer killed before it commits (SIGKILL: no handler runs) leaves the old file whole; its temporary file is
    /// removed by the next writer that keeps the existing content.
    @Test func aWriterKilledBeforeCommitLeavesTheOldFile() throws {
        let dir = TemporaryDirectory()
        dir.write("p.yaml", """
            pipeline: crash
            stages:
              - use: ingest.files
              - id: write
                use: output.jsonl
                with: { path: out/docs.jsonl }
            """)
        let path = dir.write("out/docs.jsonl", "{\"id\":\"old\"}\n")
        // Reading JSON lines from a FIFO that stays open (the test holds it read-write): galley opens its outputs,
        // then waits for documents.
        mkfifo(dir.at("stdin"), 0o644)
        let keep = open(dir.at("stdin"), O_RDWR)
        defer { close(keep) }
        let line = "{\"id\":\"new\",\"text\":\"A new article.\"}\n"
        _ = line.withCString { write(keep, $0, strlen($0)) }
        let run = GalleyProcess(["run", "p.yaml", "-", "--quiet"], in: dir.path, stdin: dir.at("stdin"))
        let temporary = dir.path + "/out/.docs.jsonl.tmp-\(run.pid)"
        #expect(waitUntil(timeout: 60) { FileManager.default.fileExists(atPath: temporary) }, "galley never opened \(temporary)")
        run.send(SIGKILL)
        #expect(run.wait() == 128 + SIGKILL)
        #expect(bytes(path) == "{\"id\":\"old\"}\n")
        #expect(FileManager.default.fileExists(atPath: temporary))
        AtomicFile.removeStaleTemporaries(for: path)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(bytes(path) == "{\"id\":\"old\"}\n")
    }
}
