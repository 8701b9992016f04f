import Foundation
import GalleyCore
import GalleyRows
internal import GRDB
#if canImport(GRDBSQLite)
internal import GRDBSQLite
#else
internal import SQLite3
#endif
import Synchronization

/// The SQL side of `output.sqlite`: chunks of flattened documents go into an open transaction as they arrive, and the
/// transaction commits once it holds `batchSize` documents (or at the end of the run).
///
/// Starting the transaction with the first chunk, rather than when a whole batch has been flattened, lets the SQL
/// thread work while the pipeline is still producing the batch. The FTS index is still updated once per batch, at
/// commit: FTS5 flushes its pending terms at every statement, so per-row or per-chunk index writes cost more.
///
/// Used only on the SQL thread (one `BatchWriter`), hence not locked.
final class UpsertSession: @unchecked Sendable {
    let queue: DatabaseQueue
    let batchSize: Int
    /// Called after each commit (the checkpointer's cue).
    let committed: @Sendable () -> Void

    /// Documents written in the open transaction; nil when no transaction is open.
    private var open: OpenBatch?

    private struct OpenBatch {
        var documents = 0
        /// The largest rowid before the transaction: new documents get rowids above it.
        var lastRowid: Int64
        /// Rowids of documents that were in the database before and are updated in this transaction.
        var replaced: [Int64] = []
        /// Rowids of the documents written in this transaction, by id.
        var seen: [String: Int64] = [:]
        /// Rowids of documents left as they were: the database already holds exactly the same document.
        var unchanged: [String: Int64] = [:]
    }

    init(queue: DatabaseQueue, batchSize: Int, committed: @escaping @Sendable () -> Void = {}) {
        self.queue = queue
        self.batchSize = batchSize
        self.committed = committed
    }

