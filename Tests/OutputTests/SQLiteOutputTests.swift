import Foundation
import GalleyCore
import GalleyTesting
import GRDB
import OutputSQLite
import Testing

@Suite struct SQLiteOutputTests {
    static let stage = """
          - id: sqlite
            use: output.sqlite
            with: { path: out/news.sqlite }
        """

    @Test func seedArticleIsStoredAndFoundByFullTextSearch() throws {
        let dir = TemporaryDirectory()
        let summary = try Fixtures.run(outputs: Self.stage.replacingOccurrences(of: "out/", with: dir.at("out/")), inputs: [Fixtures.seed], in: dir.path)
        #expect(summary.ok == 1)
        let db = try DatabaseQueue(path: dir.at("out/news.sqlite"))
        try db.read { (db: Database) throws in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT id, path, title, published, text, json FROM documents"))
            #expect(row["id"] as String == Fixtures.seedID)
            #expect(Fixtures.seedID.utf8.count == 16)
            #expect(row["title"] as String == Fixtures.seedTitle)
            #expect(row["published"] as String == "2024-11-24T22:33:00")
            #expect((row["text"] as String).hasPrefix("The North Korean soldier lay on the ground in terror"))
            let json = try JSONParser.parse(row["json"] as String)
            #expect(json["title"]?.stringValue == Fixtures.seedTitle)
            #expect(json["paragraphs"]?.arrayValue?.count == 26)
            let titles = try String.fetchAll(db, sql: "SELECT title FROM documents WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Zelenskyy')")
            #expect(titles == [Fixtures.seedTitle])
            #expect(try String.fetchAll(db, sql: "SELECT title FROM documents WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Zelenskyy AND penguin')") == [])
        }
        let hits = try SQLiteSearch.search(databaseAt: dir.at("out/news.sqlite"), query: "Zelenskyy", limit: 5)
        #expect(hits.count == 1)
        #expect(hits.first?.title == Fixtures.seedTitle)
        #expect(hits.first?.path == Fixtures.seedPath)
        #expect(hits.first?.path.hasSuffix("seeds/000_f33259cb4be8492d.txt") == true)
        #expect(hits.first?.snippet.contains("**Zelenskyy**") == true)
    }

    /// With JSON lines and SQLite in one pipeline the export is made once for both: each holds the same bytes, and a
    /// JSONL output with `trace` still writes its own (longer) line.
    @Test func jsonLinesAndSQLiteShareOneExport() throws {
        let dir = TemporaryDirectory()
        let outputs = """
              - id: lines
                use: output.jsonl
                with: { path: \(dir.at("out/news.jsonl")) }
              - id: traced
                use: output.jsonl
                with: { path: \(dir.at("out/traced.jsonl")), trace: true }
            """ + "\n" + Self.stage.replacingOccurrences(of: "out/", with: dir.at("out/"))
        dir.write(["a.txt": "First headline\n\nThe mayor of Springfield opened the bridge on Monday.\n"])
        let summary = try Fixtures.run(outputs: outputs, inputs: [Fixtures.seed, dir.at("a.txt")], in: dir.path)
        #expect(summary.ok == 2)
        let lines = try String(contentsOfFile: dir.at("out/news.jsonl"), encoding: .utf8)
        let db = try DatabaseQueue(path: dir.at("out/news.sqlite"))
        let stored = try db.read { db in try String.fetchAll(db, sql: "SELECT json FROM documents ORDER BY rowid") }
        #expect(stored.count == 2)
        #expect(stored.map { $0 + "\n" }.joined() == lines)
        let traced = try String(contentsOfFile: dir.at("out/traced.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(traced.count == 2)
        #expect(traced.allSatisfy { $0.contains("\"trace\":[") })
        #expect(!lines.contains("\"trace\":["))
    }

    @Test func runningTwiceLeavesOneRowPerDocument() throws {
        let dir = TemporaryDirectory()
        let stage = Self.stage.replacingOccurrences(of: "out/", with: dir.at("out/"))
        dir.write(["a.txt": "First headline\n\nThe mayor of Springfield opened the bridge on Monday.\n",
                   "b.txt": "Second headline\n\nFloods closed the bridge at Shelbyville on Friday.\n"])
        let inputs = [Fixtures.seed, dir.at("a.txt"), dir.at("b.txt")]
        try Fixtures.run(outputs: stage, inputs: inputs, in: dir.path)
        try Fixtures.run(outputs: stage, inputs: inputs, in: dir.path)
        let db = try DatabaseQueue(path: dir.at("out/news.sqlite"))
        try db.read { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT count(DISTINCT id) FROM documents") == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'bridge'") == 2)
            #expect(try String.fetchAll(db, sql: "SELECT title FROM documents ORDER BY title") == ["First headline", "Second headline", Fixtures.seedTitle])
        }
    }

