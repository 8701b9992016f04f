import Foundation
import GalleyCore
import OutputCSV
import Testing

@Suite struct CSVOutputTests {
    func sink(_ dir: String, _ columns: [String]) throws -> OutputCSV {
        try OutputCSV(config: Fixtures.config("output.csv", ["path": .string(dir + "/out.csv"), "columns": .array(columns.map(Value.string))]))
    }

    @Test func columnsFollowPathsAndFieldsAreQuotedPerRFC4180() throws {
        let dir = Fixtures.temporaryFolder()
        let csv = try sink(dir, ["id", "title", "entities[label=PER].text", "entities[label=LOC].text", "quotes.speaker", "quantities.value", "source.path"])
        try csv.open(resume: false)
        try csv.write(Fixtures.summitArticle(title: "Kim, Putin and the \"deal\"\nin Moscow"))
        try csv.finish()
        let bytes = try String(contentsOfFile: dir + "/out.csv", encoding: .utf8)
        #expect(bytes == "id,title,entities[label=PER].text,entities[label=LOC].text,quotes.speaker,quantities.value,source.path\r\n"
                + "summit-1,\"Kim, Putin and the \"\"deal\"\"\nin Moscow\",Kim Jong-un; Vladimir Putin; Putin,Moscow,Vladimir Putin,12,summit.txt\r\n")
        let parsed = OutputCSV.parse(Array(bytes.utf8))
        #expect(parsed.count == 2)
        #expect(parsed[1][1] == "Kim, Putin and the \"deal\"\nin Moscow")
    }

    @Test func seedArticleRowThroughThePipeline() throws {
        let dir = Fixtures.temporaryFolder()
        try Fixtures.run(outputs: """
              - use: output.csv
                with: { path: \(dir)/seed.csv, columns: [id, title, published, author_bio, paragraphs.start] }
            """, inputs: [Fixtures.seed], in: dir)
        let rows = OutputCSV.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/seed.csv"))))
        #expect(rows.count == 2)
        #expect(rows[0] == ["id", "title", "published", "author_bio", "paragraphs.start"])
        #expect(rows[1][0...3] == [Fixtures.seedID, Fixtures.seedTitle, "2024-11-24T22:33:00", "A Hong Kong-based writer, teacher and speaker."])
        #expect(rows[1][4].split(separator: ";").count == 26)
        #expect(rows[1][4].hasPrefix("0; "))
    }

    @Test func aDocumentWrittenTwiceIsOneRow() throws {
        let dir = Fixtures.temporaryFolder()
        let csv = try sink(dir, ["id", "title"])
        try csv.open(resume: false)
        try csv.write(Fixtures.summitArticle())
        try csv.write(Fixtures.summitArticle())
        try csv.finish()
        #expect(try String(contentsOfFile: dir + "/out.csv", encoding: .utf8) == "id,title\r\nsummit-1,Kim meets Putin in Moscow\r\n")
    }

    @Test func resumeKeepsEarlierRowsAndKnowsTheirIDs() throws {
        let dir = Fixtures.temporaryFolder()
        let first = try sink(dir, ["id", "title"])
        try first.open(resume: false)
        try first.write(Fixtures.summitArticle(id: "a", title: "One, two"))
        try first.finish()
        let second = try sink(dir, ["id", "title"])
        #expect(try second.existingIDs() == ["a"])
        try second.open(resume: true)
        try second.write(Fixtures.summitArticle(id: "a", title: "One, two"))
        try second.write(Fixtures.summitArticle(id: "b", title: "Three"))
        try second.finish()
        #expect(try String(contentsOfFile: dir + "/out.csv", encoding: .utf8) == "id,title\r\na,\"One, two\"\r\nb,Three\r\n")
        let other = try sink(dir, ["id", "author"])
        #expect(throws: StageFailure.self) { try other.open(resume: true) }
    }

    @Test func malformedColumnPathsAreRejectedWithTheReason() throws {
        for (path, reason) in [("entities[label=PER.text", "'[' without ']'"), ("quotes..speaker", "empty name"),
                               ("entities[PER].text", "a filter is written [key=value]"), ("title.", "ends with '.'")] {
            do {
                _ = try ColumnPath(path)
                Issue.record("'\(path)' was accepted")
            } catch {
                #expect("\(error)".contains(reason), "\(path): \(error)")
            }
        }
        #expect(try ColumnPath("entities[label=PER].text").steps == [.init(key: "entities", filterKey: "label", filterValue: "PER"), .init(key: "text")])
    }
}
