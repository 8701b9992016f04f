import Foundation
import GalleyCore
import OutputSQLite
import PostgresNIO
import Synchronization

/// The `output.postgres` stage: the same tables as `output.sqlite` plus a tsvector index, written in batches inside
/// transactions with upserts by document id, so concurrent shards and retried shards never duplicate or lose a document.
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
    public static let schemaVersion = 1

    /// Where to connect.
    public let connection: ConnectionSettings
    /// The schema holding the tables.
    public let schema: String
    let batchSize: Int
    let textSearch: String

    private struct State {
        var group: MultiThreadedEventLoopGroup?
        var connection: PostgresConnection?
        var pending: [DocumentRows] = []
    }
    private let state = Mutex(State())
    private let logger: Logger = {
        var l = Logger(label: "galley.output.postgres")
        l.logLevel = .critical
        return l
    }()

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

    public func open(resume: Bool) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let conn: PostgresConnection
        do {
            // The writer thread is never an event-loop thread, so waiting on futures here cannot deadlock.
            conn = try PostgresConnection.connect(on: group.next(), configuration: try connection.configuration(), id: 1, logger: logger).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw StageFailure("cannot connect to PostgreSQL at \(connection.redacted): \(Self.describe(error))")
        }
        state.withLock { $0.group = group; $0.connection = conn; $0.pending = [] }
        do { try createSchema(conn) } catch {
            abort()
            throw error
        }
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func run(_ conn: PostgresConnection, _ sql: String, _ binds: [String] = []) throws -> [PostgresRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for b in binds { bindings.append(b) }
        do {
            return try conn.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).wait().rows
        } catch {
            throw StageFailure("PostgreSQL: \(Self.describe(error))")
        }
    }

    /// The server's message for a query error, else the error itself.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let msg = e.serverInfo?[.message] { return msg }
            if let u = e.underlying { return "\(e.code): \(u)" }
            return "\(e.code)"
        }
        return "\(error)"
    }

    /// The column definitions of every table, as created.
    var ddl: [String] {
        var out = [
            "CREATE SCHEMA IF NOT EXISTS \"\(schema)\"",
            "CREATE TABLE IF NOT EXISTS \(table("meta")) (key text PRIMARY KEY, value text NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS \(table("documents")) (
              id text PRIMARY KEY, path text, title text, published text, author text, language text,
              text text NOT NULL, json jsonb NOT NULL,
              tsv tsvector GENERATED ALWAYS AS (to_tsvector('\(textSearch)', coalesce(title, '') || ' ' || coalesce(text, ''))) STORED)
            """,
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

    func createSchema(_ conn: PostgresConnection) throws {
        try run(conn, "BEGIN")
        do {
            // Two shards starting at once would race on CREATE ... IF NOT EXISTS; one lock per database serialises them.
            try run(conn, "SELECT pg_advisory_xact_lock(7243051)")
            for statement in ddl { try run(conn, statement) }
            let rows = try run(conn, "SELECT value FROM \(table("meta")) WHERE key = 'schema_version'")
            if let v = try rows.first?.decode(String.self), let n = Int(v), n > Self.schemaVersion {
                throw StageFailure("the PostgreSQL schema '\(schema)' has version \(n); this galley writes version \(Self.schemaVersion)")
            }
            try run(conn, "COMMIT")
        } catch {
            _ = try? run(conn, "ROLLBACK")
            throw error
        }
    }

    public var resumable: Bool { true }

    public func existingIDs() throws -> Set<String> {
        guard let conn = state.withLock({ $0.connection }) else { return [] }
        return Set(try run(conn, "SELECT id FROM \(table("documents"))").map { try $0.decode(String.self) })
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

    /// Writes a batch in one transaction: documents upserted by id (in id order, so concurrent writers lock rows in
    /// the same order), then each document's annotation rows deleted and inserted again.
    func upsert(_ batch: [DocumentRows], _ conn: PostgresConnection) throws {
        var latest: [String: DocumentRows] = [:]
        for rows in batch { latest[rows.id] = rows }
        let docs = latest.keys.sorted().map { latest[$0]! }
        let cols = DocumentRows.documentColumns
        func json(_ v: SQLValue) -> Value {
            switch v {
            case .null: return .null
            case .integer(let i): return .int(i)
            case .real(let d): return .double(d)
            case .text(let s): return .string(s.contains("\u{0}") ? s.replacingOccurrences(of: "\u{0}", with: "") : s)
            }
        }
        func records(_ rows: [[SQLValue]], _ names: [String]) -> String {
            Value.array(rows.map { row in .object(.init(uniqueKeysWithValues: zip(names, row.map(json)))) }).jsonString
        }
        let docTypes = cols.map { "\"\($0)\" text" }
        let quoted = cols.map { "\"\($0)\"" }
        let selected = cols.map { $0 == "json" ? "\"json\"::jsonb" : "\"\($0)\"" }
        let ids = Value.array(docs.map { .string($0.id) }).jsonString
        try run(conn, "BEGIN")
        do {
            try run(conn, """
                INSERT INTO \(table("documents")) (\(quoted.joined(separator: ", ")))
                SELECT \(selected.joined(separator: ", ")) FROM jsonb_to_recordset($1::jsonb) AS r(\(docTypes.joined(separator: ", "))) ORDER BY id
                ON CONFLICT (id) DO UPDATE SET \(quoted.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                """, [records(docs.map(\.document), cols)])
            for t in AnnotationTable.all {
                try run(conn, "DELETE FROM \(table(t.name)) WHERE doc_id IN (SELECT jsonb_array_elements_text($1::jsonb))", [ids])
                let rows = docs.flatMap { $0.children[t.name] ?? [] }
                guard !rows.isEmpty else { continue }
                let names = t.allColumns.map(\.name)
                let types = t.allColumns.map { "\"\($0.name)\" \($0.name == "attributes" ? "text" : $0.type.postgres)" }
                let select = t.allColumns.map { $0.name == "attributes" ? "\"attributes\"::jsonb" : "\"\($0.name)\"" }
                try run(conn, """
                    INSERT INTO \(table(t.name)) (\(names.map { "\"\($0)\"" }.joined(separator: ", ")))
                    SELECT \(select.joined(separator: ", ")) FROM jsonb_to_recordset($1::jsonb) AS r(\(types.joined(separator: ", ")))
                    """, [records(rows, names)])
            }
            try run(conn, "COMMIT")
        } catch {
            _ = try? run(conn, "ROLLBACK")
            throw error
        }
    }

    public func finish() throws {
        let (group, conn): (MultiThreadedEventLoopGroup?, PostgresConnection?) = try state.withLock { s in
            defer { s.connection = nil; s.group = nil }
            do { try flush(&s) } catch {
                try? s.connection?.close().wait()
                try? s.group?.syncShutdownGracefully()
                throw error
            }
            return (s.group, s.connection)
        }
        try? conn?.close().wait()
        try? group?.syncShutdownGracefully()
    }

    public func abort() {
        let (group, conn) = state.withLock { s in
            defer { s.connection = nil; s.group = nil; s.pending = [] }
            return (s.group, s.connection)
        }
        try? conn?.close().wait()
        try? group?.syncShutdownGracefully()
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

    /// The PostgresNIO configuration.
    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslmode {
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "prefer", "allow": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .disable
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
