import Foundation
import GalleyCore
import GalleyTesting
import OutputPostgres
import Testing

/// The PostgreSQL server the tests write to: `GALLEY_PG_URL`, which `.ci/run` sets after starting one with
/// `scripts/pg-test-server.sh`. Without it the tests below are skipped, and `postgresServerIsAvailable` says why.
enum PG {
    static let url: String? = ProcessInfo.processInfo.environment["GALLEY_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let psql = ["/usr/bin/psql", "/usr/local/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { url != nil && psql != nil }

    /// Runs SQL with psql and returns its unaligned, tuples-only output.
    static func query(_ sql: String) throws -> String {
        let r = GalleyProcess.run([url!, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], executable: psql!)
        if r.status != 0 { Issue.record("psql failed: \(r.stderr)") }
        return r.stdout.trimmingCharacters(in: .newlines)
    }

    /// A fresh schema name for one test.
    static func schema(_ name: String = #function) -> String {
        "t_" + name.lowercased().filter { $0.isLetter }.prefix(30) + "_" + UUID().uuidString.prefix(6).lowercased()
    }
}

@Suite struct PostgresOutputTests {
    @Test func postgresServerIsAvailable() {
        // Not a silent skip: a run without a server says so on its output.
        if PG.url == nil {
            print("SKIPPED PostgreSQL tests: GALLEY_PG_URL is not set (start a server with scripts/pg-test-server.sh start, as .ci/run does)")
        } else if PG.psql == nil {
            print("SKIPPED PostgreSQL tests: psql is not installed (apt-get install postgresql)")
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" { #expect(PG.available, "CI must run the PostgreSQL tests") }
    }

    @Test(.enabled(if: PG.available, "needs GALLEY_PG_URL and psql"))
    func upsertKeepsOneRowPerDocumentAndReplacesItsAnnotations() throws {
        let schema = PG.schema()
        defer { _ = try? PG.query("DROP SCHEMA \(schema) CASCADE") }
        let config = Fixtures.config("output.postgres", ["url": .string(PG.url!), "schema": .string(schema), "batch": 2])
        let first = try OutputPostgres(config: config)
        try first.open(resume: false)
        for id in ["a", "b", "c"] { try first.write(Fixtures.summitArticle(id: id)) }
        try first.write(Fixtures.summitArticle(id: "a"))
        try first.finish()
        #expect(try PG.query("SELECT count(*) FROM \(schema).documents") == "3")
        #expect(try PG.query("SELECT count(*) FROM \(schema).entities") == "15")
        #expect(try PG.query("SELECT string_agg(text, '|' ORDER BY seq) FROM \(schema).entities WHERE doc_id = 'b'") == "Kim Jong-un|Vladimir Putin|Moscow|Putin|UN")
        #expect(try PG.query("SELECT speaker || ' ' || kind FROM \(schema).quotes WHERE doc_id = 'c'") == "Vladimir Putin direct")
        #expect(try PG.query("SELECT value FROM \(schema).quantities WHERE doc_id = 'a'") == "12")
        #expect(try PG.query("SELECT canonical FROM \(schema).entities WHERE doc_id = 'a' AND seq = 3") == "Vladimir Putin")
        #expect(try PG.query("SELECT json->>'title' FROM \(schema).documents WHERE id = 'a'") == "Kim meets Putin in Moscow")
        #expect(try PG.query("SELECT value FROM \(schema).meta WHERE key = 'schema_version'") == "2")

        var changed = Fixtures.summitArticle(id: "a", title: "Talks end")
        changed.annotations.removeAll { $0.kind != "quotes" }
        let second = try OutputPostgres(config: config)
        try second.open(resume: false)
        #expect(try second.existingIDs() == ["a", "b", "c"])
        try second.write(changed)
        try second.finish()
        #expect(try PG.query("SELECT count(*) FROM \(schema).documents") == "3")
        #expect(try PG.query("SELECT count(*) FROM \(schema).entities WHERE doc_id = 'a'") == "0")
        #expect(try PG.query("SELECT count(*) FROM \(schema).quotes WHERE doc_id = 'a'") == "1")
        #expect(try PG.query("SELECT title FROM \(schema).documents WHERE tsv @@ plainto_tsquery('english', 'talks') ORDER BY id") == "Talks end\nKim meets Putin in Moscow\nKim meets Putin in Moscow")
        #expect(try PG.query("SELECT id FROM \(schema).documents WHERE tsv @@ plainto_tsquery('english', 'end')") == "a")
    }

    @Test(.enabled(if: PG.available, "needs GALLEY_PG_URL and psql"))
    func aVersionOneSchemaGetsTheSummaryAndDuplicateColumnsFromItsJSON() throws {
        let schema = PG.schema()
        defer { _ = try? PG.query("DROP SCHEMA \(schema) CASCADE") }
        _ = try PG.query("""
            CREATE SCHEMA \(schema);
            CREATE TABLE \(schema).meta (key text PRIMARY KEY, value text NOT NULL);
            INSERT INTO \(schema).meta VALUES ('schema_version', '1'), ('generator', 'galley');
            CREATE TABLE \(schema).documents (id text PRIMARY KEY, path text, title text, published text, author text, language text,
              text text NOT NULL, json jsonb NOT NULL,
              tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))) STORED);
            INSERT INTO \(schema).documents (id, text, json) VALUES ('old', 'x', '{"summary": "Old news.", "duplicate_of": "first"}');
            """)
        let config = Fixtures.config("output.postgres", ["url": .string(PG.url!), "schema": .string(schema)])
        let sink = try OutputPostgres(config: config)
        try sink.open(resume: false)
        var doc = Fixtures.summitArticle(id: "new")
        doc.fields["summary"] = "Leaders met."
        try sink.write(doc)
        try sink.finish()
        #expect(try PG.query("SELECT id || ':' || coalesce(summary, '-') || ':' || coalesce(duplicate_of, '-') FROM \(schema).documents ORDER BY id")
                == "new:Leaders met.:-\nold:Old news.:first")
        #expect(try PG.query("SELECT value FROM \(schema).meta WHERE key = 'schema_version'") == "2")
    }

