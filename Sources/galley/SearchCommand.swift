import ArgumentParser
import Foundation
import GalleyCore
import GalleyREPL
import OutputSQLite

#if canImport(Glibc)
import Glibc
#endif

/// `galley search DB QUERY`: full-text search over a database written by `output.sqlite`.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search (bm25-ranked) over an SQLite database written by output.sqlite.",
        discussion: "QUERY uses SQLite FTS5 syntax: words, \"exact phrases\", OR, NOT, prefix*, title:word.")

    @Argument(help: "The database file (e.g. out/news.sqlite).")
    var database: String

    @Argument(help: "What to search for.")
    var query: String

    @Option(help: "Most results to show.")
    var limit: Int = 10

    @Flag(help: "One JSON object per result per line: id, title, published, path, snippet, score.")
    var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let color = !json && TerminalStyle.colors(on: 1)
        let marks = json ? ("**", "**") : color ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("**", "**")
        let hits: [SearchHit]
        do {
            hits = try SQLiteSearch.search(databaseAt: database, query: query, limit: limit, highlight: marks)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        if json {
            for h in hits {
                let o: Value = ["id": .string(h.id), "title": .string(h.title), "published": h.published.map(Value.string) ?? .null,
                                "path": .string(h.path), "snippet": .string(h.snippet), "score": .double(h.score)]
                print(o.jsonString)
            }
            return
        }
        if hits.isEmpty { Terminal.error("no matches for '\(query)' in \(database)"); return }
        let bold = color ? "\u{1B}[1m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        for (i, h) in hits.enumerated() {
            if i > 0 { print("") }
            print("\(bold)\(i + 1). \(h.title.isEmpty ? "(untitled)" : h.title)\(reset)")
            print("   \(dim)\(h.published ?? "no date") · \(h.path)\(reset)")
            let snippet = h.snippet.split(whereSeparator: \.isNewline).joined(separator: " ")
            print("   \(snippet)")
        }
    }
}
