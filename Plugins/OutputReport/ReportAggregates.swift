import Foundation
import GalleyCore
import GalleyRows
import OrderedCollections

extension OutputReport {
    /// What the report counts over the run.
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
        /// Documents by language.
        var languages: [String: Int] = [:]
        /// Documents each key phrase (lower-cased) is among the keywords of.
        var keywords: [String: Int] = [:]
        /// Place and nationality mentions by the country they link to, and a name for each country.
        var places: [String: Int] = [:]
        var placeNames: [String: String] = [:]
        /// Duplicate clusters: the first document's id → its title and how many later documents repeat it.
        var clusters: OrderedDictionary<String, (title: String, exact: Int, near: Int, lowest: Double)> = [:]
        /// Titles of the first documents of possible clusters (documents seen so far), bounded like the name tables.
        var titles: [String: String] = [:]
    }

    func add(_ doc: Document, to s: inout State) throws {
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
        if let language = doc.fields["language"]?.stringValue { Self.bump(&a.languages, language) }
        if a.titles.count < Self.maxNames { a.titles[doc.id] = docTitle }
        if let first = doc.fields["duplicate_of"]?.stringValue {
            let similarity = doc.fields["similarity"]?.doubleValue ?? 1
            var c = a.clusters[first] ?? (title: a.titles[first] ?? first, exact: 0, near: 0, lowest: 1)
            if similarity >= 1 { c.exact += 1 } else { c.near += 1 }
            c.lowest = min(c.lowest, similarity)
            if a.clusters[first] != nil || a.clusters.count < Self.maxNames { a.clusters[first] = c }
        }
        var entityCount = 0, quoteCount = 0
        for ann in doc.annotations {
            switch ann.kind {
            case "entities":
                entityCount += 1
                let label = ann.attributes["label"]?.stringValue ?? "MISC"
                let name = ann.attributes["canonical"]?.stringValue ?? spanText(ann)
                Self.bump(&a.names[label, default: [:]], name)
                if let link = ann.attributes["link"]?.stringValue, let type = ann.attributes["link_type"]?.stringValue, type != "organisation" {
                    Self.bump(&a.places, link)
                    if type == "country" || type == "demonym", a.placeNames[link] == nil, let n = ann.attributes["link_name"]?.stringValue {
                        a.placeNames[link] = n
                    }
                }
            case "keywords":
                if let k = ann.attributes["text"]?.stringValue { Self.bump(&a.keywords, k.lowercased()) }
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
}
