import Foundation
import GalleyCore
import GalleyRows
import GalleyTesting
import GRDB
@testable import OutputSQLite
import OrderedCollections
import Testing

/// `output.sqlite` flattens documents with its own single-pass encoder; it must give the same rows as the shared
/// `DocumentRows` (which PostgreSQL uses) and the same JSON as the JSONL export.
@Suite struct SQLiteEncodingTests {
    /// Documents that exercise the corners of the export: key collisions, `start`/`end` among the attributes,
    /// annotations without `text`, keywords as a field, numbers of every sort, escapes.
    static func oddDocuments() -> [Document] {
        var docs = [Fixtures.summitArticle()]
        let text = "Ünïcode “quotes” and a tab\there.\n\nSecond \u{1}paragraph with 😀 emoji: 3.5% of $12bn."
        var d = Document(id: "odd \"one\"\n", source: DocumentSource(path: "dir/odd.json", format: "json", bytes: 12345678901, encoding: "utf-8"), text: text)
        d.fields["title"] = ""
        d.fields["published"] = .int(2024)
        d.fields["language"] = .null
        d.fields["stats"] = ["words": 17, "ratio": 0.25, "neg": -42, "big": .int(Int.max), "small": .int(Int.min), "huge": 1e300,
                             "nested": [1, 2.5, "x", nil, true, ["k": "v"]]]
        d.fields["id"] = "a field called id"
        d.fields["quotes"] = "a field that hides the quotes annotations"
        d.fields["keywords"] = ["trade", ["term": "emoji", "weight": 0.5], ["keyword": "tab"], 7]
        d.annotations = [
            Annotation(kind: "sentences", start: 0, end: 33, attributes: [:]),
            Annotation(kind: "quotes", start: 8, end: 16, attributes: ["speaker": "nobody", "kind": "direct"]),
            Annotation(kind: "quantities", start: 72, end: 76, attributes: ["end": 0, "kind": "percent", "value": 3.5, "start": 99]),
            Annotation(kind: "dates", start: 35, end: 41, attributes: ["value": ["y": 2024], "grain": "year"]),
            Annotation(kind: "entities", start: 0, end: 7, attributes: ["label": "MISC", "link": .null]),
            Annotation(kind: "custom", start: 1, end: 2, attributes: ["x": -1]),
            Annotation(kind: "sentences", start: 35, end: 80, attributes: [:]),
        ]
        docs.append(d)
        var empty = Document(id: "", source: DocumentSource(path: "", format: "", bytes: 0, encoding: ""), text: "")
        empty.fields["title"] = .string("")
        docs.append(empty)
        return docs
    }

    @Test func encodedRowsAreTheSharedRowsAndTheJSONIsTheExport() throws {
        for doc in Self.oddDocuments() + [try Fixtures.seedDocument()] {
            let encoded = EncodedDocument(doc)
            #expect(Array(encoded.json) == DocumentJSON.line(doc), "\(doc.id)")
            #expect(encoded.rowsMatch(DocumentRows(doc)), "\(doc.id)")
        }
        // The quote hidden by a field of the same name still gets its row; its attributes all have columns.
        let odd = EncodedDocument(Self.oddDocuments()[1])
        let quotes = try #require(AnnotationTable.all.firstIndex { $0.name == "quotes" })
        #expect(odd.rowCount(quotes) == 1)
        #expect(odd.cells[quotes].map(odd.sqlValue) == [.text("odd \"one\"\n"), .integer(0), .integer(8), .integer(16),
                                                          .text("“quotes”"), .text("nobody"), .null, .text("direct"), .null])
        let keywords = try #require(AnnotationTable.all.firstIndex { $0.name == "keywords" })
        #expect(odd.rowCount(keywords) == 4)
    }

    @Test func oddDocumentsRoundTripThroughTheDatabase() throws {
        let dir = TemporaryDirectory()
        let path = dir.at("odd.sqlite")
        let docs = Self.oddDocuments()
        for _ in 0..<2 {
            let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path), "batch": 2]))
            try sink.open(resume: false)
            for d in docs { try sink.write(d) }
            try sink.finish()
        }
        let db = try DatabaseQueue(path: path)
        try db.read { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") == docs.count)
            for d in docs {
                let rows = DocumentRows(d)
                let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE id = ?", arguments: [d.id]))
                for (i, column) in DocumentRows.documentColumns.enumerated() {
                    let stored: DatabaseValue = row[column]
                    switch rows.document[i] {
                    case .null: #expect(stored.isNull, "\(d.id).\(column)")
                    case .text(let s): #expect(String.fromDatabaseValue(stored) == s, "\(d.id).\(column)")
                    default: Issue.record("unexpected value in \(column)")
                    }
                }
                for table in AnnotationTable.all {
                    let stored = try Row.fetchAll(db, sql: "SELECT * FROM \(table.name) WHERE doc_id = ? ORDER BY seq", arguments: [d.id])
                    let expected = rows.children[table.name] ?? []
                    #expect(stored.count == expected.count, "\(d.id) \(table.name)")
                    for (row, values) in zip(stored, expected) {
                        for ((name, _), value) in zip(table.allColumns, values) {
                            let v: DatabaseValue = row[name]
                            switch value {
                            case .null: #expect(v.isNull, "\(table.name).\(name)")
                            case .integer(let i): #expect(Int.fromDatabaseValue(v) == i, "\(table.name).\(name)")
                            case .real(let x): #expect(Double.fromDatabaseValue(v) == x, "\(table.name).\(name)")
                            case .text(let s): #expect(String.fromDatabaseValue(v) == s, "\(table.name).\(name)")
                            }
                        }
                    }
                }
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'emoji'") == 1)
        }
        try db.write { (db: Database) throws in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func aNewDocumentTwiceInOneBatchKeepsTheSecondCopyOnly() throws {
        let dir = TemporaryDirectory()
        let path = dir.at("twice.sqlite")
        var second = Fixtures.summitArticle(title: "Second copy")
        second.annotations = second.annotations.filter { $0.kind == "entities" && $0.attributes["label"] == "ORG" }
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path)]))
        try sink.open(resume: false)
        try sink.write(Fixtures.summitArticle(id: "other"))
        try sink.write(Fixtures.summitArticle())
        try sink.write(second)
        try sink.finish()
        let db = try DatabaseQueue(path: path)
        try db.read { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT title FROM documents ORDER BY rowid") == ["Kim meets Putin in Moscow", "Second copy"])
            #expect(try String.fetchAll(db, sql: "SELECT text FROM entities WHERE doc_id = 'summit-1'") == ["UN"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM entities WHERE doc_id = 'other'") == 5)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM quotes") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'title:Second'") == 1)
            // A new database gets 32 KB pages.
            #expect(try Int.fetchOne(db, sql: "PRAGMA page_size") == 32768)
        }
        try db.write { (db: Database) throws in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func batchesStayWholeWhenDocumentsAreHandedOverInChunks() throws {
        // 100 per batch while the flattening thread gets documents 64 at a time: an abort after 250 documents keeps
        // the two whole batches handed over, finishing keeps all, and every batch is one transaction.
        let dir = TemporaryDirectory()
        for finish in [false, true] {
            let path = dir.at("chunks-\(finish).sqlite")
            let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path), "batch": 100]))
            try sink.open(resume: false)
            for i in 0..<250 { try sink.write(Fixtures.summitArticle(id: String(format: "d%03d", i))) }
            if finish { try sink.finish() } else { sink.abort() }
            let ids = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT id FROM documents ORDER BY rowid") }
            #expect(ids == (0..<(finish ? 250 : 200)).map { String(format: "d%03d", $0) })
        }
    }
}