    /// Writes a chunk into the open transaction (beginning one if needed); commits when the batch is full.
    func add(_ chunk: [EncodedDocument]) throws {
        guard !chunk.isEmpty else { return }
        try guarded {
            try queue.writeWithoutTransaction { db in
                // A chunk the database already holds byte for byte needs no transaction: no write lock is waited for.
                if open == nil, try Self.unchanged(chunk, db) { return }
                if open == nil {
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    open = OpenBatch(lastRowid: try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM documents") ?? 0)
                }
                try write(chunk, db)
                if open!.documents >= batchSize { try commit(db) }
            }
        }
    }

    /// Whether every document of the chunk is stored exactly as it is (read outside any transaction).
    private static func unchanged(_ chunk: [EncodedDocument], _ db: Database) throws -> Bool {
        let find = try RawStatement(db, "SELECT rowid, json FROM documents WHERE id = ?")
        for doc in chunk {
            find.bind(1, doc.id)
            guard let (_, identical) = try doc.json.withUnsafeBufferPointer({ try find.fetchRowid(comparingColumn: 1, with: $0) }),
                  identical else { return false }
        }
        return true
    }

    /// Commits what the open transaction holds.
    func finish() throws {
        try guarded {
            try queue.writeWithoutTransaction { db in if open != nil { try commit(db) } }
        }
    }

    /// Drops the open transaction's documents (an aborted run keeps only whole batches).
    func rollback() {
        guard open != nil else { return }
        open = nil
        try? queue.writeWithoutTransaction { db in if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") } }
    }

    /// Runs `body`; on an error rolls the open transaction back and reports it as a stage failure.
    private func guarded(_ body: () throws -> Void) throws {
        do { try body() } catch {
            rollback()
            if let error = error as? DatabaseError { throw StageFailure("cannot write to SQLite: \(error.message ?? "\(error)")") }
            throw error
        }
    }

    private func commit(_ db: Database) throws {
        guard let batch = open else { return }
        try db.execute(sql: "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, title, text FROM documents WHERE rowid > ?",
                       arguments: [batch.lastRowid])
        if !batch.replaced.isEmpty {
            try db.execute(sql: """
                INSERT INTO documents_fts(rowid, title, text)
                SELECT rowid, title, text FROM documents WHERE rowid IN (SELECT value FROM json_each(?))
                """, arguments: [Self.jsonList(batch.replaced)])
        }
        try db.execute(sql: "COMMIT")
        open = nil
        committed()
    }

    private static func jsonList(_ rowids: [Int64]) -> String { Value.array(rowids.sorted().map { .int(Int($0)) }).jsonString }

    /// One row per id, the annotation rows of each document replaced.
    ///
    /// The hot statements are prepared once per connection (GRDB's statement cache) and bound and stepped through
    /// the SQLite C API, straight from the encoded documents: no `StatementArguments` or `DatabaseValue` per cell.
    private func write(_ chunk: [EncodedDocument], _ db: Database) throws {
        let cols = DocumentRows.documentColumns
        let find = try RawStatement(db, "SELECT rowid, json FROM documents WHERE id = ?")
        let insert = try RawStatement(db, "INSERT INTO documents(\(cols.joined(separator: ", "))) VALUES (\(cols.map { _ in "?" }.joined(separator: ", ")))")
        // For a document already there, or the second copy of one in this transaction (the last copy wins).
        let update = try RawStatement(db, "UPDATE documents SET \(cols.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?")
        var deletes: [RawStatement] = [], inserts: [RawStatement] = []
        for table in AnnotationTable.all {
            deletes.append(try RawStatement(db, "DELETE FROM \(table.name) WHERE doc = ?"))
            let c = table.allColumns.map(\.name) + ["doc"]
            inserts.append(try RawStatement(db,
                "INSERT INTO \(table.name)(\(c.joined(separator: ", "))) VALUES (\(c.map { _ in "?" }.joined(separator: ", ")))"))
        }
        // Documents that were in the database before this transaction. One whose stored JSON is byte for byte the
        // new one is left alone (a pipeline run again over the same articles rewrites nothing). The others' old
        // index entries go first, while their rows still hold the old title and text.
        var existing: [String: Int64] = [:], skip = Set<Int>(), looked = Set<String>()
        for (i, doc) in chunk.enumerated() where open!.seen[doc.id] == nil && looked.insert(doc.id).inserted {
            find.bind(1, doc.id)
            guard let (rowid, identical) = try doc.json.withUnsafeBufferPointer({ try find.fetchRowid(comparingColumn: 1, with: $0) })
            else { continue }
            if identical {
                skip.insert(i)
                if open!.unchanged.updateValue(rowid, forKey: doc.id) == nil { open!.documents += 1 }
            } else {
                existing[doc.id] = rowid
                open!.unchanged[doc.id] = nil
            }
        }
        if !existing.isEmpty {
            try db.execute(sql: """
                INSERT INTO documents_fts(documents_fts, rowid, title, text)
                SELECT 'delete', rowid, title, text FROM documents WHERE rowid IN (SELECT value FROM json_each(?))
                """, arguments: [Self.jsonList(Array(existing.values))])
            open!.replaced.append(contentsOf: existing.values)
        }
        var cleared = Set<String>()
        for (i, doc) in chunk.enumerated() where !skip.contains(i) {
            let id = doc.id
            // A later copy of a document left alone: now it changes, so its old index entries go.
            if let rowid = open!.unchanged.removeValue(forKey: id) {
                try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rowid, title, text) SELECT 'delete', rowid, title, text FROM documents WHERE rowid = ?",
                               arguments: [rowid])
                open!.replaced.append(rowid)
                existing[id] = rowid
            }
            let known = existing[id] ?? open!.seen[id]
            let replacing = known != nil
            let row = replacing ? update : insert
            var p: Int32 = 1
            if !replacing { row.bind(p, id); p += 1 }
            for value in doc.columns { row.bind(p, value); p += 1 }
            doc.json.withUnsafeBufferPointer { row.bindText(p, $0) }  // copied by SQLite
            p += 1
            if replacing { row.bind(p, id) }
            try row.run()
            let rowid = known ?? sqlite3_last_insert_rowid(db.sqliteConnection)
            // The annotation rows written before (in the database, or by an earlier chunk) go once per chunk.
            if replacing && !cleared.contains(id) {
                for d in deletes { d.bind(1, rowid); try d.run() }
            }
            cleared.insert(id)
            if open!.seen.updateValue(rowid, forKey: id) == nil { open!.documents += 1 }
        }
        // Then the annotation rows, table by table in rowid order (appended, for new documents), of the last copy of
        // each document in the chunk: a second copy replaces the first.
        var last: [String: Int] = [:]
        last.reserveCapacity(chunk.count)
        for (i, doc) in chunk.enumerated() where !skip.contains(i) { last[doc.id] = i }
        var rowids: [String: Int64] = [:]
        for id in last.keys { rowids[id] = open!.seen[id]! }
        let order = last.values.sorted { rowids[chunk[$0].id]! < rowids[chunk[$1].id]! }
        for (i, table) in AnnotationTable.all.enumerated() {
            let width = table.allColumns.count, stmt = inserts[i]
            for d in order where !chunk[d].cells[i].isEmpty {
                let doc = chunk[d], rowid = rowids[doc.id]!
                try doc.bytes.withUnsafeBufferPointer { bytes in
                    defer { stmt.clearBindings() }  // no pointer into `bytes` stays bound, even after an error
                    let cells = doc.cells[i]
                    var c = 0
                    while c < cells.count {
                        for k in 0..<width { stmt.bind(Int32(k + 1), cells[c + k], bytes: bytes) }
                        stmt.bind(Int32(width + 1), rowid)
                        try stmt.run()
                        c += width
                    }
                }
            }
        }
    }
}

/// Copies committed WAL frames into the database file on a thread and connection of its own, so the copying
/// overlaps with the writer's next batch instead of stalling it (the writer's own automatic checkpoints are off).
final class Checkpointer: Sendable {
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let stopping = Mutex(false)

    init(path: String) throws {
        var config = Configuration()
        config.label = "galley.output.sqlite.checkpoint"
        config.busyMode = .timeout(30)
        let queue = try DatabaseQueue(path: path, configuration: config)
        let thread = Thread { [self] in
            while true {
                wake.wait()
                if stopping.withLock({ $0 }) { break }
                // Passive: copies what it can without waiting for the writer or readers; a busy WAL is left for later.
                _ = try? queue.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
            try? queue.close()
            stopped.signal()
        }
        thread.start()
    }

    /// Asks for a checkpoint (signals arriving while one runs add up to at most a few extra, cheap, checkpoints).
    func poke() { wake.signal() }

    /// Stops the thread and closes its connection.
    func stop() {
        stopping.withLock { $0 = true }
        wake.signal()
        stopped.wait()
    }
}
