import CLibPQ
import Foundation
import GalleyCore
import GalleyRows

/// One connection to a PostgreSQL server through libpq. libpq connections are not thread-safe: the owner makes
/// every call under its lock (`OutputPostgres.state`), which is what makes the unchecked Sendable sound.
final class PQConnection: @unchecked Sendable {
    private var conn: OpaquePointer?

    /// Connects (blocking) with the given settings; the error carries libpq's message on one line.
    init(_ settings: ConnectionSettings) throws {
        var params: [(String, String)] = [
            ("host", settings.host), ("port", "\(settings.port)"), ("user", settings.user), ("dbname", settings.database),
            ("sslmode", settings.sslmode), ("client_encoding", "UTF8"), ("connect_timeout", "10"),
            ("application_name", "galley"),
        ]
        if let p = settings.password { params.append(("password", p)) }
        let keys = params.map { strdup($0.0) }, values = params.map { strdup($0.1) }
        defer { for p in keys + values { free(p) } }
        let conn = (keys.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { k in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { v in
                PQconnectdbParams(k.baseAddress, v.baseAddress, 0)
            }
        }
        guard let conn else { throw StageFailure("out of memory") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.oneLine(PQerrorMessage(conn))
            PQfinish(conn)
            throw StageFailure(message)
        }
        galley_pq_silence_notices(conn)
        self.conn = conn
    }

    deinit { close() }

    /// Closes the connection (an open transaction is rolled back by the server).
    func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }

    /// A libpq message (maybe several lines, tab-indented hints) as one line.
    static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The server's primary message for a failed result, else the connection's message.
    private func failure(_ result: OpaquePointer?) -> StageFailure {
        if let result, let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) {
            return StageFailure("PostgreSQL: \(String(cString: primary))")
        }
        return StageFailure("PostgreSQL: \(Self.oneLine(PQerrorMessage(conn)))")
    }

    /// Runs one statement (or several separated by `;`) and returns the rows of the last one, each value as text
    /// (nil for NULL).
    @discardableResult
    func exec(_ sql: String) throws -> [[String?]] {
        guard let conn else { throw StageFailure("PostgreSQL: the connection is closed") }
        let result = PQexec(conn, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw failure(result) }
        let rows = PQntuples(result), columns = PQnfields(result)
        return (0..<rows).map { r in
            (0..<columns).map { c in PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c)) }
        }
    }

    /// Bulk-loads rows with `COPY table (columns) FROM STDIN` in text format, sending `buffer` in chunks.
    func copy(into table: String, columns: [String], _ buffer: CopyBuffer) throws {
        guard let conn else { throw StageFailure("PostgreSQL: the connection is closed") }
        let start = PQexec(conn, "COPY \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) FROM STDIN")
        let status = PQresultStatus(start)
        guard status == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw failure(start)
        }
        PQclear(start)
        var sent = true
        buffer.bytes.withUnsafeBufferPointer { all in
            let chunk = 1 << 20
            var offset = 0
            while offset < all.count, sent {
                let n = min(chunk, all.count - offset)
                sent = all.baseAddress!.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: n) {
                    PQputCopyData(conn, $0, Int32(n)) == 1
                }
                offset += n
            }
        }
        let ended = PQputCopyEnd(conn, sent ? nil : "galley could not send the rows") == 1
        var error: StageFailure?
        while let result = PQgetResult(conn) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, error == nil { error = failure(result) }
            PQclear(result)
        }
        if let error { throw error }
        if !sent || !ended { throw failure(nil) }
    }
}

/// Rows in the text format of `COPY … FROM STDIN`: values separated by tabs, rows ended by newlines, `\N` for NULL,
/// backslash escapes for backslash, tab, newline and carriage return. NUL characters, which PostgreSQL text cannot
/// hold, are dropped; in JSON columns their `\u0000` escapes are dropped too (jsonb refuses them).
struct CopyBuffer {
    var bytes: [UInt8] = []

    /// Appends one row; `json` marks the columns whose values are JSON text.
    mutating func append(_ row: [SQLValue], json: [Bool]) {
        for (i, value) in row.enumerated() {
            if i > 0 { bytes.append(0x09) }
            switch value {
            case .null: bytes.append(contentsOf: [0x5C, 0x4E])  // \N
            case .integer(let n): bytes.append(contentsOf: String(n).utf8)
            case .real(let d): bytes.append(contentsOf: "\(d)".utf8)
            case .text(var s):
                if json[i], s.utf8.count >= 6, s.contains("\\u0000") { s = Self.droppingNULEscapes(s) }
                s.withUTF8 { append(escaping: $0) }
            }
        }
        bytes.append(0x0A)
    }

    private mutating func append(escaping utf8: UnsafeBufferPointer<UInt8>) {
        var clean = 0
        for (i, b) in utf8.enumerated() {
            let escape: UInt8
            switch b {
            case 0x5C: escape = 0x5C  // \\
            case 0x0A: escape = 0x6E  // \n
            case 0x0D: escape = 0x72  // \r
            case 0x09: escape = 0x74  // \t
            case 0x00: escape = 0
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<i]))
            if escape != 0 { bytes.append(contentsOf: [0x5C, escape]) }
            clean = i + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
    }

    /// JSON text without its `\u0000` escapes (an escape is one preceded by an even number of backslashes).
    static func droppingNULEscapes(_ json: String) -> String {
        let b = Array(json.utf8)
        let pattern = Array("\\u0000".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0, backslashes = 0
        while i < b.count {
            if b[i] == 0x5C, backslashes % 2 == 0, i + 6 <= b.count, b[i..<(i + 6)].elementsEqual(pattern) {
                i += 6
                backslashes = 0
                continue
            }
            backslashes = b[i] == 0x5C ? backslashes + 1 : 0
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
