import GalleyCore
import OrderedCollections

/// The `extract.html` stage: a web page's main text and its metadata. The body replaces `text` (paragraphs separated
/// by a blank line, `paragraphs` spans as for text articles); title, author, dates, description, site, canonical URL
/// and language become fields. Documents that are not HTML pass through untouched.
public struct ExtractHTML: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "extract.html", kind: .transform,
            summary: "Main text and metadata (JSON-LD, Open Graph, meta, <title>) of HTML pages; other documents pass through",
            parameters: [
                ParameterSpec("min_chars", .integer, default: 100, range: 0...1_000_000_000,
                              doc: "a page whose body has fewer characters is not an article: it fails with 'no article body found'"),
                ParameterSpec("no_article", .choice(["fail", "empty"]), default: "fail",
                              doc: "what a page with no article becomes: a failure, or a document with empty text and a warning"),
                ParameterSpec("headings", .boolean, default: true, doc: "keep the article's subheadings as paragraphs"),
            ],
            make: { config in .transform(ExtractHTML(config: config)) })
                .producing(["title": [], "subtitle": [], "author": [], "published": [], "modified": [], "description": [], "site": [], "url": [], "language": [], "paragraphs": ["start", "end"]]),
    ]

    let minChars: Int
    let failNoArticle: Bool
    let headings: Bool

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        minChars = max(0, config.parameters.int("min_chars") ?? 100)
        failNoArticle = (config.parameters.string("no_article") ?? "fail") == "fail"
        headings = config.parameters.bool("headings") ?? true
    }

    public func process(_ doc: inout Document) throws {
        guard doc.source.format == "html" else { return }
        let result = Self.extract(doc.text, recordRemoved: doc.inspecting, headings: headings)
        let meta = result.metadata
        func set(_ key: String, _ value: String?) {
            if doc.fields[key] == nil, let value, !value.isEmpty { doc.fields[key] = .string(value) }
        }
        set("title", meta.title)
        set("author", meta.author ?? result.byline)
        set("published", meta.published)
        set("modified", meta.modified)
        set("description", meta.description)
        set("site", meta.site)
        set("url", meta.url)
        set("language", meta.language)
        if doc.inspecting {
            doc.notes["removed"] = .array(result.removed.map { .string("\($0.reason): \(Self.clip($0.text))") })
        }
        let bodyChars = result.paragraphs.reduce(0) { $0 + $1.1 }
        if bodyChars < minChars || result.looksLikeIndex {
            let why = result.looksLikeIndex ? "the page lists articles (a home, tag or search page)"
                : "\(bodyChars) characters of body text, fewer than min_chars (\(minChars))"
            if failNoArticle { throw StageFailure("no article body found: \(why)") }
            doc.warn("no article body found: \(why)")
            doc.text = ""
            doc.removeAnnotations("paragraphs")
            return
        }
        doc.setBody(result.paragraphs.map(\.0), lengths: result.paragraphs.map(\.1))
    }

    /// What the extractor finds in a page.
    struct Extraction {
        /// The body's paragraphs and their lengths in Unicode scalars.
        var paragraphs: [(String, Int)]
        var metadata: PageMetadata
        var removed: [ContentExtractor.Removal]
        var looksLikeIndex: Bool
        var byline: String?
    }

    /// Parses `html` and extracts its body and metadata.
    static func extract(_ html: String, recordRemoved: Bool = false, headings: Bool = true) -> Extraction {
        let page = PageParser.parse(html)
        let firstHeading = page.blocks.first { $0.tag == .h1 }.map { page.string($0) }
        let metadata = PageMetadata(page: page, firstHeading: firstHeading)
        var body = ContentExtractor(page: page, title: metadata.title, recordRemoved: recordRemoved)
        // Too little text: the class and id hints may have misled; once more on the structure and text alone.
        if body.proseChars < 400 {
            var plain = page
            for i in plain.nodes.indices { plain.nodes[i].hint = 0 }
            let second = ContentExtractor(page: plain, title: metadata.title, recordRemoved: recordRemoved)
            if second.proseChars > body.proseChars * 2 && !second.looksLikeIndex { body = second }
        }
        // When the structure-minded reading found much less prose than the page holds, the recall-minded one wins.
        let prose = ContentExtractor.prose(of: page, storyArticle: body.storyArticle)
        let proseChars = prose.reduce(0) { $0 + ($1.isHeading ? 0 : $1.chars) }
        if body.proseChars * 3 < proseChars * 2 && !body.looksLikeIndex {
            if recordRemoved { body.removed.append(.init(reason: "replaced by the prose of the whole page", text: "\(body.proseChars) characters")) }
            body.paragraphs = prose.filter { !($0.isHeading && ContentExtractor.key($0.text) == metadata.title.map(ContentExtractor.key)) }
            body.proseChars = proseChars
        }
        var paragraphs = body.paragraphs.filter { headings || !$0.isHeading }.map { ($0.text, $0.chars) }
        var removed = body.removed
        // The publisher's own articleBody, when the page's markup gave much less than it.
        if let stated = metadata.articleBody {
            let found = paragraphs.reduce(0) { $0 + $1.1 }
            if found * 2 < stated.unicodeScalars.count {
                if recordRemoved { removed += paragraphs.map { .init(reason: "replaced by JSON-LD articleBody", text: $0.0) } }
                paragraphs = stated.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
                    .map { PageMetadata.clean(String($0)) }.filter { !$0.isEmpty }.map { ($0, $0.unicodeScalars.count) }
            }
        }
        return Extraction(paragraphs: paragraphs, metadata: metadata, removed: removed,
                          looksLikeIndex: body.looksLikeIndex && metadata.articleBody == nil, byline: body.byline)
    }

    static func clip(_ s: String) -> String {
        s.unicodeScalars.count <= 160 ? s : String(String.UnicodeScalarView(s.unicodeScalars.prefix(157))) + "…"
    }
}
