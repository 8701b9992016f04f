import Foundation
import GalleyCore
import GalleyTesting
import OrderedCollections
import OutputCSV
import Testing

@Suite struct CSVOutputTests {
    func sink(_ dir: TemporaryDirectory, _ columns: [String]) throws -> OutputCSV {
        try OutputCSV(config: Fixtures.config("output.csv", ["path": .string(dir.at("out.csv")), "columns": .array(columns.map(Value.string))]))
    }

    @Test func columnsFollowPathsAndFieldsAreQuotedPerRFC4180() throws {
        let dir = TemporaryDirectory()
        let csv = try sink(dir, ["id", "title", "entities[label=PER].text", "entities[label=LOC].text", "quotes.speaker", "quantities.value", "source.path"])
        try csv.open(resume: false)
        try csv.write(Fixtures.summitArticle(title: "Kim, Putin and the \"deal\"\nin Moscow"))
        try csv.finish()
        let bytes = try String(contentsOfFile: dir.at("out.csv"), encoding: .utf8)
        #expect(bytes == "id,title,entities[label=PER].text,entities[label=LOC].text,quotes.speaker,quantities.value,source.path\r\n"
                + "summit-1,\"Kim, Putin and the \"\"deal\"\"\nin Moscow\",Kim Jong-un; Vladimir Putin; Putin,Moscow,Vladimir Putin,12,summit.txt\r\n")
        let parsed = OutputCSV.parse(Array(bytes.utf8))
        #expect(parsed.count == 2)
        #expect(parsed[1][1] == "Kim, Putin and the \"deal\"\nin Moscow")
    }

    @Test func seedArticleRowThroughThePipeline() throws {
        let dir = TemporaryDirectory()
        try Fixtures.run(outputs: """
              - use: output.csv
                with: { path: \(dir.path)/seed.csv, columns: [id, title, published, author_bio, paragraphs.start] }
            """, inputs: [Fixtures.seed], in: dir.path)
        let rows = OutputCSV.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir.at("seed.csv")))))
        #expect(rows.count == 2)
        #expect(rows[0] == ["id", "title", "published", "author_bio", "paragraphs.start"])
        #expect(rows[1][0...3] == [Fixtures.seedID, Fixtures.seedTitle, "2024-11-24T22:33:00", "A Hong Kong-based writer, teacher and speaker."])
        #expect(rows[1][4].split(separator: ";").count == 26)
        #expect(rows[1][4].hasPrefix("0; "))
    }

    @Test func aDocumentWrittenTwiceIsOneRow() throws {
        let dir = TemporaryDirectory()
        let csv = try sink(dir, ["id", "title"])
        try csv.open(resume: false)
        try csv.write(Fixtures.summitArticle())
        try csv.write(Fixtures.summitArticle())
        try csv.finish()
        #expect(try String(contentsOfFile: dir.at("out.csv"), encoding: .utf8) == "id,title\r\nsummit-1,Kim meets Putin in Moscow\r\n")
    }

    @Test func resumeKeepsEarlierRowsAndKnowsTheirIDs() throws {
        let dir = TemporaryDirectory()
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
        #expect(try String(contentsOfFile: dir.at("out.csv"), encoding: .utf8) == "id,title\r\na,\"One, two\"\r\nb,Three\r\n")
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

/// CSV formula injection: cells starting with `=`, `+`, `-`, `@`, tab or CR were written raw, so a spreadsheet ran
/// them. They are neutralised by default with a leading `'` (OWASP); `escape_formulas: false` writes them raw.
@Suite struct CSVFormulaTests {
    func write(_ titles: [String], escape: Bool?, resumeWith more: [String] = []) throws -> String {
        let dir = TemporaryDirectory()
        var params: OrderedDictionary<String, Value> = ["path": .string(dir.at("out.csv")), "columns": ["id", "title"]]
        if let escape { params["escape_formulas"] = .bool(escape) }
        let csv = try OutputCSV(config: Fixtures.config("output.csv", params))
        try csv.open(resume: false)
        for (i, t) in titles.enumerated() { try csv.write(Fixtures.summitArticle(id: i == 0 ? "=id" : "d\(i)", title: t)) }
        try csv.finish()
        if !more.isEmpty {
            #expect(try csv.existingIDs().contains("=id"))
            try csv.open(resume: true)
            for t in more { try csv.write(Fixtures.summitArticle(id: "=id", title: t)) }
            try csv.finish()
        }
        return try String(contentsOfFile: dir.at("out.csv"), encoding: .utf8)
    }

    static let hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "Plain", "a=b"]

    @Test func formulaCellsAreNeutralisedByDefault() throws {
        #expect(try write(Self.hostile, escape: nil) == "id,title\r\n"
                + "'=id,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n" + "d1,'+1+1\r\n" + "d2,'-2+3\r\n" + "d3,'@SUM(A1)\r\n"
                + "d4,'\tTab\r\n" + "d5,\"'\rCR\"\r\n" + "d6,Plain\r\n" + "d7,a=b\r\n")
    }

    @Test func escapeFormulasFalseWritesCellsRaw() throws {
        #expect(try write(["=1+1", "-5"], escape: false) == "id,title\r\n=id,=1+1\r\nd1,-5\r\n")
    }

    /// Resuming reads a neutralised id back as the id it stands for: the document is not written twice.
    @Test func resumeReadsNeutralisedIdsBack() throws {
        #expect(try write(["=1+1"], escape: nil, resumeWith: ["again"]) == "id,title\r\n'=id,'=1+1\r\n")
    }
}
