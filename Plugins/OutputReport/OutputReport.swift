import Foundation
import GalleyCore
import GalleyRows
import OrderedCollections
import Synchronization

/// The `output.report` stage: one self-contained HTML page for the whole run — overview, charts, timeline,
/// quotes, stage timing and every document with its entities and quotes highlighted.
public final class OutputReport: SinkStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "output.report", kind: .sink,
            summary: "Write one self-contained HTML report of the run: overview, charts, timeline, quotes, timing, highlighted documents",
            parameters: [
                ParameterSpec("path", .string, required: true, output: .file, doc: "the .html file, relative to the working directory"),
                ParameterSpec("title", .string, default: "Galley report", doc: "heading of the page"),
                ParameterSpec("top", .integer, default: 15, range: 1...1000, doc: "bars per chart"),
                ParameterSpec("max_documents", .integer, default: 5000, range: 0...100_000_000, doc: "documents shown in full; later ones count in the charts only"),
                ParameterSpec("max_quotes", .integer, default: 1000, range: 0...100_000_000, doc: "rows of the quotes table"),
            ],
            make: { config in .sink(try OutputReport(config: config)) }),
    ]

    /// The output file.
    public let path: String
    let title: String
    let top: Int
    let maxDocuments: Int
    let maxQuotes: Int
    /// Distinct names kept per entity label or speaker table, to bound memory.
    static let maxNames = 100_000

    struct State {
        var aggregates = Aggregates()
        var documents: Spool?
        var index: Spool?
        var quotes: Spool?
        /// The page, opened (and the output locked) when the run starts, written when it finishes.
        var file: AtomicFile?
    }
    private let state = Mutex(State())

    /// Creates the stage from its configuration.
    public init(config: StageConfig) throws {
        path = config.parameters.string("path") ?? "out/report.html"
        title = config.parameters.string("title") ?? "Galley report"
        top = max(1, config.parameters.int("top") ?? 15)
        maxDocuments = max(0, config.parameters.int("max_documents") ?? 5000)
        maxQuotes = max(0, config.parameters.int("max_quotes") ?? 1000)
        if path == "-" { throw StageFailure("output.report writes a file; give a path") }
    }

    public func open(resume: Bool) throws {
        let file = try AtomicFile(path: path, lock: true)
        let base = OutputPath.sibling(of: path, suffix: ".\(getpid())")
        do {
            let documents = try Spool(path: base + ".documents")
            let index = try Spool(path: base + ".index")
            let quotes = try Spool(path: base + ".quotes")
            state.withLock { $0 = State(documents: documents, index: index, quotes: quotes, file: file) }
        } catch {
            file.discard()
            throw error
        }
    }

    public func write(_ document: Document) throws {
        try state.withLock { s in
            guard s.aggregates.written.insert(document.id).inserted else { return }
            try add(document, to: &s)
        }
    }

    public func finish() throws {
        var s = state.withLock { s -> State in
            defer { s.documents = nil; s.index = nil; s.quotes = nil; s.file = nil }
            return s
        }
        guard var documents = s.documents, var index = s.index, var quotes = s.quotes, let file = s.file else { return }
        defer { documents.close(); index.close(); quotes.close() }
        do {
            let a = s.aggregates
            try file.append(Array(head(a).utf8))
            try file.append(Array(overview(a).utf8))
            try file.append(Array(corpusSection(a).utf8))
            try file.append(Array(entitySection(a).utf8))
            try file.append(Array(enrichmentSection(a).utf8))
            try file.append(Array(timelineSection(a).utf8))
            try file.append(Array(quotesSection(a, hasRows: quotes.count > 0).utf8))
            if quotes.count > 0 {
                try file.append(Array("<div class=\"scroll\"><table class=\"quotes\"><thead><tr><th>Speaker</th><th>Quote</th><th>Kind</th><th>Article</th></tr></thead><tbody>\n".utf8))
                try quotes.copy(into: file)
                try file.append(Array("</tbody></table></div>".utf8))
                if a.counts["quotes", default: 0] > a.quotesShown {
                    try file.append(Array("<p class=\"muted\">The first \(HTML.number(a.quotesShown)) of \(HTML.number(a.counts["quotes", default: 0])) quotes (set <code>max_quotes</code> for more).</p>".utf8))
                }
            }
            try file.append(Array("</section>".utf8))
            try file.append(Array(timingSection(a).utf8))
            try file.append(Array(documentsHeader(a).utf8))
            try index.copy(into: file)
            try file.append(Array("</ol></details>".utf8))
            try documents.copy(into: file)
            try file.append(Array("</section></main><footer>Made by galley · output.report</footer></body></html>\n".utf8))
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        s.aggregates = Aggregates()
    }

    public func abort() {
        state.withLock { s in
            s.documents?.close(); s.index?.close(); s.quotes?.close(); s.file?.discard()
            s.documents = nil; s.index = nil; s.quotes = nil; s.file = nil
        }
    }
}
