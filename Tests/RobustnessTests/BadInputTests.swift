import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The hostile folder of issue 5, built in a temporary directory, and what galley must make of it.
@Suite(.serialized)
struct BadInputTests {
    /// Builds the folder under `dir/in`; returns the expected failures (path relative to `dir` → one-line reason).
    static func makeBadFolder(_ dir: TemporaryDirectory) -> [String: String] {
        var bad: [String: String] = [:]
        dir.write("in/good.txt", seedArticle)
        // Not UTF-8, but every byte is defined in Windows-1252: decodes, with 0x93/0x94 as curly quotes.
        dir.write("in/latin1.txt", [UInt8]("Caf".utf8) + [0xE9] + [UInt8](" owner calls it ".utf8) + [0x93] + [UInt8]("na".utf8) + [0xEF, 0x76, 0x65, 0x94, 0x2E, 0x0A])
        // Not UTF-8, and 0x81 is one of the five bytes Windows-1252 leaves undefined.
        dir.write("in/undefined-1252.txt", [UInt8]("price ".utf8) + [0x81] + [UInt8](" list\n".utf8))
        // Windows-1252's five undefined bytes decode as the C1 controls, as browsers do: a document, not a failure.
        dir.write("in/empty.txt", [UInt8]())
        bad["in/empty.txt"] = "empty file"
        dir.write("in/binary.txt", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00] + [UInt8]("zipped".utf8))
        bad["in/binary.txt"] = "binary file (NUL byte at offset 4)"
        dir.write("in/big.txt", [UInt8](repeating: 0x61, count: 30 * 1024 * 1024))
        bad["in/big.txt"] = "file is 31457280 bytes, over the limit of 20000000 (max_bytes)"
        dir.write("in/zero.json", [UInt8]())
        bad["in/zero.json"] = "empty file"
        dir.write("in/malformed.json", #"{"title": "cut short", "text": "#)
        bad["in/malformed.json"] = "invalid JSON: unexpected end of JSON at byte 31"
        dir.write("in/lines.jsonl", """
            {"id": "j1", "text": "The first line is an article."}
            {"id": "j2", "text": "cut
              \t
            {"id": "j4", "title": "no text"}
            ["not", "an", "object"]
            {"id": "j6", "text": "The sixth line is an article."}

            """)
        bad["in/lines.jsonl:2"] = "invalid JSON: unterminated string at byte 25"
        bad["in/lines.jsonl:4"] = "JSON object has no 'text' (or 'html')"
        bad["in/lines.jsonl:5"] = "expected a JSON object, found list"
        try! FileManager.default.createDirectory(atPath: dir.at("in/loop"), withIntermediateDirectories: true)
        // A link inside the input is not followed (what it points to is read where it is): no loop, no failure.
        symlink("..", dir.at("in/loop/up"))
        symlink("/nonexistent/galley-test", dir.at("in/dangling.txt"))
        bad["in/dangling.txt"] = "symlink to '/nonexistent/galley-test' leads nowhere: No such file or directory"
        symlink("/etc/passwd", dir.at("in/passwd.txt"))
        bad["in/passwd.txt"] = "symlink to '/etc/passwd' leads outside the input; not followed (follow_symlinks: true reads it)"
        mkfifo(dir.at("in/pipe.txt"), 0o644)
        bad["in/pipe.txt"] = "not a regular file (a named pipe)"
        // chmod 000 does not stop root: as root (CI) galley reads this folder as `nobody` (see the test below).
        dir.write("in/secret.txt", "You may not read this.\n")
        chmod(dir.at("in/secret.txt"), 0)
        bad["in/secret.txt"] = "cannot read: Permission denied"
        for i in 0..<10_000 { dir.write("in/many/t\(String(format: "%05d", i)).txt", "Tiny article number \(i).\n") }
        let deep = (1...40).map { "d\($0)" }.joined(separator: "/")
        dir.write("in/deep/\(deep)/deep.txt", "An article forty folders down.\n")
        // Neither read nor reported: hidden files and files of unknown formats.
        dir.write("in/.hidden.txt", "A hidden article.\n")
        dir.write("in/notes.csv", "a,b\n")
        return bad
    }

    static let pipeline = """
        pipeline: hostile
        deadletter: out/failed.jsonl
        stages:
          - use: ingest.files
          - id: write
            use: output.jsonl
            with: { path: out/docs.jsonl }

        """

