import Foundation
import GalleyCore
import GalleyTesting
import Testing

@Suite struct SearchCommandTests {
    /// The test's folder (each test has an instance of its own).
    let dir = TemporaryDirectory()

    /// A database with the seed article and two small ones, written by the real pipeline.
    func database() throws -> String {
        dir.write(["a.txt": "Kyiv talks\n\nZelenskyy met the mayor of Kyiv. Zelenskyy said the talks went well.\n",
                   "b.txt": "Harbour news\n\nThe harbour reopened on Monday after repairs.\n"])
        try Fixtures.run(outputs: """
              - use: output.sqlite
                with: { path: \(dir.path)/news.sqlite }
            """, inputs: [Fixtures.seed, dir.at("a.txt"), dir.at("b.txt")], in: dir.path)
        return dir.at("news.sqlite")
    }

    @Test func searchPrintsRankedTitlesDatesPathsAndSnippets() throws {
        let db = try database()
        let r = GalleyProcess.run(["search", db, "Zelenskyy"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "1. Kyiv talks")
        #expect(lines[1] == "   no date · \(db.dropLast("news.sqlite".count))a.txt")
        #expect(lines[2] == "   **Zelenskyy** met the mayor of Kyiv. **Zelenskyy** said the talks went well.")
        #expect(lines[4] == "2. \(Fixtures.seedTitle)")
        #expect(lines[5] == "   2024-11-24T22:33:00 · \(Fixtures.seedPath)")
        #expect(lines[6].contains("Volodymyr **Zelenskyy** to hold any Russian land"))
        #expect(lines.count == 8)
    }

    @Test func searchAsJSONWithALimit() throws {
        let db = try database()
        let r = GalleyProcess.run(["search", db, "Zelenskyy", "--limit", "1", "--json"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let hit = try JSONParser.parse(String(lines[0]))
        #expect(hit["title"]?.stringValue == "Kyiv talks")
        #expect(hit["path"]?.stringValue == db.dropLast("news.sqlite".count) + "a.txt")
        #expect(hit["published"] == .null)
        #expect(hit["score"]?.doubleValue.map { $0 < 0 } == true)
    }

    @Test func wordsThatAreNotFTSSyntaxStillSearch() throws {
        let db = try database()
        let r = GalleyProcess.run(["search", db, "Kim Jong-un", "--json"])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 1)
        #expect(r.stdout.contains("\"id\":\"\(Fixtures.seedID)\""))
        let none = GalleyProcess.run(["search", db, "penguin"])
        #expect(none.status == 0 && none.stdout == "" && none.stderr == "no matches for 'penguin' in \(db)\n")
        let missing = GalleyProcess.run(["search", db + ".nope", "x"])
        #expect(missing.status == 1 && missing.stderr == "error: no database at '\(db).nope'\n")
    }
}
