import Foundation
import GalleyCore
internal import GRDB
import Synchronization

/// The `output.sqlite` stage: documents and their annotations in an SQLite database with an FTS5 index,
/// upserted by document id in batched transactions.
public final class OutputSQLite: SinkStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "output.sqlite", kind: .sink,
            summary: "Write documents, entities, quotes, quantities, dates and keywords to SQLite with full-text search (upsert by id)",
            parameters: [
                ParameterSpec("path", .string, required: true, doc: "database file, relative to the working directory"),
                ParameterSpec("mode", .choice(["upsert", "replace"]), default: "upsert",
                              doc: "upsert: add to the database, one row per document id; replace: build a new database and swap it in at the end"),
                ParameterSpec("batch", .integer, default: 1000, doc: "documents per transaction"),
            ],
            make: { config in .sink(try OutputSQLite(config: config)) }),
    ]

    /// The schema version this writer creates, stored in `PRAGMA user_version` and the `meta` table.
    public static let schemaVersion = 1

    /// The database file.
    public let path: String
    let replace: Bool
    let batchSize: Int

    private struct State {
        var queue: DatabaseQueue?
        var writer: BatchWriter?
        var writingPath: String?
        var pending: [Document] = []
    }
    private let state = Mutex(State())

    /// Creates the stage from its configuration.
    public init(config: StageConfig) throws {
        path = config.parameters.string("path") ?? "out.sqlite"
        replace = config.parameters.string("mode") == "replace"
        batchSize = max(1, config.parameters.int("batch") ?? 1000)
        if path == "-" { throw StageFailure("output.sqlite cannot write to stdout; give a file path") }
    }

    public func open(resume: Bool) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw StageFailure("cannot create folder '\(dir)' for '\(path)': \(error.localizedDescription)")
            }
        }
        // Replace mode builds a private copy and renames it over `path` at the end, so readers see the old or the new database.
        let target: String
        if replace && !resume {
            target = dir.isEmpty ? ".\(path).tmp-\(getpid())" : dir + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
            for suffix in ["", "-journal"] { unlink(target + suffix) }
        } else {
            target = path
        }
        let queue = try Self.openDatabase(at: target, fast: target != path)
        let writer = BatchWriter { batch in try Self.upsert(batch.map(DocumentRows.init), into: queue) }
        state.withLock { $0.queue = queue; $0.writer = writer; $0.writingPath = target; $0.pending = [] }
    }

    /// Opens (creating when needed) a database with the galley schema.
    static func openDatabase(at path: String, fast: Bool = false) throws -> DatabaseQueue {
        var config = Configuration()
        config.label = "galley.output.sqlite"
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // A private temporary copy needs no journal: a crash leaves only the temporary file behind.
            try db.execute(sql: fast ? "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF" : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
            // Room for a whole batch of pages, so a transaction does not spill to disk before it commits.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // Checkpoint (and fsync) every 64 MB of WAL rather than every 4 MB.
            if !fast { try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384") }
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try queue.write { db in try createSchema(db) }
            return queue
        } catch let error as DatabaseError {
            throw StageFailure("cannot open '\(path)' as an SQLite database: \(error.message ?? "\(error)")")
        }
    }

    /// Creates the tables, FTS5 index and triggers if they are missing; refuses a database from a newer schema.
    static func createSchema(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version > schemaVersion {
            throw StageFailure("the database has schema version \(version); this galley writes version \(schemaVersion)")
        }
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS documents(
              rowid INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              path TEXT, title TEXT, published TEXT, author TEXT, language TEXT,
              text TEXT NOT NULL,
              json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
            CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
              title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
            CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
              INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            END;
            DROP TRIGGER IF EXISTS documents_fts_insert;
            DROP TRIGGER IF EXISTS documents_fts_update;
            """)
        for table in AnnotationTable.all {
            let columns = table.allColumns.map { "\($0.name) \($0.type.sqlite)" }
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS \(table.name)(\(columns.joined(separator: ", ")),
                  PRIMARY KEY (doc_id, seq)) WITHOUT ROWID
                """)
        }
        if version < schemaVersion {
            try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?), ('generator', 'galley')",
                           arguments: [String(schemaVersion)])
        }
    }

    public var resumable: Bool { true }

    public func existingIDs() throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        if let queue = state.withLock({ $0.writingPath == path ? $0.queue : nil }) {
            return try queue.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM documents")) }
        }
        let queue = try Self.openDatabase(at: path)
        return try queue.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM documents")) }
    }

    public func write(_ document: Document) throws {
        try state.withLock { s in
            s.pending.append(document)
            if s.pending.count >= batchSize { try flush(&s) }
        }
    }

    private func flush(_ s: inout State) throws {
        guard let writer = s.writer, !s.pending.isEmpty else { return }
        let batch = s.pending
        s.pending.removeAll(keepingCapacity: true)
        try writer.submit(batch)
    }

    /// Writes documents in one transaction: one row per id, the annotation rows of each document replaced.
    static func upsert(_ batch: [DocumentRows], into queue: DatabaseQueue) throws {
        do {
            try queue.write { db in
                let find = try db.cachedStatement(sql: "SELECT rowid FROM documents WHERE id = ?")
                let cols = DocumentRows.documentColumns
                let insert = try db.cachedStatement(sql: "INSERT INTO documents(\(cols.joined(separator: ", "))) VALUES (\(cols.map { _ in "?" }.joined(separator: ", ")))")
                let update = try db.cachedStatement(sql: "UPDATE documents SET \(cols.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE rowid = ?")
                var deletes: [Statement] = [], inserts: [Statement] = []
                for table in AnnotationTable.all {
                    deletes.append(try db.cachedStatement(sql: "DELETE FROM \(table.name) WHERE doc_id = ?"))
                    let c = table.allColumns
                    inserts.append(try db.cachedStatement(
                        sql: "INSERT INTO \(table.name)(\(c.map(\.name).joined(separator: ", "))) VALUES (\(c.map { _ in "?" }.joined(separator: ", ")))"))
                }
                // The FTS index is updated once per batch, not by row triggers: FTS5 flushes its pending terms at every
                // statement savepoint, so per-row index writes cost several times more than one INSERT … SELECT per batch.
                // New documents get rowids above the current largest, so one range finds them for the index.
                let lastRowid = try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM documents") ?? 0
                // Which documents are already there: their old index entries go first, their annotation rows are replaced.
                var existing: [String: Int64] = [:]
                for rows in batch where existing[rows.id] == nil {
                    if let rowid = try Int64.fetchOne(find, arguments: [rows.id]) { existing[rows.id] = rowid }
                }
                if !existing.isEmpty {
                    try db.execute(sql: """
                        INSERT INTO documents_fts(documents_fts, rowid, title, text)
                        SELECT 'delete', rowid, title, text FROM documents WHERE rowid IN (SELECT value FROM json_each(?))
                        """, arguments: [Value.array(existing.values.sorted().map { .int(Int($0)) }).jsonString])
                }
                var done = Set<String>()
                for rows in batch {
                    let id = rows.id
                    if let rowid = existing[id] {
                        try update.execute(arguments: StatementArguments(rows.document.dropFirst().map(\.databaseValue) + [rowid.databaseValue]))
                        for d in deletes { try d.execute(arguments: [id]) }
                    } else if done.contains(id) {
                        // The same new document twice in one batch: the second copy replaces the first.
                        try db.execute(sql: "UPDATE documents SET \(cols.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?",
                                       arguments: StatementArguments(rows.document.dropFirst().map(\.databaseValue) + [id.databaseValue]))
                        for d in deletes { try d.execute(arguments: [id]) }
                    } else {
                        try insert.execute(arguments: StatementArguments(rows.document.map(\.databaseValue)))
                    }
                    done.insert(id)
                    for (i, table) in AnnotationTable.all.enumerated() {
                        for row in rows.children[table.name] ?? [] {
                            try inserts[i].execute(arguments: StatementArguments(row.map(\.databaseValue)))
                        }
                    }
                }
                try db.execute(sql: "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, title, text FROM documents WHERE rowid > ?",
                               arguments: [lastRowid])
                if !existing.isEmpty {
                    try db.execute(sql: """
                        INSERT INTO documents_fts(rowid, title, text)
                        SELECT rowid, title, text FROM documents WHERE rowid IN (SELECT value FROM json_each(?))
                        """, arguments: [Value.array(existing.values.sorted().map { .int(Int($0)) }).jsonString])
                }
            }
        } catch let error as DatabaseError {
            throw StageFailure("cannot write to SQLite: \(error.message ?? "\(error)")")
        }
    }

    public func finish() throws {
        let (queue, writer, writingPath): (DatabaseQueue?, BatchWriter?, String?) = state.withLock { s in
            defer { s.queue = nil; s.writer = nil; s.pending = [] }
            if let writer = s.writer, !s.pending.isEmpty { try? writer.submit(s.pending) }
            return (s.queue, s.writer, s.writingPath)
        }
        do { try writer?.close() } catch {
            try? queue?.close()
            if let writingPath, writingPath != path { unlink(writingPath) }
            throw error
        }
        guard let queue, let writingPath else { return }
        try queue.close()
        if writingPath != path {
            // A stale journal or WAL of the old file must not be applied to the new one.
            for suffix in ["-journal", "-wal", "-shm"] { unlink(path + suffix) }
            guard rename(writingPath, path) == 0 else {
                let why = String(cString: strerror(errno))
                unlink(writingPath)
                throw StageFailure("cannot move the finished database into '\(path)': \(why)")
            }
        }
    }

    public func abort() {
        let (queue, writer, writingPath) = state.withLock { s in
            defer { s.queue = nil; s.writer = nil; s.pending = [] }
            return (s.queue, s.writer, s.writingPath)
        }
        writer?.cancel()
        try? queue?.close()
        if let writingPath, writingPath != path { unlink(writingPath) }
    }
}

extension SQLValue {
    /// The value as GRDB binds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let i): return i.databaseValue
        case .real(let d): return d.databaseValue
        case .text(let s): return s.databaseValue
        }
    }
}
