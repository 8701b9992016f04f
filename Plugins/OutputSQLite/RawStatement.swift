import Foundation
import GalleyCore
import GalleyRows
internal import GRDB
#if canImport(GRDBSQLite)
internal import GRDBSQLite
#else
internal import SQLite3
#endif

/// A statement from GRDB's per-connection cache, bound and stepped through the SQLite C API: the writer's inserts
/// run tens of thousands of times per batch, and GRDB's `StatementArguments` cost more than SQLite itself there.
/// Used only inside one `DatabaseQueue.write` closure, on the queue's thread (not Sendable).
struct RawStatement {
    /// Keeps the prepared statement alive (GRDB finalizes it when the connection closes).
    private let statement: Statement
    private let handle: SQLiteStatement

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// SQLite copies the bytes before the bind call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bindText(index, $0) }
    }

    /// UTF-8 bytes as TEXT (an empty buffer is the empty string, not NULL).
    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    func bindText(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        if let base = bytes.baseAddress, bytes.count > 0 {
            sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
        } else {
            sqlite3_bind_text(handle, index, "", 0, Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: SQLValue) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let i): sqlite3_bind_int64(handle, index, Int64(i))
        case .real(let d): sqlite3_bind_double(handle, index, d)
        case .text(let s): bind(index, s)
        }
    }

    /// A cell of an encoded annotation row; text ranges index `bytes`, which SQLite reads in place: the caller keeps
    /// `bytes` alive and unchanged until the statement has run, and rebinds every parameter before each run.
    func bind(_ index: Int32, _ cell: EncodedDocument.Cell, bytes: UnsafeBufferPointer<UInt8>) {
        switch cell {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let i): sqlite3_bind_int64(handle, index, Int64(i))
        case .real(let d): sqlite3_bind_double(handle, index, d)
        case .text(let l, let u):
            if u > l, let base = bytes.baseAddress {
                sqlite3_bind_text(handle, index, UnsafeRawPointer(base + l).assumingMemoryBound(to: CChar.self), Int32(u - l), nil)
            } else {
                bindText(index, UnsafeBufferPointer(start: nil, count: 0))
            }
        }
    }

    /// A cell of an encoded annotation row, its text copied by SQLite (`bytes` need not outlive the call).
    func bind(_ index: Int32, _ cell: EncodedDocument.Cell, copying bytes: UnsafeBufferPointer<UInt8>) {
        if case .text(let l, let u) = cell {
            bindText(index, UnsafeBufferPointer(rebasing: bytes[l..<u]))
        } else {
            bind(index, cell, bytes: bytes)
        }
    }

    /// Forgets the bound values (so no pointer bound in place outlives its buffer).
    func clearBindings() { sqlite3_clear_bindings(handle) }

    /// Steps to the end and resets; throws SQLite's error.
    func run() throws {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        if rc != SQLITE_DONE && rc != SQLITE_ROW { throw error(rc) }
    }

    /// The first column of the first row as an integer, and whether column `column` holds exactly `bytes`; nil when
    /// there is no row.
    func fetchRowid(comparingColumn column: Int32, with bytes: UnsafeBufferPointer<UInt8>) throws -> (Int64, Bool)? {
        let rc = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        if rc == SQLITE_DONE { return nil }
        guard rc == SQLITE_ROW else { throw error(rc) }
        let rowid = sqlite3_column_int64(handle, 0)
        let stored = sqlite3_column_text(handle, column)  // before `_bytes`, as SQLite asks
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count == bytes.count else { return (rowid, false) }
        if count == 0 { return (rowid, true) }
        guard let stored, let base = bytes.baseAddress else { return (rowid, false) }
        return (rowid, memcmp(stored, base, count) == 0)
    }

    /// The first column of the first row as an integer, or nil when there is no row.
    func fetchInt64() throws -> Int64? {
        let rc = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        if rc == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
        if rc == SQLITE_DONE { return nil }
        throw error(rc)
    }

    private func error(_ rc: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
    }
}