    @Test(.enabled(if: PG.available, "needs GALLEY_PG_URL and psql"))
    func twoConcurrentShardsAndARetryWriteEachDocumentOnce() throws {
        let schema = PG.schema()
        defer { _ = try? PG.query("DROP SCHEMA \(schema) CASCADE") }
        let dir = TemporaryDirectory()
        var files: [String: String] = [:]
        for i in 0..<24 { files["in/article-\(i).txt"] = "Headline \(i)\n\nStory number \(i) about the harbour in Ostrava and the Zelenskyy visit.\n" }
        dir.write(files)
        try FileManager.default.copyItem(atPath: Fixtures.seed, toPath: dir.at("in/seed.txt"))
        dir.write("shards.yaml", """
            pipeline: shards
            input: { path: in }
            stages:
              - use: ingest.files
              - use: extract.article
              - id: pg
                use: output.postgres
                with: { schema: \(schema), batch: 4 }
            """)
        func shard(_ k: Int) -> GalleyProcess {
            GalleyProcess(["run", dir.at("shards.yaml"), "--shard", "\(k)/2", "--quiet"], environment: ["GALLEY_PG_URL": PG.url!])
        }
        let a = shard(0), b = shard(1)
        let (statusA, statusB) = (a.wait(), b.wait())
        #expect(statusA == 0 && statusB == 0, "\(a.stderr)\(b.stderr)")
        #expect(try PG.query("SELECT count(*), count(DISTINCT id) FROM \(schema).documents") == "25|25")
        let retry = shard(1)
        #expect(retry.wait() == 0, "\(retry.stderr)")
        #expect(try PG.query("SELECT count(*) FROM \(schema).documents") == "25")
        #expect(try PG.query("SELECT title FROM \(schema).documents WHERE path LIKE '%seed.txt'") == Fixtures.seedTitle)
        #expect(try PG.query("SELECT count(*) FROM \(schema).documents WHERE tsv @@ plainto_tsquery('english', 'Zelenskyy')") == "25")
    }

