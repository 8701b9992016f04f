import Foundation
import GalleyCore
import GalleyTesting
import GRDB
import OutputCSV
import Testing

/// Two documents with one id: JSONL and CSV kept the first, SQLite the second, and the summary said "2 ok". Now the
/// first is kept in every output, and the summary names the duplicate.
@Suite struct DuplicateIDTests {
    @Test func theFirstDocumentWithAnIdIsKeptInEveryOutputAndTheDuplicateIsReported() throws {
        let dir = TemporaryDirectory()
        let input = dir.at("in/a.jsonl")
        dir.write(["in/a.jsonl": "{\"id\":\"same\",\"text\":\"First copy.\"}\n{\"id\":\"other\",\"text\":\"Other.\"}\n{\"id\":\"same\",\"text\":\"Second copy.\"}\n"])
        let summary = try Fixtures.run(outputs: """
              - id: write
                use: output.jsonl
                with: { path: \(dir.path)/out/a.jsonl }
              - id: csv
                use: output.csv
                with: { path: \(dir.path)/out/a.csv, columns: [id, text] }
              - id: db
                use: output.sqlite
                with: { path: \(dir.path)/out/a.sqlite }
            """, inputs: [dir.at("in")], in: dir.path)
        #expect(summary.ok == 2)
        #expect(summary.duplicates.map { "\($0.path) \($0.id)" } == ["\(input):3 same"])
        #expect(summary.outputs.map(\.documents) == [2, 2, 2])
        let rendered = summary.rendered().split(separator: "\n").map(String.init)
        #expect(rendered[0].hasPrefix("2 ok, 0 failed, 1 duplicate in "))
        #expect(rendered.contains("duplicate ids (the first document with an id is kept, later ones are not written):"))
        #expect(rendered.contains("  \(input):3: id 'same'"))

        let jsonl = try String(contentsOfFile: dir.at("out/a.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(jsonl.map { try! JSONParser.parse(String($0))["text"]!.stringValue! } == ["First copy.", "Other."])
        let csv = OutputCSV.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir.at("out/a.csv")))))
        #expect(csv == [["id", "text"], ["same", "First copy."], ["other", "Other."]])
        let texts = try DatabaseQueue(path: dir.at("out/a.sqlite")).read { db in try String.fetchAll(db, sql: "SELECT text FROM documents ORDER BY rowid") }
        #expect(texts == ["First copy.", "Other."])
    }
}