    @Test func annotationRowsAreReplacedWhenADocumentIsWrittenAgain() throws {
        let dir = TemporaryDirectory()
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(dir.at("a.sqlite"))]))
        try sink.open(resume: false)
        try sink.write(Fixtures.summitArticle())
        try sink.finish()
        let db = try DatabaseQueue(path: dir.at("a.sqlite"))
        try db.read { (db: Database) throws in
            let rows = try Row.fetchAll(db, sql: "SELECT seq, start, end, text, label, canonical FROM entities WHERE doc_id = 'summit-1' ORDER BY seq")
            #expect(rows.map { $0["text"] as String } == ["Kim Jong-un", "Vladimir Putin", "Moscow", "Putin", "UN"])
            #expect(rows.map { $0["label"] as String } == ["PER", "PER", "LOC", "PER", "ORG"])
            #expect(rows[0]["start"] as Int == 0 && rows[0]["end"] as Int == 11)
            #expect(rows[3]["canonical"] as String? == "Vladimir Putin")
            let quote = try #require(try Row.fetchOne(db, sql: "SELECT text, speaker, kind, attributes FROM quotes"))
            #expect(quote["text"] as String == "“We are ready to help,”")
            #expect(quote["speaker"] as String == "Vladimir Putin")
            #expect(quote["kind"] as String == "direct")
            // Every attribute of the quote has a column, so `attributes` (the others) is NULL.
            #expect((quote["attributes"] as String?) == nil)
            #expect(try Double.fetchOne(db, sql: "SELECT value FROM quantities WHERE kind = 'percent'") == 12)
            #expect(try String.fetchOne(db, sql: "SELECT grain FROM dates") == "year")
        }

        // The same id again, with one entity and a new title: one document, its old rows gone, the index updated.
        var changed = Fixtures.summitArticle(title: "Talks end in Moscow")
        changed.annotations = changed.annotations.filter { $0.kind == "entities" && $0.attributes["label"] == "LOC" }
        let again = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(dir.at("a.sqlite"))]))
        try again.open(resume: false)
        try again.write(changed)
        try again.write(changed)
        try again.finish()
        try db.read { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") == 1)
            #expect(try String.fetchAll(db, sql: "SELECT text FROM entities") == ["Moscow"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM quotes") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'title:Kim'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'title:Talks'") == 1)
        }
        // The index matches the table (FTS5 checks every external-content row), also after a delete by hand.
        try db.write { (db: Database) throws in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
            try db.execute(sql: "DELETE FROM documents WHERE id = 'summit-1'")
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Moscow'") == 0)
        }
    }

    @Test func anUnchangedDocumentIsLeftAloneAndALaterChangedCopyStillReplacesIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.at("u.sqlite")
        func run(_ docs: [Document]) throws {
            let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path)]))
            try sink.open(resume: false)
            for d in docs { try sink.write(d) }
            try sink.finish()
        }
        try run([Fixtures.summitArticle(), Fixtures.summitArticle(id: "other")])
        let db = try DatabaseQueue(path: path)
        // A trigger of the test's own records every write to a document row.
        try db.write { (db: Database) throws in
            try db.execute(sql: """
                CREATE TABLE written(id TEXT);
                CREATE TRIGGER log_update AFTER UPDATE ON documents BEGIN INSERT INTO written VALUES (new.id); END;
                CREATE TRIGGER log_delete AFTER DELETE ON entities BEGIN INSERT INTO written VALUES (old.doc_id); END;
                """)
        }
        // The same documents again: nothing is written.
        try run([Fixtures.summitArticle(), Fixtures.summitArticle(id: "other")])
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM written") } == 0)
        // The same document, then a changed copy of it in the same batch: the last copy wins, as before.
        try run([Fixtures.summitArticle(), Fixtures.summitArticle(title: "Talks end in Moscow")])
        try db.write { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT DISTINCT id FROM written") == ["summit-1"])
            #expect(try String.fetchOne(db, sql: "SELECT title FROM documents WHERE id = 'summit-1'") == "Talks end in Moscow")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM entities WHERE doc_id = 'summit-1'") == 5)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'title:Talks'") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'title:meets'") == 1)
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func schemaVersionIsRecordedAndANewerOneIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = dir.at("v.sqlite")
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path)]))
        try sink.open(resume: false)
        try sink.finish()
        let db = try DatabaseQueue(path: path)
        try db.write { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 3)
            #expect(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'") == "3")
            try db.execute(sql: "PRAGMA user_version = 7")
        }
        try db.close()
        let newer = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path)]))
        #expect(throws: StageFailure.self) { try newer.open(resume: false) }
        do { try newer.open(resume: false) } catch {
            #expect("\(error)".contains("schema version 7; this galley writes version 3"))
        }
    }

    @Test func aVersionOneDatabaseIsMigrated() throws {
        // Version 1 keyed annotation rows by (doc_id, seq); version 2 adds `doc` (the document's rowid) as the key.
        let dir = TemporaryDirectory()
        let path = dir.at("v1.sqlite")
        let old = try DatabaseQueue(path: path)
        try old.write { (db: Database) throws in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta VALUES ('schema_version', '1'), ('generator', 'galley');
                CREATE TABLE documents(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT, title TEXT, published TEXT,
                  author TEXT, language TEXT, text TEXT NOT NULL, json TEXT NOT NULL);
                CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid',
                  tokenize='unicode61 remove_diacritics 2');
                INSERT INTO documents(rowid, id, title, text, json) VALUES (7, 'kept', 'Ferry strike', 'Ferries stopped at Calais.',
                  '{"summary":"Ferries stopped.","duplicate_of":"first"}');
                INSERT INTO documents_fts(rowid, title, text) VALUES (7, 'Ferry strike', 'Ferries stopped at Calais.');
                CREATE TABLE entities(doc_id TEXT, seq INTEGER, start INTEGER, end INTEGER, text TEXT, label TEXT, canonical TEXT,
                  link TEXT, attributes TEXT, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
                INSERT INTO entities VALUES ('kept', 0, 19, 25, 'Calais', 'LOC', NULL, NULL, '{"text":"Calais"}');
                CREATE TABLE quotes(doc_id TEXT, seq INTEGER, start INTEGER, end INTEGER, text TEXT, speaker TEXT, speaker_role TEXT,
                  kind TEXT, attributes TEXT, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
                CREATE TABLE quantities(doc_id TEXT, seq INTEGER, start INTEGER, end INTEGER, text TEXT, kind TEXT, value REAL,
                  unit TEXT, currency TEXT, attributes TEXT, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
                CREATE TABLE dates(doc_id TEXT, seq INTEGER, start INTEGER, end INTEGER, text TEXT, value TEXT, grain TEXT,
                  attributes TEXT, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
                CREATE TABLE keywords(doc_id TEXT, seq INTEGER, start INTEGER, end INTEGER, text TEXT, score REAL,
                  attributes TEXT, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
                PRAGMA user_version = 1;
                """)
        }
        try old.close()
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path)]))
        try sink.open(resume: false)
        try sink.write(Fixtures.summitArticle())
        try sink.finish()
        let db = try DatabaseQueue(path: path)
        try db.read { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 3)
            #expect(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'") == "3")
            // The old row kept its values and got its document's rowid; the new document's rows sit after it.
            let kept = try #require(try Row.fetchOne(db, sql: "SELECT doc, seq, text, label, attributes FROM entities WHERE doc_id = 'kept'"))
            #expect(kept["doc"] as Int == 7 && kept["seq"] as Int == 0 && kept["text"] as String == "Calais")
            #expect(kept["attributes"] as String == #"{"text":"Calais"}"#)
            #expect(try Int.fetchOne(db, sql: "SELECT min(doc) FROM entities WHERE doc_id = 'summit-1'") ?? 0 > 7)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM entities") == 6)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v1'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Calais OR Moscow'") == 2)
            // Version 3's columns, added and filled from the stored JSON.
            let columns = try #require(try Row.fetchOne(db, sql: "SELECT summary, duplicate_of FROM documents WHERE id = 'kept'"))
            #expect(columns["summary"] as String? == "Ferries stopped." && columns["duplicate_of"] as String? == "first")
        }
    }

    @Test func summaryAndDuplicateOfHaveColumns() throws {
        let dir = TemporaryDirectory()
        var doc = Fixtures.summitArticle()
        doc.fields["summary"] = "Leaders met in Moscow."
        doc.fields["duplicate_of"] = "summit-0"
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(dir.at("c.sqlite"))]))
        try sink.open(resume: false)
        try sink.write(doc)
        try sink.write(Fixtures.summitArticle(id: "summit-2"))
        try sink.finish()
        let db = try DatabaseQueue(path: dir.at("c.sqlite"))
        let rows = try db.read { db in try Row.fetchAll(db, sql: "SELECT id, summary, duplicate_of FROM documents ORDER BY id") }
        #expect(rows.map { $0["id"] as String } == ["summit-1", "summit-2"])
        #expect(rows[0]["summary"] as String? == "Leaders met in Moscow." && rows[0]["duplicate_of"] as String? == "summit-0")
        #expect(rows[1]["summary"] as String? == nil && rows[1]["duplicate_of"] as String? == nil)
    }

    @Test func attributesHoldOnlyWhatHasNoColumn() throws {
        let dir = TemporaryDirectory()
        var doc = Fixtures.summitArticle()
        doc.annotations[0].attributes["confidence"] = 0.93
        doc.annotations[0].attributes["wikidata"] = "Q56226"
        doc.fields["keywords"] = ["summit", ["term": "trade", "weight": 0.5, "source": "tf-idf"]]
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(dir.at("a.sqlite"))]))
        try sink.open(resume: false)
        try sink.write(doc)
        try sink.finish()
        try DatabaseQueue(path: dir.at("a.sqlite")).read { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT coalesce(attributes, '-') FROM entities ORDER BY seq")
                    == [#"{"confidence":0.93,"wikidata":"Q56226"}"#, "-", "-", "-", "-"])
            #expect(try Double.fetchOne(db, sql: "SELECT attributes ->> '$.confidence' FROM entities WHERE seq = 0") == 0.93)
            let keywords = try Row.fetchAll(db, sql: "SELECT text, score, attributes FROM keywords ORDER BY seq")
            #expect(keywords.map { $0["text"] as String } == ["summit", "trade"])
            #expect(keywords[1]["score"] as Double == 0.5)
            #expect(keywords.map { $0["attributes"] as String? } == [nil, #"{"source":"tf-idf"}"#])
            // The whole annotation is still in the document's JSON.
            #expect(try String.fetchOne(db, sql: "SELECT json_extract(json, '$.entities[0].label') FROM documents") == "PER")
        }
    }

    @Test func replaceModeShowsTheOldDatabaseUntilTheRunFinishes() throws {
        let dir = TemporaryDirectory()
        let path = dir.at("r.sqlite")
        let first = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path), "mode": "replace"]))
        try first.open(resume: false)
        try first.write(Fixtures.summitArticle(id: "old"))
        try first.finish()
        let second = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path), "mode": "replace", "batch": 1]))
        try second.open(resume: false)
        try second.write(Fixtures.summitArticle(id: "new"))
        let during = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT id FROM documents") }
        #expect(during == ["old"])
        try second.finish()
        let after = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT id FROM documents") }
        #expect(after == ["new"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(leftovers == ["r.sqlite"])
    }

    @Test func abortKeepsOnlyCommittedBatches() throws {
        let dir = TemporaryDirectory()
        let path = dir.at("b.sqlite")
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(path), "batch": 2]))
        try sink.open(resume: false)
        for i in 0..<3 { try sink.write(Fixtures.summitArticle(id: "d\(i)")) }
        sink.abort()
        let ids = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT id FROM documents ORDER BY id") }
        #expect(ids == ["d0", "d1"])
        #expect(try sink.existingIDs() == ["d0", "d1"])
    }

    @Test func resumeSkipsDocumentsAlreadyInTheDatabase() throws {
        let dir = TemporaryDirectory()
        let stage = Self.stage.replacingOccurrences(of: "out/", with: dir.at("out/"))
        dir.write(["a.txt": "First headline\n\nThe mayor opened the bridge.\n"])
        try Fixtures.run(outputs: stage, inputs: [Fixtures.seed], in: dir.path)
        let summary = try Fixtures.run(outputs: stage, inputs: [Fixtures.seed, dir.at("a.txt")], in: dir.path, resume: true)
        #expect(summary.ok == 1)
        #expect(summary.skipped == 1)
        let count = try DatabaseQueue(path: dir.at("out/news.sqlite")).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM documents") }
        #expect(count == 2)
    }

    @Test func theSqlite3ShellReadsTheDatabaseWithoutGalley() throws {
        let dir = TemporaryDirectory()
        try Fixtures.run(outputs: Self.stage.replacingOccurrences(of: "out/", with: dir.at("out/")), inputs: [Fixtures.seed], in: dir.path)
        let r = GalleyProcess.run([dir.at("out/news.sqlite"),
            "SELECT title FROM documents WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Zelenskyy')"],
            executable: "/usr/bin/sqlite3")
        #expect(r.status == 0)
        #expect(r.stdout == Fixtures.seedTitle + "\n")
    }

    @Test func writerStoresThousandsOfDocumentsWithTheirAnnotations() throws {
        let dir = TemporaryDirectory()
        var docs: [Document] = []
        for i in 0..<4000 {
            var d = Fixtures.summitArticle(id: "doc-\(i)", title: "Headline number \(i)")
            d.text += String(repeating: " More words about trade, talks and the summit in Moscow.", count: 30)
            docs.append(d)
        }
        let sink = try OutputSQLite(config: Fixtures.config("output.sqlite", ["path": .string(dir.at("speed.sqlite"))]))
        try sink.open(resume: false)
        let start = DispatchTime.now().uptimeNanoseconds
        for d in docs { try sink.write(d) }
        try sink.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = Double(docs.count) / seconds
        print("output.sqlite writer: \(docs.count) documents (5 entities, 1 quote, ~2.9 KB each) in \(String(format: "%.3f", seconds)) s = \(Int(rate)) docs/s")
        let count = try DatabaseQueue(path: dir.at("speed.sqlite")).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM entities") }
        #expect(count == 20_000)
        // The writer's speed is measured by `make bench` in a release build, not asserted here.
    }
}

/// A second writer behind a slow one: opening the database always wrote FTS5's `automerge` setting, so a run with
/// nothing new to write waited 30 s for the other writer's transaction and failed with "database is locked".
@Suite struct SQLiteSecondWriterTests {
    @Test func aWriterWithNothingNewNeedsNoWriteLock() throws {
        let dir = TemporaryDirectory()
        let stage = SQLiteOutputTests.stage.replacingOccurrences(of: "out/", with: dir.at("out/"))
        #expect(try Fixtures.run(outputs: stage, inputs: [Fixtures.seed], in: dir.path).ok == 1)
        // Another writer holds the write lock for as long as the second run takes.
        var config = Configuration()
        config.allowsUnsafeTransactions = true
        let slow = try DatabaseQueue(path: dir.at("out/news.sqlite"), configuration: config)
        try slow.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? slow.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let again = try Fixtures.run(outputs: stage, inputs: [Fixtures.seed], in: dir.path)
        #expect(again.ok == 1)
        #expect(again.failed == 0)
    }
}
