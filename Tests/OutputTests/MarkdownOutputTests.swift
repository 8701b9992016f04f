import Foundation
import GalleyCore
import GalleyTesting
import OutputMarkdown
import Testing

@Suite struct MarkdownOutputTests {
    @Test func seedArticleBecomesOneFileWithFrontMatter() throws {
        let dir = TemporaryDirectory()
        try Fixtures.run(outputs: """
              - use: output.markdown
                with: { path: \(dir.path)/md }
            """, inputs: [Fixtures.seed], in: dir.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.at("md"))
        #expect(files == ["troops-to-russia-risk-and-opportunity-for-kim-jong-un-\(Fixtures.seedID).md"])
        let text = try String(contentsOfFile: dir.at("md/") + files[0], encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines[0...3]) == ["---", "id: \"\(Fixtures.seedID)\"", "source: \"\(Fixtures.seedPath)\"",
                                        "title: \"Troops to Russia -- risk and opportunity for Kim Jong-un\""])
        #expect(lines.contains("published: \"2024-11-24T22:33:00\""))
        #expect(lines.contains("author_bio: \"A Hong Kong-based writer, teacher and speaker.\""))
        let end = try #require(lines.dropFirst().firstIndex(of: "---"))
        #expect(lines[end + 1] == "")
        #expect(lines[end + 2] == "# Troops to Russia -- risk and opportunity for Kim Jong-un")
        #expect(lines[end + 4] == "The North Korean soldier lay on the ground in terror as a Ukrainian drone circled above him. Will it kill him, or simply photograph him?")
        #expect(text.hasSuffix("on which Kim must rely,” he said.\n"))
    }

    @Test func namesStayInsideTheFolderAndNeverCollide() throws {
        #expect(OutputMarkdown.fileName(title: "../../etc/passwd", id: "abc") == "etc-passwd-abc.md")
        #expect(OutputMarkdown.fileName(title: "Ça coûte 5 € — déjà!", id: "x1") == "ca-coute-5-deja-x1.md")
        #expect(OutputMarkdown.fileName(title: nil, id: "x1") == "untitled-x1.md")
        #expect(OutputMarkdown.fileName(title: "Same", id: "../evil/id") == "same-\(StableHash.hex(StableHash.fnv1a64(Array("../evil/id".utf8)))).md")
        #expect(OutputMarkdown.fileName(title: String(repeating: "word ", count: 40), id: "z").utf8.count <= 80 + 5)
        let dir = TemporaryDirectory()
        let md = try OutputMarkdown(config: Fixtures.config("output.markdown", ["path": .string(dir.at("md"))]))
        try md.open(resume: false)
        try md.write(Fixtures.summitArticle(id: "one", title: "../../Same title"))
        try md.write(Fixtures.summitArticle(id: "two", title: "../../Same title"))
        try md.write(Fixtures.summitArticle(id: "two", title: "../../Same title"))
        try md.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.at("md")).sorted() == ["same-title-one.md", "same-title-two.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["md"])
    }

    @Test func frontMatterListsPeoplePlacesAndSpeakers() throws {
        let text = OutputMarkdown.render(Fixtures.summitArticle())
        #expect(text.hasPrefix("""
            ---
            id: "summit-1"
            source: "summit.txt"
            title: "Kim meets Putin in Moscow"
            published: "2024-11-26T09:00:00"
            author: "A. Writer"
            people: ["Kim Jong-un","Vladimir Putin","Putin"]
            places: ["Moscow"]
            organisations: ["UN"]
            speakers: ["Vladimir Putin"]
            ---

            # Kim meets Putin in Moscow

            Kim Jong-un met Vladimir Putin
            """))
    }
}
