import Foundation
import GalleyCore
internal import GRDB

/// One full-text search result.
public struct SearchHit: Sendable, Hashable {
    /// The document id.
    public var id: String
    /// The title (empty when the document has none).
    public var title: String
    /// The publication date as stored, if any.
    public var published: String?
    /// The input path.
    public var path: String
    /// A piece of the text around the matches, matches between the highlight markers.
    public var snippet: String
    /// The bm25 score (lower is better, as SQLite reports it).
    public var score: Double
}

/// Full-text search over a database written by `output.sqlite`.
public enum SQLiteSearch {
    /// Searches titles and text with FTS5, best matches first (bm25, title matches weigh 10× the text).
    /// A query that is not valid FTS5 syntax is retried with each word quoted, so `Kim Jong-un` works as typed.
    public static func search(databaseAt path: String, query: String, limit: Int = 10,
                              highlight: (open: String, close: String) = ("**", "**")) throws -> [SearchHit] {
        guard FileManager.default.fileExists(atPath: path) else { throw StageFailure("no database at '\(path)'") }
        var config = Configuration()
        config.readonly = true
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: path, configuration: config) } catch let e as DatabaseError {
            throw StageFailure("cannot open '\(path)': \(e.message ?? "\(e)")")
        }
        let sql = """
            SELECT d.id, d.title, d.published, d.path,
                   snippet(documents_fts, -1, ?, ?, '…', 16) AS snippet,
                   bm25(documents_fts, 10.0, 1.0) AS score
            FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
            WHERE documents_fts MATCH ?
            ORDER BY score, d.id
            LIMIT ?
            """
        return try queue.read { db in
            guard try db.tableExists("documents_fts") else {
                throw StageFailure("'\(path)' has no full-text index (not written by output.sqlite?)")
            }
            func run(_ q: String) throws -> [SearchHit] {
                try Row.fetchAll(db, sql: sql, arguments: [highlight.open, highlight.close, q, limit]).map { row in
                    SearchHit(id: row["id"], title: row["title"] ?? "", published: row["published"], path: row["path"] ?? "",
                              snippet: row["snippet"] ?? "", score: row["score"])
                }
            }
            do {
                return try run(query)
            } catch let e as DatabaseError where (e.message ?? "").contains("syntax error") || (e.message ?? "").contains("no such column") {
                return try run(quoted(query))
            } catch let e as DatabaseError {
                throw StageFailure("search failed: \(e.message ?? "\(e)")")
            }
        }
    }

    /// Every whitespace-separated word as an FTS5 string (`Kim Jong-un` → `"Kim" "Jong-un"`).
    public static func quoted(_ query: String) -> String {
        query.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " ")
    }
}
