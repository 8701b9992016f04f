import Foundation
import GalleyCore
import GalleyRows
internal import GRDB
import Synchronization
internal import CSQLiteConfig

/// The `output.sqlite` stage: documents and their annotations in an SQLite database with an FTS5 index,
/// upserted by document id in batched transactions.
public final class OutputSQLite: SinkStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "output.sqlite", kind: .sink,
            summary: "Write documents, entities, quotes, quantities, dates and keywords to SQLite with full-text search (upsert by id)",
            parameters: [
                ParameterSpec("path", .string, required: true, output: .file, doc: "database file, relative to the working directory"),
                ParameterSpec("mode", .choice(["upsert", "replace"]), default: "upsert",
                              doc: "upsert: add to the database, one row per document id; replace: build a new database and swap it in at the end"),
                ParameterSpec("batch", .integer, default: 1000, range: 1...1_000_000, doc: "documents per transaction"),
            ],
            make: { config in .sink(try OutputSQLite(config: config)) }),
    ]

    /// Documents per hand-over from the pipeline's writer thread to the flattening thread.
    static let chunkSize = 64

    /// The schema version this writer creates, stored in `PRAGMA user_version` and the `meta` table.
    public static let schemaVersion = 3

    /// The database file.
    public let path: String
    let replace: Bool
    let batchSize: Int

    private struct State {
        var queue: DatabaseQueue?
        /// Flattens chunks of documents (thread 1) and hands them to `sql` (thread 2), which writes them into
        /// `session`'s open transaction.
        var writer: BatchWriter<Document>?
        var sql: BatchWriter<EncodedDocument>?
        var session: UpsertSession?
        var checkpointer: Checkpointer?
        var writingPath: String?
        /// This run's lock on `path`: shared in upsert mode (SQLite orders the writers), exclusive in replace mode.
        var lock: OutputLock?
        /// What was at `path` when the run started, so that a replacing database keeps its mode.
        var previousMode: mode_t?
        var pending: [Document] = []
        /// Documents taken by `write` so far.
        var written = 0
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
        let previous = try OutputPath.checkTarget(path)
        try OutputPath.makeFolder(for: path)
        // Replace mode builds a private copy and renames it over `path` at the end, so readers see the old or the new database.
        let target: String
        let replacing = replace && !resume
        let lock = try OutputLock(for: path, shared: !replacing)
        if replacing {
            target = OutputPath.sibling(of: path, suffix: ".tmp-\(getpid())")
            for suffix in ["", "-journal"] { unlink(target + suffix) }
        } else {
            target = path
        }
        let fast = target != path
        let queue: DatabaseQueue
        do { queue = try Self.openDatabase(at: target, fast: fast) } catch {
            lock.release()
            throw error
        }
        // A journalled database is checkpointed by a thread of its own; a private copy has no WAL to copy.
        let checkpointer: Checkpointer?
        do { checkpointer = fast ? nil : try Checkpointer(path: target) } catch let error as DatabaseError {
            throw StageFailure("cannot open '\(target)' as an SQLite database: \(error.message ?? "\(error)")")
        }
        let session = UpsertSession(queue: queue, batchSize: batchSize, committed: { checkpointer?.poke() })
        let sql = BatchWriter<EncodedDocument>(depth: 8) { chunk in try session.add(chunk) }
        // Documents go to the flattening thread in small chunks, so flattening and SQL keep pace with the pipeline
        // instead of starting when a whole batch is there; each batch is still one transaction.
        let writer = BatchWriter<Document>(depth: 4) { chunk in try sql.submit(chunk.map(EncodedDocument.init)) }
        state.withLock {
            $0.queue = queue; $0.writer = writer; $0.sql = sql; $0.session = session; $0.checkpointer = checkpointer
            $0.writingPath = target; $0.pending = []; $0.lock = lock; $0.previousMode = previous.map { $0.st_mode & 0o7777 }
        }
    }

    /// Whether SQLite runs without per-call mutexes in this process (see `CSQLiteConfig`): decided once, before the
    /// first connection; GRDB uses each connection from one thread at a time.
    static let configured: Bool = galley_sqlite_configure_for_writing() == 0

    /// Opens (creating when needed) a database with the galley schema.
    static func openDatabase(at path: String, fast: Bool = false) throws -> DatabaseQueue {
        _ = configured
        var config = Configuration()
        config.label = "galley.output.sqlite"
        config.busyMode = .timeout(30)
        // `UpsertSession` keeps a transaction open from one chunk of documents to the next.
        config.allowsUnsafeTransactions = true
        config.prepareDatabase { db in
            // Bigger pages for a new database (an existing one keeps its size): the documents hold ~7 KB of text and
            // JSON each, and fewer, larger pages mean fewer overflow pages, WAL frames and B-tree splits (32 KB
            // wrote BBC ~6% faster than 16 KB, as fast as 64 KB). No effect once created.
            try db.execute(sql: "PRAGMA page_size = 32768")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // A private temporary copy needs no journal: a crash leaves only the temporary file behind.
            try db.execute(sql: fast ? "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF" : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
            // 8 MB of pages. 64 MB (room for a whole batch) made peak RSS grow with the database: news.yaml over
            // BBC, --jobs 2, 120 MB with 64 MB, about 92 MB with 8 MB; the write time did not change measurably.
            try db.execute(sql: "PRAGMA cache_size = -8192")
            // The writer does not checkpoint: a `Checkpointer` does, on another thread. Closing the last
            // connection still checkpoints what is left and removes the WAL.
            if !fast { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            // Only a database that needs it is written to: opening one with the schema and settings in place takes no
            // write lock, so a second writer does not wait behind a slow one (and fail after 30 s) just to open it.
            if try queue.read({ db in try schemaNeedsWriting(db) }) {
                try queue.write { db in try createSchema(db) }
            }
            return queue
        } catch let error as DatabaseError {
            throw StageFailure("cannot open '\(path)' as an SQLite database: \(error.message ?? "\(error)")")
        }
    }

    /// Whether `createSchema` has anything to do: another schema version, a missing table or trigger, or FTS5's
    /// `automerge` not yet stored.
    static func schemaNeedsWriting(_ db: Database) throws -> Bool {
        guard try Int.fetchOne(db, sql: "PRAGMA user_version") == schemaVersion else { return true }
        let names = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')"))
        let needed = ["meta", "documents", "documents_published", "documents_fts", "documents_fts_config", "documents_fts_delete"]
            + AnnotationTable.all.map(\.name)
        guard needed.allSatisfy(names.contains) else { return true }
        let stale = ["documents_fts_insert", "documents_fts_update"]
        guard !stale.contains(where: names.contains) else { return true }
        return try Int.fetchOne(db, sql: "SELECT v FROM documents_fts_config WHERE k = 'automerge'") != 16
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
              path TEXT, title TEXT, published TEXT, author TEXT, language TEXT, summary TEXT, duplicate_of TEXT,
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
        // Version 3 added a column for `summary` and `duplicate_of`: an older table gets them, filled from its JSON.
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('documents')"))
        for column in DocumentRows.fieldColumns where !present.contains(column) {
            try db.execute(sql: "ALTER TABLE documents ADD COLUMN \(column) TEXT")
            try db.execute(sql: "UPDATE documents SET \(column) = json_extract(json, '$.\(column)') WHERE json_valid(json)")
        }
        // Each batch adds index segments; FTS5 merges them once 4 sit on one level (by default). Merging at 16 does a
        // quarter of the merge work while writing (a third of the index time on BBC) for a few more segments to read
        // per query. The setting is stored in the database, so any connection that writes to it keeps it.
        try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 16)")
        // Annotation rows are keyed by their document's rowid, not its id: new documents get ever larger rowids, so
        // their rows are appended at the end of each table instead of landing on pages all over it (ids are hashes).
        // That keeps each batch's page writes to the rows it adds, however large the database grows.
        for table in AnnotationTable.all {
            let columns = table.allColumns.map { "\($0.name) \($0.type.sqlite)" } + ["doc INTEGER NOT NULL"]
            let create = "CREATE TABLE IF NOT EXISTS \(table.name)(\(columns.joined(separator: ", ")), PRIMARY KEY (doc, seq)) WITHOUT ROWID"
            if version == 1 {
                // Version 1 keyed the rows by (doc_id, seq) and had no `doc` column.
                let names = table.allColumns.map(\.name)
                try db.execute(sql: """
                    ALTER TABLE \(table.name) RENAME TO \(table.name)_v1;
                    \(create);
                    INSERT INTO \(table.name)(\(names.joined(separator: ", ")), doc)
                      SELECT \(names.map { "a.\($0)" }.joined(separator: ", ")), d.rowid FROM \(table.name)_v1 a JOIN documents d ON d.id = a.doc_id;
                    DROP TABLE \(table.name)_v1;
                    """)
            } else {
                try db.execute(sql: create)
            }
        }
        if version < schemaVersion {
            try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?), ('generator', 'galley')",
                           arguments: [String(schemaVersion)])
        }
    }

    public var resumable: Bool { true }

    public var readsExport: Bool { true }

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
            s.written += 1
            // A chunk goes at every batch boundary too, so once `write` has taken a batch's last document that batch is
            // handed over (written even if the run is aborted next).
            if s.pending.count >= Self.chunkSize || s.written % batchSize == 0 { try flush(&s) }
        }
    }

    private func flush(_ s: inout State) throws {
        guard let writer = s.writer, !s.pending.isEmpty else { return }
        let batch = s.pending
        s.pending.removeAll(keepingCapacity: true)
        try writer.submit(batch)
    }

    public func finish() throws {
        let (queue, writer, sql, session, checkpointer, writingPath, lock, previousMode) = state.withLock { s in
            defer { s.queue = nil; s.writer = nil; s.sql = nil; s.session = nil; s.checkpointer = nil; s.pending = []; s.lock = nil }
            if let writer = s.writer, !s.pending.isEmpty { try? writer.submit(s.pending) }
            return (s.queue, s.writer, s.sql, s.session, s.checkpointer, s.writingPath, s.lock, s.previousMode)
        }
        defer { lock?.release() }
        do {
            // Both threads stop even when the first has failed; the first error is the one reported.
            var failure: (any Error)?
            do { try writer?.close() } catch { failure = error }
            do { try sql?.close() } catch { failure = failure ?? error }
            // The last, partial batch.
            if failure == nil { do { try session?.finish() } catch { failure = error } }
            if let failure { throw failure }
        } catch {
            session?.rollback()
            checkpointer?.stop()
            try? queue?.close()
            if let writingPath, writingPath != path { unlink(writingPath) }
            throw error
        }
        // The checkpointer's connection closes first, so the writer's is the last: closing it checkpoints the rest
        // and removes the WAL.
        checkpointer?.stop()
        guard let queue, let writingPath else { return }
        try queue.close()
        if writingPath != path {
            if let previousMode { chmod(writingPath, previousMode) }
            do { try OutputPath.checkTarget(path) } catch {
                unlink(writingPath)
                throw error
            }
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
        // Whole batches handed over are written; the documents of an unfinished batch are dropped.
        let (queue, writer, sql, session, checkpointer, writingPath, lock) = state.withLock { s in
            defer { s.queue = nil; s.writer = nil; s.sql = nil; s.session = nil; s.checkpointer = nil; s.pending = []; s.lock = nil }
            return (s.queue, s.writer, s.sql, s.session, s.checkpointer, s.writingPath, s.lock)
        }
        defer { lock?.release() }
        writer?.cancel()
        sql?.cancel()
        session?.rollback()
        checkpointer?.stop()
        try? queue?.close()
        if let writingPath, writingPath != path { unlink(writingPath) }
    }
}
