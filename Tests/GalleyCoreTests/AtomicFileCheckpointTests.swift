import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `AtomicFile`: the output is the old file or the complete new one; checkpoints make a prefix visible meanwhile.
struct AtomicFileCheckpointTests {
    func contents(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

    @Test func theOldFileStaysUntilCommitAndDiscardLeavesIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("out.txt", "old\n")
        let file = try AtomicFile(path: path)
        try file.append(Array("new\n".utf8))
        #expect(contents(path) == "old\n")
        file.discard()
        #expect(contents(path) == "old\n")
        #expect(!FileManager.default.fileExists(atPath: file.temporaryPath))
        let second = try AtomicFile(path: path)
        try second.append(Array("new\n".utf8))
        try second.commit()
        #expect(contents(path) == "new\n")
    }

    @Test func aCheckpointShowsWhatWasWrittenPlusTheTrailerAndWritingGoesOn() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/out.jsonl"
        let file = try AtomicFile(path: path)
        try file.append(Array("a\nb\n".utf8))
        #expect(try file.checkpoint(trailer: Array("kept\n".utf8)))
        #expect(contents(path) == "a\nb\nkept\n")
        try file.append(Array("c\n".utf8))
        #expect(contents(path) == "a\nb\nkept\n")
        #expect(try file.checkpoint())
        #expect(contents(path) == "a\nb\nc\n")
        try file.append(Array("d\n".utf8))
        try file.commit()
        #expect(contents(path) == "a\nb\nc\nd\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.jsonl"])
    }

    @Test func aCheckpointNeverMakesTheFileSmallerThanItWas() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("out.txt", "0123456789\n")
        let file = try AtomicFile(path: path)
        try file.append(Array("short\n".utf8))
        #expect(try file.checkpoint() == false)
        #expect(contents(path) == "0123456789\n")
        try file.append(Array("longer\n".utf8))
        #expect(try file.checkpoint())
        #expect(contents(path) == "short\nlonger\n")
        file.discard()
        #expect(contents(path) == "short\nlonger\n")
    }
}