    @Test(.enabled(if: PG.available, "needs GALLEY_PG_URL and psql"))
    func textWithTabsBackslashesNewlinesAndNULsSurvivesTheCopy() throws {
        let schema = PG.schema()
        defer { _ = try? PG.query("DROP SCHEMA \(schema) CASCADE") }
        let text = "Tab\there, back\\slash \\N, line\nbreak\r\nand NUL\u{0}gone — ünï 😀 “quoted”."
        var doc = Document(id: "odd\tid\\1", source: DocumentSource(path: "dir/odd\nname.txt", format: "txt", bytes: 1, encoding: "utf-8"), text: text)
        doc.fields["title"] = "A\ttitle \\ with\nlines"
        doc.fields["note"] = "keeps \\u0000 as text, drops \u{0} the NUL"
        doc.annotations = [
            Annotation(kind: "entities", start: 0, end: 3, attributes: ["label": "MISC", "extra": "x\u{0}y\t\\"]),
            Annotation(kind: "quantities", start: 4, end: 8, attributes: ["kind": "count", "value": 2.5]),
        ]
        let sink = try OutputPostgres(config: Fixtures.config("output.postgres", ["url": .string(PG.url!), "schema": .string(schema)]))
        try sink.open(resume: false)
        try sink.write(doc)
        try sink.finish()
        func hex(_ s: String) -> String { s.utf8.map { String(format: "%02x", $0) }.joined() }
        let stored = "(SELECT * FROM \(schema).documents WHERE id = E'odd\\tid\\\\1')"
        #expect(try PG.query("SELECT encode(convert_to(text, 'UTF8'), 'hex') FROM \(stored) d") == hex(text.replacingOccurrences(of: "\u{0}", with: "")))
        #expect(try PG.query("SELECT encode(convert_to(title, 'UTF8'), 'hex') FROM \(stored) d") == hex("A\ttitle \\ with\nlines"))
        #expect(try PG.query("SELECT encode(convert_to(path, 'UTF8'), 'hex') FROM \(stored) d") == hex("dir/odd\nname.txt"))
        #expect(try PG.query("SELECT encode(convert_to(json->>'note', 'UTF8'), 'hex') FROM \(stored) d") == hex("keeps \\u0000 as text, drops  the NUL"))
        #expect(try PG.query("SELECT text || '|' || label || '|' || (attributes->>'extra' = E'xy\\t\\\\') FROM \(schema).entities") == "Tab|MISC|true")
        #expect(try PG.query("SELECT text || '|' || value FROM \(schema).quantities") == "here|2.5")
    }

    @Test func urlsAreParsedAndPasswordsHidden() throws {
        let c = try ConnectionSettings(url: "postgres://galley:s%40cret@db.local:6543/news?sslmode=require")
        #expect(c.host == "db.local" && c.port == 6543 && c.user == "galley" && c.password == "s@cret" && c.database == "news" && c.sslmode == "require")
        #expect(c.redacted == "postgres://galley:***@db.local:6543/news")
        #expect(throws: StageFailure.self) { try ConnectionSettings(url: "mysql://x@y/z") }
        let unreachable = try OutputPostgres(config: Fixtures.config("output.postgres", ["url": "postgres://nobody@127.0.0.1:1/none"]))
        do {
            try unreachable.open(resume: false)
            Issue.record("connected to port 1")
        } catch {
            #expect("\(error)".hasPrefix("cannot connect to PostgreSQL at postgres://nobody@127.0.0.1:1/none:"))
        }
    }
}
