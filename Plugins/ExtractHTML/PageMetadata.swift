import Foundation
import GalleyCore

/// A page's metadata, in order of trust: JSON-LD, then Open Graph and `article:*`, then `<meta name>` and Dublin Core,
/// then the page itself (`<time datetime>`, `<link rel="canonical">`, `<title>` less the site name, the first `<h1>`).
struct PageMetadata {
    var title: String?
    var author: String?
    var published: String?
    var modified: String?
    var description: String?
    var site: String?
    var url: String?
    var language: String?
    /// The JSON-LD `articleBody`, when the page states one.
    var articleBody: String?
    /// Whether JSON-LD or `og:type` says the page is an article.
    var declaresArticle = false

    /// JSON-LD types that describe an article.
    static let articleTypes: Set<String> = [
        "NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ReviewNewsArticle", "BackgroundNewsArticle", "TechArticle", "ScholarlyArticle", "Report", "LiveBlogPosting",
        "SocialMediaPosting", "MedicalWebPage", "Recipe", "WebPage", "Review",
    ]

    init(page: Page, firstHeading: String?) {
        var meta: [String: String] = [:]
        for m in page.metas {
            let key = m.key.lowercased()
            if meta[key] == nil && !m.content.isEmpty { meta[key] = m.content }
        }
        for (k, v) in meta { meta[k] = Self.clean(v) }
        readJSONLD(page.jsonLD)

        // Title: JSON-LD headline, og:title, then the <title> less its site name, then the first heading.
        let pageTitle = Self.withoutSiteName(page.titleText, site: site ?? meta["og:site_name"])
        if title == nil {
            title = meta["og:title"].map { Self.withoutSiteName($0, site: site ?? meta["og:site_name"]) }
                ?? meta["twitter:title"] ?? meta["dc.title"] ?? meta["headline"] ?? (pageTitle.isEmpty ? nil : pageTitle) ?? firstHeading
        }
        if let h1 = firstHeading, let t = title, t != h1, Self.fold(pageTitle).hasPrefix(Self.fold(h1)) || Self.fold(t).hasPrefix(Self.fold(h1)),
           h1.unicodeScalars.count >= 10 {
            title = h1
        }
        if author == nil {
            let candidates = [meta["author"], meta["article:author"], meta["dc.creator"], meta["parsely-author"], meta["sailthru.author"],
                              meta["byl"], meta["twitter:creator"], page.authorTexts.first]
            author = candidates.lazy.compactMap { $0.flatMap(Self.personName) }.first
        }
        if published == nil {
            let keys = ["article:published_time", "datepublished", "og:published_time", "pubdate", "publishdate", "date",
                        "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
                        "article.published", "published_time", "publish-date", "release_date", "created", "dc.date.created",
                        "citation_publication_date"]
            let modifiedKeys = ["og:updated_time", "article:modified_time", "datemodified", "last-modified"]
            // In order of trust; the page's modification date only when it states nothing else.
            let sources: [() -> String?] = [
                { keys.lazy.compactMap { meta[$0].flatMap(DateText.iso) }.first },
                { page.times.first(where: { $0.published }).flatMap { DateText.iso($0.value) } },
                { page.dateTexts.lazy.compactMap(DateText.iso).first },
                { page.times.first.flatMap { DateText.iso($0.value) } },
                { Self.dateNearHeading(page) },
                { Self.statedDate(page) },
                { modifiedKeys.lazy.compactMap { meta[$0].flatMap(DateText.iso) }.first },
            ]
            published = sources.lazy.compactMap { $0() }.first
                ?? (page.jsonLD + page.jsonData).lazy.compactMap(Self.dateInJSON).first
        }
        // A time stated in UTC (or with no zone) is a day off the publisher's local date that the page shows.
        if let stated = published, let hour = Self.utcHour(stated), hour >= 20 || hour < 8,
           let shown = Self.dateNearHeading(page) ?? page.dateTexts.lazy.compactMap(DateText.iso).first,
           let a = DateText.day(stated), let b = DateText.day(shown), hour >= 20 ? b == a + 1 : b == a - 1 {
            published = String(shown.prefix(10))
        }
        if modified == nil { modified = (meta["article:modified_time"] ?? meta["datemodified"] ?? meta["og:updated_time"]).flatMap(DateText.iso) }
        if description == nil { description = meta["og:description"] ?? meta["description"] ?? meta["twitter:description"] ?? meta["dc.description"] }
        if site == nil { site = meta["og:site_name"] ?? meta["application-name"] }
        if url == nil { url = page.canonical.isEmpty ? meta["og:url"] : page.canonical }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) { self.url = nil }
        let lang = language ?? (page.language.isEmpty ? nil : page.language) ?? meta["content-language"] ?? meta["og:locale"] ?? meta["dc.language"]
        language = lang.flatMap(Self.languageCode)
        if meta["og:type"]?.lowercased() == "article" { declaresArticle = true }
        // A full date in the URL is the publisher's local date: it wins over a stated time a day or two off (UTC).
        if let url, let date = DateText.fromURL(url) {
            if let stated = published, let a = DateText.day(stated), let b = DateText.day(date), abs(a - b) <= 2, a != b {
                published = date
            } else if published == nil {
                published = date
            }
        }
    }

    /// The hour of an ISO 8601 time in UTC (`Z`, `+00:00`) or with no zone; nil for a date or a local time.
    static func utcHour(_ iso: String) -> Int? {
        let b = Array(iso.utf8)
        guard b.count >= 13, b[10] == 0x54, let hour = Int(String(decoding: b[11..<13], as: UTF8.self)) else { return nil }
        if iso.hasSuffix("Z") || iso.hasSuffix("+00:00") || iso.hasSuffix("+0000") { return hour }
        let time = iso.dropFirst(11)
        return time.contains("+") || time.contains("-") ? nil : hour
    }

    /// Keys of application state that name the publication date.
    static let dateKeys: [StaticString] = ["\"datePublished\"", "\"publishedDate\"", "\"publishDate\"", "\"published_at\"", "\"date_published\""]

    /// The first publication date a JSON text states under a known key, whatever object it is in.
    static func dateInJSON(_ json: [UInt8]) -> String? {
        json.withUnsafeBufferPointer { b in
            for key in dateKeys {
                guard let at = ScriptStripper.find(b, key) else { continue }
                var i = at + key.utf8CodeUnitCount
                while i < b.count && (b[i] == 0x20 || b[i] == 0x3A || b[i] == 0x09) { i += 1 }
                guard i < b.count, b[i] == 0x22 else { continue }
                let start = i + 1
                var end = start
                while end < b.count && end - start < 40 && b[end] != 0x22 { end += 1 }
                if let date = DateText.iso(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)) { return date }
            }
            return nil
        }
    }

    /// A date written in a short line near the page's first heading (`05.10.2013 | 12:30`, `19. April 2019`).
    static func dateNearHeading(_ page: Page) -> String? {
        guard let h1 = page.blocks.firstIndex(where: { $0.tag == .h1 }) else { return nil }
        for b in page.blocks[max(0, h1 - 4)..<min(page.blocks.count, h1 + 12)] where b.chars < 80 && page.hasDigit(b) {
            if let date = DateText.iso(page.string(b)) { return date }
        }
        return nil
    }

    /// Words that introduce a publication date in a line of the page (`Erschienen am: 01.11.2023`, `Published on …`).
    static let publishedWords = ["veröffentlicht", "erschienen", "published", "posted", "publié", "publicado", "publicat",
                                 "opublikowano", "pubblicato", "gepubliceerd", "datum:", "date:", "stand:", "last edited", "zuletzt geändert",
                                 "zuletzt aktualisiert"]

    /// A date in a short line that says it is the publication date, anywhere on the page.
    static func statedDate(_ page: Page) -> String? {
        for b in page.blocks where b.chars < 160 && page.hasDigit(b) {
            let line = page.string(b).lowercased()
            for word in publishedWords {
                guard let r = line.range(of: word) else { continue }
                if let date = DateText.iso(String(line[r.upperBound...])) { return date }
            }
        }
        return nil
    }

    // MARK: JSON-LD

    private mutating func readJSONLD(_ blocks: [[UInt8]]) {
        for bytes in blocks {
            guard let value = Self.parseLenient(bytes) else { continue }
            var objects: [Value] = []
            Self.collect(value, into: &objects, depth: 0)
            // Articles first, then the rest (a WebPage or the Organization), each field from the first that has it.
            let ranked = objects.filter { Self.types(of: $0).contains { Self.articleTypes.contains($0) && $0 != "WebPage" } }
                + objects.filter { Self.types(of: $0).contains("WebPage") }
            for o in ranked {
                let isArticle = Self.types(of: o).contains { Self.articleTypes.contains($0) && $0 != "WebPage" }
                if isArticle { declaresArticle = true }
                if title == nil, isArticle, let h = (o["headline"]?.stringValue ?? o["name"]?.stringValue).map(Self.clean), !h.isEmpty { title = h }
                if author == nil, let a = Self.names(o["author"]) ?? Self.names(o["creator"]) { author = a }
                if published == nil, let d = o["datePublished"]?.stringValue.flatMap(DateText.iso) ?? o["dateCreated"]?.stringValue.flatMap(DateText.iso) { published = d }
                if modified == nil, let d = o["dateModified"]?.stringValue.flatMap(DateText.iso) { modified = d }
                if description == nil, let d = o["description"]?.stringValue.map(Self.clean), !d.isEmpty { description = d }
                if site == nil, let p = Self.names(o["publisher"]) { site = p }
                if language == nil, let l = o["inLanguage"]?.stringValue ?? o["inLanguage"]?["name"]?.stringValue { language = l }
                if url == nil, isArticle, let u = o["url"]?.stringValue ?? o["mainEntityOfPage"]?["@id"]?.stringValue ?? o["mainEntityOfPage"]?.stringValue { url = u }
                if articleBody == nil, let body = o["articleBody"]?.stringValue, body.unicodeScalars.count > 200 { articleBody = body }
            }
        }
    }

    /// JSON-LD as pages write it: CDATA wrappers, raw line breaks inside strings.
    static func parseLenient(_ bytes: [UInt8]) -> Value? {
        var body = bytes[...]
        while let first = body.first, first != UInt8(ascii: "{") && first != UInt8(ascii: "[") { body = body.dropFirst() }
        while let last = body.last, last != UInt8(ascii: "}") && last != UInt8(ascii: "]") { body = body.dropLast() }
        if body.isEmpty { return nil }
        if let v = try? JSONParser.parse(body) { return v }
        let cleaned = body.map { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 ? 0x20 : $0 }
        return try? JSONParser.parse(cleaned)
    }

    /// Every object in `value` that has a `@type`, through arrays and `@graph`.
    static func collect(_ value: Value, into out: inout [Value], depth: Int) {
        guard depth < 8 else { return }
        switch value {
        case .array(let a): for v in a { collect(v, into: &out, depth: depth + 1) }
        case .object(let o):
            if o["@type"] != nil { out.append(value) }
            if let graph = o["@graph"] { collect(graph, into: &out, depth: depth + 1) }
            if let main = o["mainEntity"], main.objectValue != nil { collect(main, into: &out, depth: depth + 1) }
        default: break
        }
    }

    static func types(of value: Value) -> [String] {
        switch value["@type"] ?? .null {
        case .string(let s): return [s]
        case .array(let a): return a.compactMap(\.stringValue)
        default: return []
        }
    }

    /// A name, an object with `name`, or a list of them → `A; B`.
    static func names(_ value: Value?) -> String? {
        switch value ?? .null {
        case .string(let s): return personName(s)
        case .object(let o): return (o["name"]?.stringValue).flatMap(personName)
        case .array(let a):
            let all = a.compactMap { names($0) }
            return all.isEmpty ? nil : all.joined(separator: "; ")
        default: return nil
        }
    }

    // MARK: Cleaning

    /// A person's name from a meta value: no URLs, no `By `, no handles alone.
    static func personName(_ s: String) -> String? {
        var name = clean(s)
        if name.hasPrefix("http://") || name.hasPrefix("https://") || name.hasPrefix("www.") || name.contains("/") { return nil }
        for prefix in ["By ", "by ", "BY ", "Von ", "von ", "VON "] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
        if name.hasPrefix("@") { return nil }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: " ,;|·"))
        guard !name.isEmpty, name.unicodeScalars.count <= 100 else { return nil }
        return name
    }

    /// White space (ASCII and no-break) collapsed and trimmed; one pass over the bytes.
    static func clean(_ s: String) -> String {
        var out: [UInt8] = []
        var u = Array(s.utf8)
        out.reserveCapacity(u.count)
        var space = false
        u.withUnsafeMutableBufferPointer { b in
            var i = 0
            while i < b.count {
                let c = b[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C { space = true; i += 1; continue }
                if c == 0xC2 && i + 1 < b.count && b[i + 1] == 0xA0 { space = true; i += 2; continue }
                if space && !out.isEmpty { out.append(0x20) }
                space = false
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func fold(_ s: String) -> String { ContentExtractor.key(s) }

    /// `Headline | Site`, `Headline - Site`, `Site: Headline` → `Headline`.
    static func withoutSiteName(_ raw: String, site: String?) -> String {
        let title = clean(raw)
        // Most titles hold none of the separators: no splitting then.
        guard title.utf8.contains(where: { $0 == 0x7C || $0 == 0x2D || $0 == 0x3A || $0 >= 0x80 || $0 == 0x2F }) else { return title }
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // ", " • "] {
            let parts = title.components(separatedBy: separator)
            guard parts.count > 1 else { continue }
            if let site, !site.isEmpty {
                let siteKey = fold(site)
                let kept = parts.filter { fold($0) != siteKey && !(siteKey.count > 3 && fold($0).contains(siteKey)) }
                if kept.count < parts.count && !kept.isEmpty { return kept.joined(separator: separator) }
            }
            // Without a known site name, the last part is the site when it is short.
            if let last = parts.last, last.unicodeScalars.count <= 40, parts.dropLast().joined(separator: separator).unicodeScalars.count > last.unicodeScalars.count {
                return parts.dropLast().joined(separator: separator)
            }
            if let first = parts.first, first.unicodeScalars.count <= 30 {
                return parts.dropFirst().joined(separator: separator)
            }
        }
        return title
    }

    /// `de-DE`, `de_DE`, `German`-less codes → `de`; nil unless it starts with a two- or three-letter code.
    static func languageCode(_ s: String) -> String? {
        let head = s.trimmingCharacters(in: .whitespaces).lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "," || $0 == " " }).first.map(String.init) ?? ""
        guard (2...3).contains(head.count), head.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
        return head
    }
}
