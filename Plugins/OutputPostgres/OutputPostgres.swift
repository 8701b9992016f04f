import Foundation
import GalleyCore
import GalleyRows
import Synchronization

/// The `output.postgres` stage: the same tables as `output.sqlite` plus a tsvector index, written in batches inside
/// transactions with upserts by document id and bulk loads by `COPY`, so concurrent shards and retried shards never duplicate or lose a document.
public final class OutputPostgres: SinkStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "output.postgres", kind: .sink,
            summary: "Upsert documents and annotations into PostgreSQL by id, in batched transactions, with a full-text (tsvector) index",
            parameters: [
                ParameterSpec("url", .string, default: "", doc: "postgres://user:password@host:port/database?sslmode=disable|prefer|require; empty uses GALLEY_PG_URL"),
                ParameterSpec("schema", .string, default: "public", doc: "schema that holds the tables (created if missing)"),
                ParameterSpec("batch", .integer, default: 500, range: 1...100_000, doc: "documents per transaction"),
                ParameterSpec("text_search", .string, default: "english", doc: "text search configuration of the tsvector index"),
            ],
            make: { config in .sink(try OutputPostgres(config: config)) }),
    ]

    /// The schema version this writer creates (recorded in the `meta` table).
    public static let schemaVersion = 2

    /// Where to connect.
    public let connection: ConnectionSettings
    /// The schema holding the tables.
    public let schema: String
    let batchSize: Int
    let textSearch: String

    private struct State {
        var connection: PQConnection?
        var pending: [DocumentRows] = []
    }
    private let state = Mutex(State())

    /// Creates the stage; the URL comes from `url` or `GALLEY_PG_URL`.
    public init(config: StageConfig) throws {
        var url = config.parameters.string("url") ?? ""
        if url.isEmpty { url = ProcessInfo.processInfo.environment["GALLEY_PG_URL"] ?? "" }
        guard !url.isEmpty else { throw StageFailure("output.postgres needs a server: set 'url' or GALLEY_PG_URL") }
        connection = try ConnectionSettings(url: url)
        schema = config.parameters.string("schema") ?? "public"
        batchSize = max(1, config.parameters.int("batch") ?? 500)
        textSearch = config.parameters.string("text_search") ?? "english"
        guard Self.isIdentifier(schema) else { throw StageFailure("schema '\(schema)' must be letters, digits and _") }
        guard Self.isIdentifier(textSearch) else { throw StageFailure("text_search '\(textSearch)' must be letters, digits and _") }
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 63 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
            && !(s.utf8.first! >= 48 && s.utf8.first! <= 57)
    }

    /// A quoted, schema-qualified table name.
    func table(_ name: String) -> String { "\"\(schema)\".\"\(name)\"" }

    /// The session table each batch of documents is copied into before it is upserted (emptied at every commit).
    static let stagingTable = "pg_temp.galley_documents"

    public func open(resume: Bool) throws {
        let conn: PQConnection
        do { conn = try PQConnection(connection) } catch {
            throw StageFailure("cannot connect to PostgreSQL at \(connection.redacted): \(error)")
        }
        do {
            try createSchema(conn)
            let columns = DocumentRows.documentColumns.map { "\"\($0)\" \($0 == "json" ? "jsonb" : "text")" }
            try conn.exec("CREATE TEMP TABLE galley_documents (\(columns.joined(separator: ", "))) ON COMMIT DELETE ROWS")
        } catch {
            conn.close()
            throw error
        }
        state.withLock { $0.connection = conn; $0.pending = [] }
    }

    /// The column definitions of every table, as created.
    var ddl: [String] {
        var out = [
            "CREATE SCHEMA IF NOT EXISTS \"\(schema)\"",
            "CREATE TABLE IF NOT EXISTS \(table("meta")) (key text PRIMARY KEY, value text NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS \(table("documents")) (
              id text PRIMARY KEY, path text, title text, published text, author text, language text,
              summary text, duplicate_of text, text text NOT NULL, json jsonb NOT NULL,
              tsv tsvector GENERATED ALWAYS AS (to_tsvector('\(textSearch)', coalesce(title, '') || ' ' || coalesce(text, ''))) STORED)
            """,
            // Version 2 added `summary` and `duplicate_of` (an older table gets them in `createSchema`).
            "ALTER TABLE \(table("documents")) ADD COLUMN IF NOT EXISTS summary text",
            "ALTER TABLE \(table("documents")) ADD COLUMN IF NOT EXISTS duplicate_of text",
            "CREATE INDEX IF NOT EXISTS documents_tsv ON \(table("documents")) USING gin (tsv)",
            "CREATE INDEX IF NOT EXISTS documents_published ON \(table("documents")) (published)",
        ]
        for t in AnnotationTable.all {
            let cols = t.allColumns.map { c -> String in
                let type = c.name == "attributes" ? "jsonb" : c.type.postgres
                let notNull = c.name == "doc_id" || c.name == "seq" ? " NOT NULL" : ""
                return "\"\(c.name)\" \(type)\(notNull)"
            }
            out.append("CREATE TABLE IF NOT EXISTS \(table(t.name)) (\(cols.joined(separator: ", ")), PRIMARY KEY (doc_id, seq), "
                       + "FOREIGN KEY (doc_id) REFERENCES \(table("documents")) (id) ON DELETE CASCADE)")
        }
        out.append("INSERT INTO \(table("meta")) (key, value) VALUES ('schema_version', '\(Self.schemaVersion)'), ('generator', 'galley') ON CONFLICT (key) DO NOTHING")
        return out
    }

    func createSchema(_ conn: PQConnection) throws {
        try conn.exec("BEGIN")
        do {
            // Two shards starting at once would race on CREATE ... IF NOT EXISTS; one lock per database serialises them.
            try conn.exec("SELECT pg_advisory_xact_lock(7243051)")
            for statement in ddl { try conn.exec(statement) }
            let rows = try conn.exec("SELECT value FROM \(table("meta")) WHERE key = 'schema_version'")
            if let v = rows.first?.first ?? nil, let n = Int(v), n > Self.schemaVersion {
                throw StageFailure("the PostgreSQL schema '\(schema)' has version \(n); this galley writes version \(Self.schemaVersion)")
            } else if let v = rows.first?.first ?? nil, let n = Int(v), n < Self.schemaVersion {
                // From version 1: the new columns' values of the documents already there come from their JSON.
                try conn.exec("UPDATE \(table("documents")) SET summary = json->>'summary', duplicate_of = json->>'duplicate_of' "
                              + "WHERE json ? 'summary' OR json ? 'duplicate_of'")
                try conn.exec("UPDATE \(table("meta")) SET value = '\(Self.schemaVersion)' WHERE key = 'schema_version'")
            }
            try conn.exec("COMMIT")
        } catch {
            _ = try? conn.exec("ROLLBACK")
            throw error
        }
    }

    public var resumable: Bool { true }

    public func existingIDs() throws -> Set<String> {
        try state.withLock { s in
            guard let conn = s.connection else { return [] }
            return Set(try conn.exec("SELECT id FROM \(table("documents"))").compactMap { $0.first ?? nil })
        }
    }

    public func write(_ document: Document) throws {
        let rows = DocumentRows(document)
        try state.withLock { s in
            s.pending.append(rows)
            if s.pending.count >= batchSize { try flush(&s) }
        }
    }

    private func flush(_ s: inout State) throws {
        guard let conn = s.connection, !s.pending.isEmpty else { return }
        let batch = s.pending
        s.pending.removeAll(keepingCapacity: true)
        try upsert(batch, conn)
    }

    /// Writes a batch in one transaction: the documents are copied (`COPY … FROM STDIN`) into the session's staging
    /// table and upserted from there by id (in id order, so concurrent writers lock rows in the same order); then
    /// each document's annotation rows are deleted and copied in again.
    func upsert(_ batch: [DocumentRows], _ conn: PQConnection) throws {
        var latest: [String: DocumentRows] = [:]
        for rows in batch { latest[rows.id] = rows }
        let docs = latest.keys.sorted().map { latest[$0]! }
        let cols = DocumentRows.documentColumns
        let quoted = cols.map { "\"\($0)\"" }
        var documents = CopyBuffer()
        let docJSON = cols.map { $0 == "json" }
        for d in docs { documents.append(d.document, json: docJSON) }
        try conn.exec("BEGIN")
        do {
            try conn.copy(into: Self.stagingTable, columns: cols, documents)
            try conn.exec("""
                INSERT INTO \(table("documents")) (\(quoted.joined(separator: ", ")))
                SELECT \(quoted.joined(separator: ", ")) FROM \(Self.stagingTable) ORDER BY id
                ON CONFLICT (id) DO UPDATE SET \(quoted.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                """)
            for t in AnnotationTable.all {
                try conn.exec("DELETE FROM \(table(t.name)) WHERE doc_id IN (SELECT id FROM \(Self.stagingTable))")
                var rows = CopyBuffer()
                let json = t.allColumns.map { $0.name == "attributes" }
                for d in docs { for row in d.children[t.name] ?? [] { rows.append(row, json: json) } }
                guard !rows.bytes.isEmpty else { continue }
                try conn.copy(into: table(t.name), columns: t.allColumns.map(\.name), rows)
            }
            try conn.exec("COMMIT")
        } catch {
            _ = try? conn.exec("ROLLBACK")
            throw error
        }
    }

    public func finish() throws {
        try state.withLock { s in
            defer { s.connection?.close(); s.connection = nil }
            try flush(&s)
        }
    }

    public func abort() {
        state.withLock { s in
            s.connection?.close()
            s.connection = nil
            s.pending = []
        }
    }
}

/// Connection settings parsed from a `postgres://` URL.
public struct ConnectionSettings: Sendable, Hashable {
    /// Server host.
    public var host: String
    /// Server port.
    public var port: Int
    /// User name.
    public var user: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// `disable`, `prefer` or `require`.
    public var sslmode: String

    /// Parses `postgres://user:password@host:port/database?sslmode=…` (also `postgresql://`).
    public init(url: String) throws {
        guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw StageFailure("'\(url)' is not a postgres:// URL")
        }
        host = c.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = c.port ?? 5432
        user = c.user?.removingPercentEncoding ?? "postgres"
        password = c.password?.removingPercentEncoding
        let db = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = db.isEmpty ? user : db
        sslmode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard ["disable", "prefer", "require", "allow"].contains(sslmode) else {
            throw StageFailure("sslmode '\(sslmode)' is not supported (disable, prefer or require)")
        }
    }

    /// The URL with the password hidden, for messages.
    public var redacted: String { "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)" }
}