    /// As root (CI), galley runs as `nobody`, so that the unreadable file is unreadable to it.
    @Test(.enabled(if: canRunUnprivileged, "running as root without 'nobody' and setpriv: chmod 000 cannot stop root"))
    func badFolderWritesEveryGoodDocumentAndDeadLettersExactlyTheBadOnes() throws {
        let dir = TemporaryDirectory()
        let bad = Self.makeBadFolder(dir)
        dir.write("p.yaml", Self.pipeline)
        dir.handToUnprivilegedUser()
        let run = GalleyProcess.run(["run", "p.yaml", "in", "--on-error", "deadletter"], in: dir.path, unprivileged: true)
        #expect(run.status == 3, "stderr: \(run.stderr.suffix(2000))")

        let docs = jsonLines(dir.at("out/docs.jsonl"))
        let paths = Set(docs.compactMap { $0["source"]?["path"]?.stringValue })
        #expect(docs.count == 10_006)
        #expect(paths.count == 10_006)
        #expect(paths.contains("in/good.txt"))
        #expect(paths.contains("in/undefined-1252.txt"))
        #expect(paths.contains("in/latin1.txt"))
        #expect(paths.contains("in/lines.jsonl:1"))
        #expect(paths.contains("in/lines.jsonl:6"))
        #expect(paths.contains("in/many/t00000.txt") && paths.contains("in/many/t09999.txt"))
        #expect(paths.contains("in/deep/" + (1...40).map { "d\($0)" }.joined(separator: "/") + "/deep.txt"))
        #expect(paths.filter { $0.hasPrefix("in/many/") }.count == 10_000)
        #expect(!paths.contains { $0.contains("hidden") || $0.hasSuffix(".csv") })

        let latin1 = try #require(docs.first { $0["source"]?["path"]?.stringValue == "in/latin1.txt" })
        #expect(latin1["source"]?["encoding"]?.stringValue == "windows-1252")
        #expect(latin1["text"]?.stringValue == "Café owner calls it “naïve”.\n")
        #expect(docs.first { $0["source"]?["path"]?.stringValue == "in/lines.jsonl:1" }?["id"]?.stringValue == "j1")

        let dead = jsonLines(dir.at("out/failed.jsonl"))
        var deadReasons: [String: String] = [:]
        for record in dead {
            let path = try #require(record["path"]?.stringValue)
            #expect(deadReasons[path] == nil, "\(path) is in the dead letter twice")
            deadReasons[path] = record["error"]?.stringValue
            #expect(record["stage"]?.stringValue == "ingest.files")
        }
        #expect(deadReasons == bad)

        // Every bad input is also reported on stderr with its path and reason, one line each.
        let lines = Set(run.stderr.split(separator: "\n").map(String.init))
        for (path, reason) in bad { #expect(lines.contains("failed: \(path): ingest.files: \(reason)")) }
        #expect(run.stderr.contains("10006 ok, \(bad.count) failed"))
    }

    @Test func skipPolicyReportsTheSameFailuresAndWritesNoDeadLetter() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "First article.\n")
        dir.write("in/b.txt", [UInt8]())
        dir.write("in/c.txt", [0x00, 0x01])
        dir.write("in/d.txt", "Fourth article.\n")
        dir.write("p.yaml", Self.pipeline)
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(run.status == 3)
        #expect(jsonLines(dir.at("out/docs.jsonl")).compactMap { $0["source"]?["path"]?.stringValue } == ["in/a.txt", "in/d.txt"])
        #expect(dir.bytes("out/failed.jsonl") == nil)
        #expect(run.stderr.contains("failed: in/b.txt: ingest.files: empty file\n"))
        #expect(run.stderr.contains("failed: in/c.txt: ingest.files: binary file (NUL byte at offset 0)\n"))
        #expect(run.stderr.contains("2 ok, 2 failed"))
        #expect(run.stderr.contains("failures by stage and reason:"))
        #expect(run.stderr.contains("  ingest.files: empty file (1): in/b.txt"))
    }

    @Test func failPolicyStopsAtTheFirstFailureWithConsistentOutput() throws {
        let dir = TemporaryDirectory()
        for i in 0..<200 { dir.write("in/a\(String(format: "%03d", i)).txt", "Article \(i).\n") }
        dir.write("in/a050.txt", [UInt8]())
        dir.write("p.yaml", Self.pipeline)
        let run = GalleyProcess.run(["run", "p.yaml", "in", "--on-error", "fail"], in: dir.path)
        #expect(run.status == 3)
        let written = jsonLines(dir.at("out/docs.jsonl")).compactMap { $0["source"]?["path"]?.stringValue }
        #expect(written == (0..<50).map { "in/a\(String(format: "%03d", $0)).txt" })
        #expect(run.stderr.contains("50 ok, 1 failed"))
        #expect(run.stderr.contains("stopped at the first failure"))
        #expect(run.stderr.contains("failed: in/a050.txt: ingest.files: empty file\n"))
    }

    @Test func includeExcludeAndHiddenSelectTheFilesRead() throws {
        let dir = TemporaryDirectory()
        dir.write("in/keep/a.txt", "A.\n")
        dir.write("in/keep/b.md", "B.\n")
        dir.write("in/skip/c.txt", "C.\n")
        dir.write("in/keep/.d.txt", "D.\n")
        dir.write("in/.e/e.txt", "E.\n")
        dir.write("p.yaml", """
            pipeline: select
            input: { path: in, include: ["**/*.txt"], exclude: ["skip/**"] }
            stages:
              - use: ingest.files
              - use: output.jsonl
                with: { path: out/docs.jsonl }

            """)
        let run = GalleyProcess.run(["run", "p.yaml"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(jsonLines(dir.at("out/docs.jsonl")).compactMap { $0["source"]?["path"]?.stringValue }.map { ($0 as NSString).lastPathComponent } == ["a.txt"])
        let hidden = GalleyProcess.run(["run", "p.yaml", "--set", "ingest.files.hidden=true"], in: dir.path)
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(jsonLines(dir.at("out/docs.jsonl")).compactMap { $0["source"]?["path"]?.stringValue }.map { ($0 as NSString).lastPathComponent } == ["e.txt", ".d.txt", "a.txt"])
    }
}
