import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What one walk of `ingest.files` gave: every item, every document or failure, and the notes.
private struct Walked {
    var items: [SourceItem] = []
    var docs: [Document] = []
    var failures: [String: String] = [:]
    var notes: [SourceNote] = []

    var paths: [String] { docs.map(\.source.path) }
    func note(_ prefix: String) -> SourceNote? { notes.first { $0.reason.hasPrefix(prefix) } }
}

private func walk(_ selection: InputSelection, _ parameters: [String: Value] = [:]) throws -> Walked {
    guard case .source(let source) = try makeStage("ingest.files", parameters) else { fatalError() }
    var w = Walked()
    try source.enumerate(selection) { item in
        w.items.append(item)
        for result in source.load(item) {
            switch result {
            case .success(let d): w.docs.append(d)
            case .failure(let e): w.failures[e.path] = e.message
            }
        }
        return true
    }
    w.notes = source.takeNotes()
    return w
}

/// Writes raw bytes at a path given as bytes (names that are not UTF-8), relative to an open folder.
private func writeRaw(_ dirFD: Int32, _ name: [UInt8], _ content: String) {
    let fd = (name + [0]).withUnsafeBufferPointer { p in
        p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { openat(dirFD, $0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    }
    precondition(fd >= 0)
    _ = content.utf8CString.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress!, $0.count - 1) }
    close(fd)
}

private func at(_ dirFD: Int32, _ name: String, _ body: (UnsafePointer<CChar>) -> Int32) -> Int32 { name.withCString(body) }

