import Foundation
import GalleyCore
import GalleyTesting
import Testing


@Test func latin1FileDecodesAsWindows1252() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    _ = FileManager.default.createFile(atPath: dir + "/l.txt", contents: Data([0x50, 0x72, 0x69, 0x63, 0x65, 0x20, 0xA3, 0x35, 0x20, 0x93, 0x6F, 0x6B, 0x94]))
    guard case .success(let doc)? = try ingest(dir + "/l.txt").first else { Issue.record("failed"); return }
    #expect(doc.text == "Price £5 “ok”")
    #expect(doc.source.encoding == "windows-1252")
}

@Test func byteOrderMarkIsStripped() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    _ = FileManager.default.createFile(atPath: dir + "/b.txt", contents: Data([0xEF, 0xBB, 0xBF]) + Data("Hello".utf8))
    guard case .success(let doc)? = try ingest(dir + "/b.txt").first else { Issue.record("failed"); return }
    #expect(doc.text == "Hello")
    #expect(doc.source == DocumentSource(path: dir + "/b.txt", format: "txt", bytes: 8, encoding: "utf-8"))
}

@Test func binaryAndEmptyFilesFailWithAReason() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    _ = FileManager.default.createFile(atPath: dir + "/bin.txt", contents: Data([0x41, 0x00, 0x42]))
    _ = FileManager.default.createFile(atPath: dir + "/empty.txt", contents: Data())
    guard case .failure(let e1)? = try ingest(dir + "/bin.txt").first, case .failure(let e2)? = try ingest(dir + "/empty.txt").first else {
        Issue.record("expected failures"); return
    }
    #expect(e1.message == "binary file (NUL byte at offset 1)")
    #expect(e2.message == "empty file")
    guard case .failure(let e3)? = try ingest(dir + "/bin.txt", ["max_bytes": 2]).first else { Issue.record("expected failure"); return }
    #expect(e3.message == "file is 3 bytes, over the limit of 2 (max_bytes)")
}

@Test func jsonFilesGiveDocumentsWithTheirOwnIds() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    try #"[{"id": 7, "text": "One", "title": "A"}, {"text": "Two", "url": "https://x"}, {"title": "no text"}]"#
        .write(toFile: dir + "/d.json", atomically: true, encoding: .utf8)
    let results = try ingest(dir + "/d.json")
    #expect(results.count == 3)
    guard case .success(let a) = results[0], case .success(let b) = results[1], case .failure(let c) = results[2] else {
        Issue.record("unexpected results"); return
    }
    #expect(a.id == "7")
    #expect(a.fields["title"] == "A")
    #expect(b.text == "Two")
    #expect(b.fields["url"] == "https://x")
    #expect(b.id.count == 16)
    #expect(c.message == "JSON object has no 'text' (or 'html')")
}

@Test func idsAreStableAndDependOnNameAndContent() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    try "Same text".write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
    try "Same text".write(toFile: dir + "/b.txt", atomically: true, encoding: .utf8)
    guard case .success(let a1)? = try ingest(dir + "/a.txt").first, case .success(let a2)? = try ingest(dir + "/a.txt").first,
          case .success(let b)? = try ingest(dir + "/b.txt").first else { Issue.record("failed"); return }
    #expect(a1.id == a2.id)
    #expect(a1.id != b.id)
    #expect(a1.id == StableHash.hex(StableHash.fnv1a64(Array("a.txt".utf8) + [0] + Array("Same text".utf8))))
}

@Test func foldersAreWalkedSortedWithGlobsAndHiddenFilesSkipped() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    for name in ["b.txt", "a.md", "sub/c.txt", "sub/skip.txt", ".hidden.txt", ".git/x.txt", "notes.csv"] {
        let full = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "x".write(toFile: full, atomically: true, encoding: .utf8)
    }
    try FileManager.default.createSymbolicLink(atPath: dir + "/sub/loop", withDestinationPath: dir)
    guard case .source(let source) = try makeStage("ingest.files") else { fatalError() }
    var seen: [String] = []
    var failures: [String] = []
    try source.enumerate(InputSelection(paths: [dir], include: [], exclude: ["sub/skip.txt"])) { item in
        seen.append(item.relativePath)
        for case .failure(let e) in source.load(item) { failures.append(e.message) }
        return true
    }
    // The link back to the root stays inside the input: it is not followed (no loop) and counted.
    #expect(seen == ["a.md", "b.txt", "sub/c.txt"])
    #expect(failures.isEmpty)
    #expect(source.takeNotes() == [SourceNote(reason: "symlinks inside the input not followed (their targets are read where they are)",
                                              count: 1, examples: [dir + "/sub/loop"])])
    seen = []
    try source.enumerate(InputSelection(paths: [dir], include: ["**/*.txt"])) { seen.append($0.relativePath); return true }
    #expect(seen == ["b.txt", "sub/c.txt", "sub/skip.txt"])
}

@Test func jsonLinesAreStreamedOneDocumentPerLine() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    try "{\"id\":\"a\",\"text\":\"x\"}\n\n{broken\n{\"text\":\"y\"}\n".write(toFile: dir + "/s.jsonl", atomically: true, encoding: .utf8)
    guard case .source(let source) = try makeStage("ingest.files") else { fatalError() }
    var results: [Result<Document, DocumentError>] = []
    try source.enumerate(InputSelection(paths: [dir + "/s.jsonl"])) { results += source.load($0); return true }
    #expect(results.count == 3)
    guard case .success(let a) = results[0], case .failure(let broken) = results[1], case .success(let c) = results[2] else {
        Issue.record("unexpected"); return
    }
    #expect(a.id == "a")
    #expect(broken.path == dir + "/s.jsonl:3")
    #expect(broken.message.hasPrefix("invalid JSON: expected a string key"))
    #expect(c.text == "y")
}
