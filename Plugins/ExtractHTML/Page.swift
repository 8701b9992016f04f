/// The parts of an HTML element the extractor looks at.
enum Tag: UInt8 {
    case other, html, head, title, body, meta, link, a, br, img, time
    case div, section, article, main, p, h1, h2, h3, h4, h5, h6, li, ul, ol, dl, dt, dd, blockquote, pre
    case table, tr, td, th, figure, figcaption, caption, header, footer, nav, aside, form, address, hr, center, details
    case button, input, label, option

    private static let names: [String: Tag] = [
        "html": .html, "head": .head, "title": .title, "body": .body, "meta": .meta, "link": .link, "a": .a, "br": .br,
        "img": .img, "time": .time, "div": .div, "section": .section, "article": .article, "main": .main, "p": .p,
        "h1": .h1, "h2": .h2, "h3": .h3, "h4": .h4, "h5": .h5, "h6": .h6, "li": .li, "ul": .ul, "ol": .ol, "dl": .dl,
        "dt": .dt, "dd": .dd, "blockquote": .blockquote, "pre": .pre, "table": .table, "tbody": .other, "tr": .tr,
        "td": .td, "th": .th, "figure": .figure, "figcaption": .figcaption, "caption": .caption, "header": .header,
        "footer": .footer, "nav": .nav, "aside": .aside, "form": .form, "address": .address, "hr": .hr,
        "center": .center, "details": .details, "button": .button, "input": .input, "label": .label, "option": .option,
        "menu": .nav, "dialog": .aside, "summary": .p,
    ]

    /// Names packed into a number (up to 8 bytes, and the length): a lookup that makes no string.
    private static let packed: [UInt64: Tag] = {
        var d: [UInt64: Tag] = [:]
        for (name, tag) in names { name.withCString { p in p.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1) { d[pack($0)] = tag } } }
        return d
    }()

    private static func pack(_ p: UnsafePointer<UInt8>) -> UInt64 {
        var v: UInt64 = 0
        var n: UInt64 = 0
        while p[Int(n)] != 0 {
            if n < 8 { v |= UInt64(p[Int(n)]) << (8 * n) }
            n += 1
            if n > 12 { return 0 }
        }
        return v ^ (n << 59)
    }

    /// The tag for an element name as libxml2 passes it.
    init(_ name: UnsafePointer<UInt8>) { self = Tag.packed[Tag.pack(name)] ?? .other }

    /// Starts and ends a block of text (a paragraph break).
    var isBlock: Bool {
        switch self {
        case .other, .a, .img, .time, .meta, .link, .title, .button, .input, .label, .option, .td, .th: return false
        default: return true
        }
    }

    /// Its heading level, 1–6, or 0.
    var headingLevel: Int {
        switch self {
        case .h1: return 1
        case .h2: return 2
        case .h3: return 3
        case .h4: return 4
        case .h5: return 5
        case .h6: return 6
        default: return 0
        }
    }

    /// Page furniture by its tag alone: navigation, asides, footers.
    var isFurniture: Bool { self == .nav || self == .aside || self == .footer }
}

/// One element of the page, in document (pre-)order.
struct PageNode {
    /// Index of the parent element (-1 for the root).
    var parent: Int32
    /// Depth below the root.
    var depth: Int32
    var tag: Tag
    /// What the class and id say: below 0 furniture (`comment`, `related`, `share` …), above 0 content (`article`, `story` …).
    var hint: Int8
    /// `itemprop="articleBody"`, or `articleBody`-like structure.
    var isArticleBody: Bool
    /// One past the last element inside it (set when it closes).
    var subtreeEnd: Int32 = 0
    /// Scalars of text in blocks directly under it, then (after `Page.finish`) in its whole subtree. Counts are `Int`:
    /// the extractor multiplies them (`chars * 10`), which in Int32 would trap on a page of 215 million scalars.
    var chars = 0
    /// The part of `chars` inside links.
    var linkChars = 0
    /// Content score given by the blocks below it.
    var score: Float = 0
}

/// A paragraph-level run of text: a `<p>`, a heading, a list item, a table row, or loose text in a `<div>`.
struct PageBlock {
    /// The innermost block-level element holding it.
    var node: Int32
    var tag: Tag
    /// Byte range in `Page.text`.
    var start: Int
    var end: Int
    /// Length in Unicode scalars.
    var chars: Int
    /// Scalars inside links.
    var linkChars: Int
    var commas: Int

    var linkDensity: Float { chars > 0 ? Float(linkChars) / Float(chars) : 0 }
}

/// A `<meta>`-like statement: `name`/`property`/`itemprop`/`http-equiv` and its content.
struct PageMeta {
    var key: String
    var content: String
}

/// A page as the extractor sees it: elements, blocks of text, and the statements its metadata comes from.
struct Page {
    var nodes: [PageNode] = []
    var blocks: [PageBlock] = []
    /// All visible text, white space collapsed; blocks are ranges of it.
    var text: [UInt8] = []
    var metas: [PageMeta] = []
    var jsonLD: [[UInt8]] = []
    /// Other JSON scripts (application state), searched for a publication date when nothing else states one.
    var jsonData: [[UInt8]] = []
    var titleText = ""
    var language = ""
    var canonical = ""
    /// `<time datetime>` values, first first, with whether the element looked like the publication date.
    var times: [(value: String, published: Bool)] = []
    /// Text of elements marked as the author (`itemprop="author"`, `rel="author"`, class `author`/`byline`).
    var authorTexts: [String] = []
    /// Text of elements whose class says they hold the date (`<span class="entry-date">19. April 2019</span>`).
    var dateTexts: [String] = []

    /// The text of a block.
    /// Whether a block's text holds an ASCII digit (no date without one): a byte scan before any string work.
    func hasDigit(_ b: PageBlock) -> Bool {
        text.withUnsafeBufferPointer { t in
            var i = b.start
            let end = min(b.end, t.count)
            while i < end { if t[i] &- 0x30 < 10 { return true }; i += 1 }
            return false
        }
    }

    func string(_ b: PageBlock) -> String {
        text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[b.start..<b.end]), as: UTF8.self) }
    }

    /// Whether node `inner` is `outer` or inside it.
    func contains(_ outer: Int32, _ inner: Int32) -> Bool {
        inner >= outer && inner < nodes[Int(outer)].subtreeEnd
    }
}
