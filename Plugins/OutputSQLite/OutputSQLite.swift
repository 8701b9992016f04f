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

    /// Documents per hand-over from the pipeline's writer thread to the flattening thread.
    static let chunkSize = 64

    /// The schema version this writer creates, stored in `PRAGMA user_version` and the `meta` table.
    public static let schemaVersion = 1

    /// The database file.
    public let path: String
    let replace: Bool
    let batchSize: Int

    private struct State {
        var queue: DatabaseQueue?
        /// Flattens chunks of documents (thread 1) and hands whole batches to `sql` (thread 2).
        var writer: BatchWriter<Document>?
        var sql: BatchWriter<EncodedDocument>?
        /// Flattened documents not yet making up a whole batch.
        var flattened: Flattened?
        var writingPath: String?
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
        let sql = BatchWriter<EncodedDocument> { batch in try Self.upsert(batch, into: queue) }
        // Documents go to the flattening thread in small chunks, so flattening keeps pace with the pipeline instead of
        // starting when a whole batch is there; the SQL thread still gets exactly `batch` documents per transaction.
        let flattened = Flattened(), size = batchSize
        let writer = BatchWriter<Document>(depth: 4) { chunk in
            let encoded = chunk.map(EncodedDocument.init)
            for batch in flattened.add(encoded, batchSize: size) { try sql.submit(batch) }
        }
        state.withLock {
            $0.queue = queue; $0.writer = writer; $0.sql = sql; $0.flattened = flattened; $0.writingPath = target; $0.pending = []
        }
    }

    /// Opens (creating when needed) a database with the galley schema.
    static func openDatabase(at path: String, fast: Bool = false) throws -> DatabaseQueue {
        var config = Configuration()
        config.label = "galley.output.sqlite"
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // Bigger pages for a new database (an existing one keeps its size): the documents hold ~7 KB of text and
            // JSON each, so a quarter of the overflow pages, WAL frames and checkpoint writes. No effect once created.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // A private temporary copy needs no journal: a crash leaves only the temporary file behind.
            try db.execute(sql: fast ? "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF" : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
            // Room for a whole batch of pages, so a transaction does not spill to disk before it commits.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // Checkpoint (and fsync) every 64 MB of WAL rather than every 4 MB.
            if !fast {
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \((64 << 20) / max(512, pageSize))")
            }
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

    /// Writes documents in one transaction: one row per id, the annotation rows of each document replaced.
    ///
    /// The hot statements are prepared once per connection (GRDB's statement cache) and bound and stepped through
    /// the SQLite C API, straight from the encoded documents: no `StatementArguments` or `DatabaseValue` per cell.
    static func upsert(_ batch: [EncodedDocument], into queue: DatabaseQueue) throws {
        do {
            try queue.write { db in
                let cols = DocumentRows.documentColumns
                let find = try RawStatement(db, "SELECT rowid FROM documents WHERE id = ?")
                let insert = try RawStatement(db, "INSERT INTO documents(\(cols.joined(separator: ", "))) VALUES (\(cols.map { _ in "?" }.joined(separator: ", ")))")
                // For a document already there, or the second copy of a new one in this batch (the last copy wins).
                let update = try RawStatement(db, "UPDATE documents SET \(cols.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?")
                var deletes: [RawStatement] = [], inserts: [RawStatement] = []
                for table in AnnotationTable.all {
                    deletes.append(try RawStatement(db, "DELETE FROM \(table.name) WHERE doc_id = ?"))
                    let c = table.allColumns
                    inserts.append(try RawStatement(db,
                        "INSERT INTO \(table.name)(\(c.map(\.name).joined(separator: ", "))) VALUES (\(c.map { _ in "?" }.joined(separator: ", ")))"))
                }
                // The FTS index is updated once per batch, not by row triggers: FTS5 flushes its pending terms at every
                // statement savepoint, so per-row index writes cost several times more than one INSERT … SELECT per batch.
                // New documents get rowids above the current largest, so one range finds them for the index.
                let lastRowid = try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM documents") ?? 0
                // Which documents are already there: their old index entries go first, their annotation rows are replaced.
                var existing: [String: Int64] = [:]
                for doc in batch where existing[doc.id] == nil {
                    find.bind(1, doc.id)
                    if let rowid = try find.fetchInt64() { existing[doc.id] = rowid }
                }
                let existingJSON = Value.array(existing.values.sorted().map { .int(Int($0)) }).jsonString
                if !existing.isEmpty {
                    try db.execute(sql: """
                        INSERT INTO documents_fts(documents_fts, rowid, title, text)
                        SELECT 'delete', rowid, title, text FROM documents WHERE rowid IN (SELECT value FROM json_each(?))
                        """, arguments: [existingJSON])
                }
                var done = Set<String>()
                done.reserveCapacity(batch.count)
                for doc in batch {
                    let id = doc.id
                    let replacing = existing[id] != nil || done.contains(id)
                    let row = replacing ? update : insert
                    var p: Int32 = 1
                    if !replacing { row.bind(p, id); p += 1 }
                    for value in doc.columns { row.bind(p, value); p += 1 }
                    doc.json.withUnsafeBufferPointer { row.bindText(p, $0) }  // copied by SQLite
                    p += 1
                    if replacing { row.bind(p, id) }
                    try row.run()
                    if existing[id] != nil && !done.contains(id) {
                        for d in deletes { d.bind(1, id); try d.run() }
                    }
                    done.insert(id)
                }
                // Then the annotation rows, table by table in id order (keys next to each other land on the same pages),
                // of the last copy of each document in the batch: a second copy replaces the first.
                var last: [String: Int] = [:]
                last.reserveCapacity(batch.count)
                for (i, doc) in batch.enumerated() { last[doc.id] = i }
                let order = last.values.sorted { batch[$0].id < batch[$1].id }
                for (i, table) in AnnotationTable.all.enumerated() {
                    let width = table.allColumns.count, stmt = inserts[i]
                    for d in order where !batch[d].cells[i].isEmpty {
                        let doc = batch[d]
                        try doc.bytes.withUnsafeBufferPointer { bytes in
                            defer { stmt.clearBindings() }  // no pointer into `bytes` stays bound, even after an error
                            let cells = doc.cells[i]
                            var c = 0
                            while c < cells.count {
                                for k in 0..<width { stmt.bind(Int32(k + 1), cells[c + k], bytes: bytes) }
                                try stmt.run()
                                c += width
                            }
                        }
                    }
                }
                try db.execute(sql: "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, title, text FROM documents WHERE rowid > ?",
                               arguments: [lastRowid])
                if !existing.isEmpty {
                    try db.execute(sql: """
                        INSERT INTO documents_fts(rowid, title, text)
                        SELECT rowid, title, text FROM documents WHERE rowid IN (SELECT value FROM json_each(?))
                        """, arguments: [existingJSON])
                }
            }
        } catch let error as DatabaseError {
            throw StageFailure("cannot write to SQLite: \(error.message ?? "\(error)")")
        }
    }

    public func finish() throws {
        let (queue, writer, sql, flattened, writingPath) = state.withLock { s in
            defer { s.queue = nil; s.writer = nil; s.sql = nil; s.flattened = nil; s.pending = [] }
            if let writer = s.writer, !s.pending.isEmpty { try? writer.submit(s.pending) }
            return (s.queue, s.writer, s.sql, s.flattened, s.writingPath)
        }
        do {
            // Both threads stop even when the first has failed; the first error is the one reported.
            var failure: (any Error)?
            do { try writer?.close() } catch { failure = error }
            // The last, partial batch.
            if failure == nil, let rest = flattened?.takeAll(), !rest.isEmpty {
                do { try sql?.submit(rest) } catch { failure = error }
            }
            do { try sql?.close() } catch { failure = failure ?? error }
            if let failure { throw failure }
        } catch {
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
        // Whole batches handed over are written; the documents of an unfinished batch are dropped, as before a flush.
        let (queue, writer, sql, writingPath) = state.withLock { s in
            defer { s.queue = nil; s.writer = nil; s.sql = nil; s.flattened = nil; s.pending = [] }
            return (s.queue, s.writer, s.sql, s.writingPath)
        }
        writer?.cancel()
        sql?.cancel()
        try? queue?.close()
        if let writingPath, writingPath != path { unlink(writingPath) }
    }
}

/// Flattened documents waiting for a whole batch (touched by the flattening thread, then by `finish`).
final class Flattened: Sendable {
    private let documents = Mutex<[EncodedDocument]>([])

    /// Adds documents; returns the whole batches now complete, in order.
    func add(_ new: [EncodedDocument], batchSize: Int) -> [[EncodedDocument]] {
        documents.withLock { docs in
            docs.append(contentsOf: new)
            var batches: [[EncodedDocument]] = []
            while docs.count >= batchSize {
                batches.append(Array(docs.prefix(batchSize)))
                docs.removeFirst(batchSize)
            }
            return batches
        }
    }

    /// Takes what is left.
    func takeAll() -> [EncodedDocument] { documents.withLock { docs in defer { docs = [] }; return docs } }
}
