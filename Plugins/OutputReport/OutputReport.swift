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

    struct Aggregates {
        var documents = 0
        var words = 0
        var published: [String: Int] = [:]
        var mentioned: [String: Int] = [:]
        var names: [String: [String: Int]] = [:]
        var speakers: [String: Int] = [:]
        var quantityKinds: [String: Int] = [:]
        var folders: [String: Int] = [:]
        var lengths: [Int: Int] = [:]
        var counts: [String: Int] = [:]
        var stageSeconds: OrderedDictionary<String, Double> = [:]
        var stageDocuments: [String: Int] = [:]
        var quotesShown = 0
        var documentsShown = 0
        var written = Set<String>()
    }
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

    private func add(_ doc: Document, to s: inout State) throws {
        var a = s.aggregates
        defer { s.aggregates = a }
        a.documents += 1
        let words = Self.wordCount(doc.text)
        a.words += words
        a.lengths[min(words / 100, 15), default: 0] += 1
        Self.bump(&a.folders, Self.folder(of: doc.source.path))
        if let p = doc.publishedDate { a.published[String(format: "%04d-%02d-%02d", p.year, p.month, p.day), default: 0] += 1 }
        for t in doc.trace {
            a.stageSeconds[t.stage, default: 0] += t.seconds
            a.stageDocuments[t.stage, default: 0] += 1
        }
        let anchor = Self.anchor(doc.id)
        let docTitle = doc.fields["title"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? doc.source.path
        var covered = CoveredText(doc.text)
        func spanText(_ ann: Annotation) -> String { covered.of(ann) }
        var entityCount = 0, quoteCount = 0
        for ann in doc.annotations {
            switch ann.kind {
            case "entities":
                entityCount += 1
                let label = ann.attributes["label"]?.stringValue ?? "MISC"
                let name = ann.attributes["canonical"]?.stringValue ?? spanText(ann)
                Self.bump(&a.names[label, default: [:]], name)
            case "quotes":
                quoteCount += 1
                let speaker = ann.attributes["speaker"]?.stringValue
                if let speaker, !speaker.isEmpty { Self.bump(&a.speakers, speaker) }
                if a.quotesShown < maxQuotes {
                    a.quotesShown += 1
                    let text = HTML.clip(spanText(ann), 400)
                    let who = speaker.map { "<b>\(HTML.escape($0))</b>" } ?? "<span class=\"muted\">unattributed</span>"
                    let role = ann.attributes["speaker_role"]?.stringValue.map { "<br><span class=\"muted\">\(HTML.escape($0))</span>" } ?? ""
                    let kind = ann.attributes["kind"]?.stringValue ?? ""
                    try s.quotes?.append("<tr><td>\(who)\(role)</td><td class=\"qt\">\(HTML.escape(text))</td><td>\(HTML.escape(kind))</td><td><a href=\"#\(anchor)\">\(HTML.escape(HTML.clip(docTitle, 60)))</a></td></tr>\n")
                }
            case "quantities":
                a.quantityKinds[ann.attributes["kind"]?.stringValue ?? "other", default: 0] += 1
            case "dates":
                if let v = ann.attributes["value"]?.stringValue, let key = Self.monthKey(v) { a.mentioned[key, default: 0] += 1 }
            default: break
            }
            a.counts[ann.kind, default: 0] += 1
        }
        guard a.documentsShown < maxDocuments else { return }
        a.documentsShown += 1
        var meta: [String] = []
        if let p = doc.fields["published"]?.stringValue { meta.append(HTML.escape(p)) }
        if let au = doc.fields["author"]?.stringValue, !au.isEmpty { meta.append("by " + HTML.escape(au)) }
        meta.append("<code>\(HTML.escape(doc.source.path))</code>")
        meta.append("\(HTML.number(words)) words")
        if entityCount > 0 { meta.append("\(entityCount) entities") }
        if quoteCount > 0 { meta.append("\(quoteCount) quotes") }
        var html = "<article class=\"doc\" id=\"\(anchor)\"><h3>\(HTML.escape(docTitle))</h3>"
        if let sub = doc.fields["subtitle"]?.stringValue, !sub.isEmpty { html += "<p class=\"subtitle\">\(HTML.escape(sub))</p>" }
        html += "<p class=\"meta\">\(meta.joined(separator: " · "))</p><div class=\"body\">"
        try s.documents?.append(html)
        try s.documents?.append(HTML.highlightedBody(doc))
        try s.documents?.append("</div><p class=\"top\"><a href=\"#documents\">↑ documents</a></p></article>\n")
        try s.index?.append("<li><a href=\"#\(anchor)\">\(HTML.escape(HTML.clip(docTitle, 90)))</a></li>")
    }

    static func bump(_ table: inout [String: Int], _ key: String) {
        if let n = table[key] { table[key] = n + 1 } else if table.count < maxNames { table[key] = 1 }
    }

    /// Words: runs of non-space bytes, counted on UTF-8.
    static func wordCount(_ text: String) -> Int {
        var n = 0, inWord = false
        for b in text.utf8 {
            let space = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
            if !space && !inWord { n += 1 }
            inWord = !space
        }
        return n
    }

    /// The name of the folder a document's file is in (`business` for `bbc/business/001.txt`), or `(top level)`.
    static func folder(of path: String) -> String {
        let parts = path.split(separator: "/")
        guard parts.count >= 2 else { return "(top level)" }
        let name = parts[parts.count - 2]
        return String(name)
    }

    /// `YYYY-MM` for a date or month value, `YYYY` for a year; nil otherwise.
    static func monthKey(_ v: String) -> String? {
        let b = Array(v.utf8.prefix(7))
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= b.count && b[r].allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard digits(0..<4) else { return nil }
        if b.count >= 7 && b[4] == 45 && digits(5..<7) { return String(decoding: b, as: UTF8.self) }
        return String(decoding: b[0..<4], as: UTF8.self)
    }

    /// A safe HTML id for a document.
    static func anchor(_ id: String) -> String {
        let safe = !id.isEmpty && id.utf8.count <= 40 && id.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }
        return "d-" + (safe ? id : StableHash.hex(StableHash.fnv1a64(Array(id.utf8))))
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

    // MARK: - Sections

    func top(_ table: [String: Int]) -> [(label: String, value: Double)] {
        table.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top).map { ($0.key, Double($0.value)) }
    }

    func head(_ a: Aggregates) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="galley output.report">
        <title>\(HTML.escape(title))</title>
        <style>\(Self.css)</style></head><body>
        <header><h1>\(HTML.escape(title))</h1>
        <nav><a href="#overview">Overview</a><a href="#corpus">Corpus</a><a href="#entities">People, places, organisations</a><a href="#timeline">Timeline</a><a href="#quotes">Quotes</a><a href="#timing">Timing</a><a href="#documents">Documents</a></nav></header>
        <main>
        """
    }

    func overview(_ a: Aggregates) -> String {
        let days = a.published.keys.sorted()
        let range = days.isEmpty ? "—" : days.first! == days.last! ? days.first! : "\(days.first!) → \(days.last!)"
        var cards: [(String, String)] = [
            ("documents", HTML.number(a.documents)),
            ("words", HTML.number(a.words)),
            ("words per document", a.documents > 0 ? HTML.number(a.words / a.documents) : "—"),
            ("published", range),
        ]
        for (kind, label) in [("entities", "entities"), ("quotes", "quotes"), ("quantities", "figures"), ("dates", "dates mentioned")] {
            cards.append((label, HTML.number(a.counts[kind, default: 0])))
        }
        let html = cards.map { "<div class=\"card\"><div class=\"big\">\(HTML.escape($0.1))</div><div class=\"label\">\(HTML.escape($0.0))</div></div>" }
        return "<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">\(html.joined())</div></section>\n"
    }

    func corpusSection(_ a: Aggregates) -> String {
        guard a.documents > 0 else { return "" }
        var html = "<section id=\"corpus\"><h2>Corpus</h2><div class=\"grid\">"
        html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#2a8f9c\"></span>Documents by folder <span class=\"muted\">(\(HTML.number(a.folders.count)))</span></h3>\(HTML.barChart(top(a.folders), color: "#2a8f9c"))</div>"
        let last = a.lengths.keys.max() ?? 0
        let buckets = (0...last).map { i in (label: i == 15 ? "1500+" : "\(i * 100)–\(i * 100 + 99)", value: a.lengths[i, default: 0]) }
        html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#5c7080\"></span>Length in words</h3>\(HTML.columnChart(buckets, color: "#5c7080", width: 520))</div>"
        return html + "</div></section>\n"
    }

    func entitySection(_ a: Aggregates) -> String {
        var html = "<section id=\"entities\"><h2>People, places and organisations</h2>"
        let groups = [("PER", "People", "#3f6fd8"), ("LOC", "Places", "#2b9b6e"), ("ORG", "Organisations", "#d9822b"), ("MISC", "Other names", "#8a5cc7")]
        let present = groups.filter { !(a.names[$0.0]?.isEmpty ?? true) }
        if present.isEmpty {
            html += "<p class=\"note\">No entities in this run: the pipeline has no entity stage yet. Speakers, figures and dates below come from the stages that did run.</p>"
        } else {
            html += "<div class=\"grid\">"
            for (label, name, color) in present {
                html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:\(color)\"></span>\(name) <span class=\"muted\">(\(HTML.number(a.names[label]!.count)) distinct)</span></h3>\(HTML.barChart(top(a.names[label]!), color: color))</div>"
            }
            html += "</div>"
        }
        if !a.speakers.isEmpty || !a.quantityKinds.isEmpty {
            html += "<div class=\"grid\">"
            if !a.speakers.isEmpty {
                html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#c9a227\"></span>Most quoted <span class=\"muted\">(\(HTML.number(a.speakers.count)) speakers)</span></h3>\(HTML.barChart(top(a.speakers), color: "#c9a227"))</div>"
            }
            if !a.quantityKinds.isEmpty {
                html += "<div class=\"panel\"><h3><span class=\"dot\" style=\"background:#5c7080\"></span>Figures by kind</h3>\(HTML.barChart(top(a.quantityKinds), color: "#5c7080"))</div>"
            }
            html += "</div>"
        }
        return html + "</section>\n"
    }

    func timelineSection(_ a: Aggregates) -> String {
        var html = "<section id=\"timeline\"><h2>Timeline</h2><h3>Publication dates</h3>"
        if a.published.isEmpty {
            html += "<p class=\"note\">No document has a publication date.</p>"
        } else {
            html += HTML.columnChart(Self.buckets(a.published), color: "#3f6fd8")
        }
        html += "<h3>Dates mentioned in the text</h3>"
        if a.mentioned.isEmpty {
            html += "<p class=\"note\">No dates were found in the text (an <code>enrich.dates</code> stage adds them).</p>"
        } else {
            // A few far-off years (history, forecasts) would squash the chart: show the middle 90% of mentions.
            let (kept, outside) = Self.central(a.mentioned, share: 0.9)
            html += HTML.columnChart(Self.buckets(kept), color: "#2b9b6e")
            if outside > 0 {
                let years = a.mentioned.keys.compactMap { Int($0.prefix(4)) }
                html += "<p class=\"muted\">\(HTML.number(outside)) \(outside == 1 ? "mention" : "mentions") outside \(kept.keys.min()!.prefix(4))–\(kept.keys.max()!.prefix(4)) not shown (earliest \(years.min()!), latest \(years.max()!)).</p>"
            }
        }
        return html + "</section>\n"
    }

    func quotesSection(_ a: Aggregates, hasRows: Bool) -> String {
        var html = "<section id=\"quotes\"><h2>Quotes</h2>"
        if !hasRows { html += "<p class=\"note\">No quotes in this run.</p>" }
        return html
    }

    func timingSection(_ a: Aggregates) -> String {
        var html = "<section id=\"timing\"><h2>Time per stage</h2>"
        guard !a.stageSeconds.isEmpty else { return html + "<p class=\"note\">No stage timings.</p></section>\n" }
        let items = a.stageSeconds.map { (label: $0.key, value: $0.value * 1000) }
        html += HTML.barChart(items, color: "#5c7080", format: { String(format: "%.1f ms", $0) })
        html += "<table class=\"timing\"><thead><tr><th>Stage</th><th>Documents</th><th>Total</th><th>Per document</th></tr></thead><tbody>"
        for (stage, seconds) in a.stageSeconds {
            let n = a.stageDocuments[stage, default: 0]
            html += "<tr><td><code>\(HTML.escape(stage))</code></td><td>\(HTML.number(n))</td><td>\(String(format: "%.1f ms", seconds * 1000))</td><td>\(String(format: "%.3f ms", n > 0 ? seconds * 1000 / Double(n) : 0))</td></tr>"
        }
        html += "</tbody></table><p class=\"muted\">Stages that run before this report; outputs listed after it in the pipeline are not timed here.</p>"
        return html + "</section>\n"
    }

    func documentsHeader(_ a: Aggregates) -> String {
        var html = "<section id=\"documents\"><h2>Documents</h2>"
        html += "<p class=\"legend\"><mark class=\"e PER\">person</mark> <mark class=\"e LOC\">place</mark> <mark class=\"e ORG\">organisation</mark> <mark class=\"e MISC\">other name</mark> <mark class=\"q\">quote</mark> <mark class=\"n\">figure</mark> <mark class=\"d\">date</mark></p>"
        if a.documents > a.documentsShown {
            html += "<p class=\"muted\">The first \(HTML.number(a.documentsShown)) of \(HTML.number(a.documents)) documents are shown (set <code>max_documents</code> for more).</p>"
        }
        html += "<details class=\"index\"\(a.documentsShown <= 30 ? " open" : "")><summary>Index of \(HTML.number(a.documentsShown)) documents</summary><ol>"
        return html
    }

    /// The keys between the percentiles that hold the middle `share` of the counts, and how many counts fell outside.
    static func central(_ counts: [String: Int], share: Double) -> (kept: [String: Int], outside: Int) {
        let keys = counts.keys.sorted()
        let total = counts.values.reduce(0, +)
        let cut = Int(Double(total) * (1 - share) / 2)
        var low = 0, high = keys.count - 1, dropped = 0
        while low < high, dropped + counts[keys[low]]! <= cut { dropped += counts[keys[low]]!; low += 1 }
        var droppedHigh = 0
        while high > low, droppedHigh + counts[keys[high]]! <= cut { droppedHigh += counts[keys[high]]!; high -= 1 }
        var kept: [String: Int] = [:]
        for k in keys[low...high] { kept[k] = counts[k] }
        return (kept, dropped + droppedHigh)
    }

    /// Continuous buckets over the keys' range: days (`YYYY-MM-DD`) when it spans ≤ 62 days, else months, else years when over 6 years.
    static func buckets(_ counts: [String: Int]) -> [(label: String, value: Int)] {
        func ym(_ k: String) -> (Int, Int)? {
            let b = Array(k.utf8)
            guard b.count >= 4, let y = Int(String(decoding: b[0..<4], as: UTF8.self)) else { return nil }
            let m = b.count >= 7 ? Int(String(decoding: b[5..<7], as: UTF8.self)) ?? 0 : 0
            return (y, m)
        }
        let keys = counts.keys.sorted()
        guard let first = keys.first.flatMap(ym), let last = keys.last.flatMap(ym) else { return [] }
        let months = (last.0 - first.0) * 12 + (last.1 - first.1)
        let hasDays = keys.allSatisfy { $0.utf8.count >= 10 }
        if hasDays && months <= 2 {
            // Days: walk the calendar from the first to the last key.
            let cal = Calendar(identifier: .gregorian)
            var comps = DateComponents()
            comps.year = first.0; comps.month = first.1
            comps.day = Int(String(decoding: Array(keys.first!.utf8.dropFirst(8).prefix(2)), as: UTF8.self)) ?? 1
            guard var day = cal.date(from: comps) else { return [] }
            var out: [(String, Int)] = []
            let fmt = DateFormatter()
            fmt.dateFormat = "yyyy-MM-dd"
            fmt.timeZone = TimeZone(identifier: "UTC")
            var tz = cal
            tz.timeZone = TimeZone(identifier: "UTC")!
            comps.timeZone = TimeZone(identifier: "UTC")
            day = tz.date(from: comps) ?? day
            while out.count < 70 {
                let k = fmt.string(from: day)
                out.append((k, counts[k, default: 0]))
                if k >= keys.last! { break }
                day = tz.date(byAdding: .day, value: 1, to: day) ?? day
            }
            return out
        }
        var byMonth: [String: Int] = [:], byYear: [Int: Int] = [:]
        for (k, v) in counts {
            guard let (y, m) = ym(k) else { continue }
            byYear[y, default: 0] += v
            if m > 0 { byMonth[String(format: "%04d-%02d", y, m), default: 0] += v }
        }
        if months <= 72 && !byMonth.isEmpty {
            var out: [(String, Int)] = []
            var (y, m) = (first.0, max(1, first.1))
            while (y, m) <= (last.0, max(1, last.1)) {
                let k = String(format: "%04d-%02d", y, m)
                out.append((k, byMonth[k, default: 0]))
                m += 1
                if m > 12 { m = 1; y += 1 }
            }
            return out
        }
        return (first.0...last.0).map { (String($0), byYear[$0, default: 0]) }
    }

    static let css = """
    :root{--ink:#1d2733;--muted:#6b7785;--line:#e3e8ee;--bg:#f6f8fa;--card:#fff;--accent:#3f6fd8}
    *{box-sizing:border-box}
    body{margin:0;font:15px/1.55 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
    header{background:#1d2733;color:#fff;padding:22px 40px 0}
    header h1{margin:0 0 14px;font-size:26px;font-weight:650;letter-spacing:-.01em}
    nav{display:flex;gap:22px;flex-wrap:wrap}
    nav a{color:#c9d4e3;text-decoration:none;padding:8px 0 12px;border-bottom:3px solid transparent;font-size:14px}
    nav a:hover{color:#fff;border-bottom-color:var(--accent)}
    main{max-width:1180px;margin:0 auto;padding:8px 40px 40px}
    section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:22px 28px;margin:22px 0}
    h2{margin:0 0 16px;font-size:20px;font-weight:650}
    h3{margin:18px 0 8px;font-size:15px;font-weight:600}
    .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px}
    .card{border:1px solid var(--line);border-radius:8px;padding:14px 16px;background:linear-gradient(180deg,#fff,#fafbfc)}
    .card .big{font-size:22px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    .card .label{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.04em}
    .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:8px 36px}
    .panel h3{display:flex;align-items:center;gap:8px}
    .dot{display:inline-block;width:10px;height:10px;border-radius:50%}
    svg.chart{display:block;max-width:100%;height:auto;font-size:12px;fill:var(--ink)}
    svg.chart text.v{fill:var(--muted);font-size:11px}
    .note{background:#fff8e6;border:1px solid #f0dfae;border-radius:8px;padding:10px 14px;color:#6a5410}
    .muted{color:var(--muted)}
    .scroll{max-height:560px;overflow:auto;border:1px solid var(--line);border-radius:8px}
    table{border-collapse:collapse;width:100%;font-size:14px}
    th{position:sticky;top:0;background:#eef2f6;text-align:left;font-weight:600;padding:8px 10px}
    td{border-top:1px solid var(--line);padding:7px 10px;vertical-align:top}
    td.qt{font-style:italic}
    td a{color:var(--accent);text-decoration:none}
    td a:hover{text-decoration:underline}
    table.timing{margin-top:12px;max-width:720px}
    code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f3f6;padding:1px 5px;border-radius:4px}
    details.index{margin:10px 0 18px}
    details.index ol{columns:2;column-gap:36px;font-size:14px;margin:10px 0}
    details.index a{color:var(--accent);text-decoration:none}
    summary{cursor:pointer;color:var(--accent);font-weight:600}
    .legend mark{margin-right:6px}
    article.doc{border-top:1px solid var(--line);padding:18px 0 6px;content-visibility:auto;contain-intrinsic-size:auto 900px}
    article.doc h3{font-size:19px;margin:0 0 4px}
    .subtitle{margin:0 0 4px;font-style:italic;color:#3b4754}
    .meta{margin:0 0 12px;color:var(--muted);font-size:13px}
    .body{white-space:pre-wrap;max-width:78ch;font-family:Georgia,"Times New Roman",serif;font-size:16px;line-height:1.6}
    p.top{text-align:right;font-size:12px;margin:4px 0}
    p.top a{color:var(--muted)}
    mark{border-radius:3px;padding:0 2px;color:inherit}
    mark.e.PER{background:#dbe6fb;box-shadow:inset 0 -2px #3f6fd8}
    mark.e.LOC{background:#d8f1e6;box-shadow:inset 0 -2px #2b9b6e}
    mark.e.ORG{background:#fbe6d2;box-shadow:inset 0 -2px #d9822b}
    mark.e.MISC{background:#ebe1f7;box-shadow:inset 0 -2px #8a5cc7}
    mark.q{background:#fdf3c4}
    mark.n{background:#e4e9ee;box-shadow:inset 0 -2px #5c7080}
    mark.d{background:#e0f3f5;box-shadow:inset 0 -2px #2a8f9c}
    footer{text-align:center;color:var(--muted);font-size:12px;padding:0 0 30px}
    @media (max-width:900px){.cards{grid-template-columns:repeat(2,1fr)}main{padding:8px 14px}}
    """
}