@Suite struct IngestWalkTests {
    // Issue 12 #7: outputs and the dead letter inside the input folder were read back on the next run.
    @Test func theRunsOwnOutputsAreNotReadBack() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "An article.\n")
        for name in ["in/out.jsonl", "in/.out.jsonl.tmp-123", "in/.out.jsonl.lock", "in/db.sqlite-wal", "in/db.sqlite-shm",
                     "in/db.sqlite-journal", "in/failed.jsonl", "in/md/x.md", "in/report.html"] {
            dir.write(name, "{\"text\": \"an output\"}\n")
        }
        dir.write("in/db.sqlite", "SQLite format 3")
        let own = [OwnOutput(path: dir.path + "/in/out.jsonl"), OwnOutput(path: dir.path + "/in/db.sqlite"),
                   OwnOutput(path: dir.path + "/in/failed.jsonl"), OwnOutput(path: dir.path + "/in/md", isFolder: true),
                   OwnOutput(path: dir.path + "/in/report.html")]
        let w = try walk(InputSelection(paths: [dir.path + "/in"], include: ["**/*"], ownOutputs: own), ["hidden": true])
        #expect(w.paths == [dir.path + "/in/a.txt"])
        #expect(w.failures == [:])
        #expect(w.note("of the run's own outputs")?.count == 10)
        // Without them, the same walk reads every one.
        let all = try walk(InputSelection(paths: [dir.path + "/in"], include: ["**/*"]), ["hidden": true])
        #expect(all.items.count == 11)
    }

    // Issue 12 #9: `business/001.txt` had one id when run on `bbc/business` and another when run on `bbc`.
    @Test func idsDoNotDependOnTheRootTheFileWasReachedFrom() throws {
        let dir = TemporaryDirectory()
        dir.write("bbc/business/001.txt", "Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n")
        dir.write("bbc/sport/001.txt", "Claxton hunting first major medal\n\nBritish hurdler.\n")
        let fromRoot = try walk(InputSelection(paths: [dir.path + "/bbc"]))
        let fromFolder = try walk(InputSelection(paths: [dir.path + "/bbc/business"]))
        let fromFile = try walk(InputSelection(paths: [dir.path + "/bbc/business/001.txt"]))
        try FileManager.default.moveItem(atPath: dir.path + "/bbc", toPath: dir.path + "/moved")
        let afterMove = try walk(InputSelection(paths: [dir.path + "/moved"]))
        let hashed: [UInt8] = Array("001.txt".utf8) + [0] + Array("Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n".utf8)
        let expected = StableHash.hex(StableHash.fnv1a64(hashed))
        #expect(fromRoot.docs.map(\.id) == [expected, fromRoot.docs[1].id])
        #expect(fromRoot.docs[1].id != expected)
        #expect(fromFolder.docs.map(\.id) == [expected])
        #expect(fromFile.docs.map(\.id) == [expected])
        #expect(afterMove.docs.first?.id == expected)
    }

    // Issue 12 #12: `passwd.txt → /etc/passwd` ended up in the outputs and a symlink to /etc was walked.
    @Test func symlinksLeadingOutsideTheInputAreNotFollowedByDefault() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "Inside.\n")
        dir.write("outside/secret.txt", "Outside.\n")
        symlink(dir.path + "/outside/secret.txt", dir.path + "/in/passwd.txt")
        symlink(dir.path + "/outside", dir.path + "/in/etc")
        symlink("a.txt", dir.path + "/in/alias.txt")
        symlink(dir.path + "/in", dir.path + "/in/up")
        // A loop that only following outside links can reach: outside/again leads to outside itself.
        symlink(dir.path + "/outside", dir.path + "/outside/again")
        let w = try walk(InputSelection(paths: [dir.path + "/in"]))
        #expect(w.paths == [dir.path + "/in/a.txt"])
        let advice = "leads outside the input; not followed (follow_symlinks: true reads it)"
        let expected: [String: String] = [
            dir.path + "/in/passwd.txt": "symlink to '\(dir.path)/outside/secret.txt' " + advice,
            dir.path + "/in/etc": "symlink to '\(dir.path)/outside' " + advice,
        ]
        #expect(w.failures == expected)
        #expect(w.note("symlinks inside the input")?.count == 2)
        #expect(w.note("symlinks inside the input")?.examples == [dir.path + "/in/alias.txt", dir.path + "/in/up"])

        let followed = try walk(InputSelection(paths: [dir.path + "/in"]), ["follow_symlinks": true])
        // outside/secret.txt is reached twice (through etc/ and passwd.txt): read once, at the first name met.
        #expect(followed.paths == [dir.path + "/in/a.txt", dir.path + "/in/etc/secret.txt"])
        #expect(followed.failures == [dir.path + "/in/etc/again": "symlink loop: leads back to a folder it is inside"])
        #expect(followed.note("inputs reached twice")?.examples == [dir.path + "/in/passwd.txt"])
    }

    // Issue 12 #17: a lone CR (classic Mac OS) is a line break; CR LF stays as it is.
    @Test func aLoneCarriageReturnIsALineBreak() throws {
        let dir = TemporaryDirectory()
        let mac = dir.write("mac.txt", "Old Mac title\r\rFirst paragraph here.\r\rSecond paragraph here.\r")
        let dos = dir.write("dos.txt", "DOS title\r\n\r\nA paragraph.\r\n")
        guard case .success(let m)? = try ingest(mac).first, case .success(let d)? = try ingest(dos).first else { Issue.record("failed"); return }
        #expect(m.text == "Old Mac title\n\nFirst paragraph here.\n\nSecond paragraph here.\n")
        #expect(d.text == "DOS title\r\n\r\nA paragraph.\r\n")
        let doc = try article(mac)
        #expect(doc.fields["title"] == "Old Mac title")
        #expect(doc.annotations.filter { $0.kind == "paragraphs" }.count == 2)
    }

    // Issue 12 #18: a Latin-1 name failed with "No such file or directory"; a newline in a name split its failed: line.
    @Test func namesThatAreNotUTF8OrHoldControlCharactersAreReadAndShownEscaped() throws {
        let dir = TemporaryDirectory()
        dir.write("in/plain.txt", "Plain.\n")
        let fd = open(dir.path + "/in", O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        let latin1Name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
        writeRaw(fd, latin1Name, "Latin-1 name.\n")
        writeRaw(fd, Array("two\nlines.txt".utf8), "")
        writeRaw(fd, Array("back\\slash.txt".utf8), "Backslash.\n")
        let w = try walk(InputSelection(paths: [dir.path + "/in"]))
        let base = dir.path + "/in/"
        #expect(w.paths == [base + "back\\\\slash.txt", base + "caf\\xE9.txt", base + "plain.txt"])
        #expect(w.docs.map(\.text) == ["Backslash.\n", "Latin-1 name.\n", "Plain.\n"])
        #expect(w.failures == [base + "two\\nlines.txt": "empty file"])
        // The id is made from the name's bytes, not from its escaped form.
        let hashed: [UInt8] = latin1Name + [0] + Array("Latin-1 name.\n".utf8)
        #expect(w.docs[1].id == StableHash.hex(StableHash.fnv1a64(hashed)))
    }

    // Issue 12 #18: folders nested past PATH_MAX were skipped silently.
    @Test func foldersNestedPastPathMaxAreRead() throws {
        let dir = TemporaryDirectory()
        let name = String(repeating: "n", count: 200)
        var fd = open(dir.path, O_RDONLY | O_DIRECTORY)
        for _ in 0..<25 {
            #expect(mkdirat(fd, name, 0o755) == 0)
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        writeRaw(fd, Array("deep.txt".utf8), "Twenty-five folders down.\n")
        writeRaw(fd, Array("empty.txt".utf8), "")
        close(fd)
        let w = try walk(InputSelection(paths: [dir.path]))
        let deep = dir.path + String(repeating: "/" + name, count: 25)
        #expect(deep.utf8.count > Int(PATH_MAX))
        #expect(w.paths == [deep + "/deep.txt"])
        #expect(w.docs.first?.text == "Twenty-five folders down.\n")
        #expect(w.failures == [deep + "/empty.txt": "empty file"])
        // The temporary folder's own removal cannot handle the depth either: remove it level by level.
        removeDeep(dir.path + "/" + name, levels: 25, name: name)
    }

    private func removeDeep(_ top: String, levels: Int, name: String) {
        var fds: [Int32] = [open(top, O_RDONLY | O_DIRECTORY)]
        for _ in 1..<levels { fds.append(openat(fds.last!, name, O_RDONLY | O_DIRECTORY)) }
        unlinkat(fds.last!, "deep.txt", 0)
        unlinkat(fds.last!, "empty.txt", 0)
        for k in stride(from: levels - 1, to: 0, by: -1) {
            close(fds[k])
            unlinkat(fds[k - 1], name, AT_REMOVEDIR)
        }
        close(fds[0])
        rmdir(top)
    }

    // The class: roots given twice or inside each other, hard links — each file is read once and the rest counted.
    @Test func aFileReachedTwiceIsReadOnce() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "A.\n")
        dir.write("in/sub/b.txt", "B.\n")
        link(dir.path + "/in/a.txt", dir.path + "/in/sub/hard.txt")
        let w = try walk(InputSelection(paths: [dir.path + "/in", dir.path + "/in/sub", dir.path + "/in", dir.path + "/in/a.txt"]))
        #expect(w.paths == [dir.path + "/in/a.txt", dir.path + "/in/sub/b.txt"])
        #expect(w.note("inputs reached twice")?.count == 4)
        #expect(w.note("inputs reached twice")?.examples == [dir.path + "/in/sub/hard.txt", dir.path + "/in/sub", dir.path + "/in"])
        // One root: the hard link alone is caught.
        let one = try walk(InputSelection(paths: [dir.path + "/in"]))
        #expect(one.paths == [dir.path + "/in/a.txt", dir.path + "/in/sub/b.txt"])
        #expect(one.note("inputs reached twice")?.count == 1)
    }

    // The class: a device or a named pipe in the input never hangs the walk; each is reported.
    @Test func devicesAndPipesAreReportedNotRead() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "A.\n")
        mkfifo(dir.path + "/in/pipe.txt", 0o644)
        mkfifo(dir.path + "/in/pipe.jsonl", 0o644)
        symlink("/dev/zero", dir.path + "/in/zero.txt")
        let w = try walk(InputSelection(paths: [dir.path + "/in"]), ["follow_symlinks": true])
        #expect(w.paths == [dir.path + "/in/a.txt"])
        let base = dir.path + "/in/"
        let expected: [String: String] = [base + "pipe.txt": "not a regular file (a named pipe)",
                                          base + "pipe.jsonl": "not a regular file (a named pipe)",
                                          base + "zero.txt": "not a regular file (a device)"]
        #expect(w.failures == expected)
    }

    // Issue 12 #23: BBC's README.TXT became a document with an empty title.
    @Test func corpusDocumentationIsNotReadUnlessNamed() throws {
        let dir = TemporaryDirectory()
        dir.write("bbc/README.TXT", "Consists of 2225 documents from the BBC news website.\n")
        dir.write("bbc/LICENSE.md", "All rights reserved.\n")
        dir.write("bbc/business/001.txt", "An article.\n")
        dir.write("bbc/notes.csv", "a,b\n")
        let w = try walk(InputSelection(paths: [dir.path + "/bbc"]))
        #expect(w.paths == [dir.path + "/bbc/business/001.txt"])
        #expect(w.note("corpus documentation")?.examples == [dir.path + "/bbc/LICENSE.md", dir.path + "/bbc/README.TXT"])
        let globbed = try walk(InputSelection(paths: [dir.path + "/bbc"], include: ["**/*.txt", "**/*.TXT"]))
        #expect(globbed.paths == [dir.path + "/bbc/business/001.txt"])
        let named = try walk(InputSelection(paths: [dir.path + "/bbc"], include: ["**/*.txt", "README.TXT"]))
        #expect(named.paths == [dir.path + "/bbc/README.TXT", dir.path + "/bbc/business/001.txt"])
    }
}
