import CLibXML2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Parses a page with libxml2's HTML parser (recovery mode, no network, HTML's own entities only) through its SAX
/// interface, building a `Page` as events arrive: no tree is built, so memory and time stay linear in the page.
enum PageParser {
    /// Deeper elements than this are flattened into their ancestor at this depth (10,000 nested `<div>`s cost nothing).
    static let maxDepth = 400

    /// The page for UTF-8 `html`.
    static func parse(_ html: String) -> Page {
        var html = html
        let (markup, jsonLD, jsonData) = html.withUTF8 { u -> ([UInt8], [[UInt8]], [[UInt8]]) in
            let s = ScriptStripper(u)
            return (s.markup, s.jsonLD, s.jsonData)
        }
        let builder = PageBuilder()
        builder.page.jsonLD = jsonLD
        builder.page.jsonData = jsonData
        markup.withUnsafeBufferPointer { run(builder, $0) }
        builder.finish()
        return builder.page
    }

    private static func run(_ builder: PageBuilder, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard let ctx = htmlNewParserCtxt() else { return }
        defer { htmlFreeParserCtxt(ctx) }
        var handler = htmlSAXHandler()
        handler.startElement = { ctx, name, attributes in
            guard let ctx, let name else { return }
            PageBuilder.from(ctx).start(name, attributes)
        }
        handler.endElement = { ctx, name in
            guard let ctx, let name else { return }
            PageBuilder.from(ctx).end(name)
        }
        handler.characters = { ctx, chars, length in
            guard let ctx, let chars, length > 0 else { return }
            PageBuilder.from(ctx).characters(UnsafeBufferPointer(start: chars, count: Int(length)))
        }
        ctx.pointee.sax.pointee = handler
        // The builder is reached from each callback through the parser context's `_private`; it outlives the parse.
        ctx.pointee._private = Unmanaged.passUnretained(builder).toOpaque()
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOIMPLIED.rawValue) | Int32(XML_PARSE_HUGE.rawValue)
        // libxml2 takes an Int32 length; pages are bounded by ingest's max_bytes long before that.
        let length = Int32(clamping: bytes.count)
        base.withMemoryRebound(to: CChar.self, capacity: Int(length)) { p in
            _ = htmlCtxtReadMemory(ctx, p, length, nil, "UTF-8", options)
        }
    }
}

/// Receives libxml2's SAX events and builds the `Page`.
final class PageBuilder {
    var page = Page()
    /// Open elements (node indices); elements past `PageParser.maxDepth` are not pushed.
    private var stack: [Int32] = []
    /// Elements opened past the depth limit, still to be closed.
    private var overflow = 0
    /// Depth inside content that is never shown (hidden elements, buttons, `<head>` outside its `<title>`).
    private var hiddenDepth = 0
    private var linkDepth = 0
    private var inTitle = false
    private var inHead = false
    /// Where the block being collected starts in `page.text`, its link scalars and commas.
    private var blockStart = 0
    private var blockLink = 0
    private var pendingSpace = false
    /// Open elements whose text is the author's name: (stack depth, start in `page.text`).
    private var authorCaptures: [(depth: Int, start: Int)] = []

    static func from(_ ctx: UnsafeMutableRawPointer) -> PageBuilder {
        let parser = ctx.assumingMemoryBound(to: htmlParserCtxt.self)
        return Unmanaged<PageBuilder>.fromOpaque(parser.pointee._private).takeUnretainedValue()
    }

    init() {
        page.nodes.reserveCapacity(1024)
        page.text.reserveCapacity(1 << 15)
        // A root that holds text outside any element.
        page.nodes.append(PageNode(parent: -1, depth: 0, tag: .body, hint: 0, isArticleBody: false))
        stack.append(0)
    }

    /// The innermost open block-level element.
    private var blockNode: Int32 {
        for n in stack.reversed() where page.nodes[Int(n)].tag.isBlock { return n }
        return 0
    }

    /// The class and id of the element being opened, for `Hints.classify`.
    private var classBytes: [UInt8] = []
    /// `start` calls for void elements (`<meta>`, `<br>` …) that pushed nothing; libxml2 ends each right after it starts.
    private var unpushedVoids = 0

    func start(_ cname: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let tag = Tag(cname)
        if stack.count > PageParser.maxDepth || overflow > 0 {
            overflow += 1
            if tag.isBlock { flush() }
            return
        }
        classBytes.removeAll(keepingCapacity: true)
        var hidden = false
        var articleBody = false
        var isAuthor = false
        var metaKey: UnsafePointer<xmlChar>?
        var content: UnsafePointer<xmlChar>?
        var datetime: UnsafePointer<xmlChar>?
        var rel: UnsafePointer<xmlChar>?, href: UnsafePointer<xmlChar>?
        var itemprop: UnsafePointer<xmlChar>?
        if var a = attributes {
            while let name = a.pointee {
                let value = (a + 1).pointee
                a += 2
                guard let value else { if Self.attribute(name) == .hidden { hidden = true }; continue }
                switch Self.attribute(name) {
                case .classOrID:
                    classBytes.append(0x20)
                    classBytes.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value)))
                case .hidden: hidden = true
                case .ariaHidden: if strcasecmp(value, "true") == 0 { hidden = true }
                case .style: if Self.styleHides(value) { hidden = true }
                case .itemprop:
                    if strcmp(value, "articleBody") == 0 { articleBody = true }
                    if strcmp(value, "author") == 0 || strcmp(value, "creator") == 0 { isAuthor = true }
                    itemprop = value
                case .name, .property, .httpEquiv: metaKey = value
                case .content: content = value
                case .datetime: datetime = value
                case .rel: rel = value
                case .href: href = value
                case .lang: if tag == .html { page.language = String(cString: value) }
                case .charset, .other: break
                }
            }
        }
        let key = metaKey ?? itemprop
        switch tag {
        case .meta:
            if let content, let key { page.metas.append(PageMeta(key: String(cString: key), content: String(cString: content))) }
            unpushedVoids += 1
            return
        case .link:
            if let rel, let href, page.canonical.isEmpty, Self.contains(rel, "canonical") { page.canonical = String(cString: href) }
            unpushedVoids += 1
            return
        case .head: inHead = true
        case .title: if inHead || page.titleText.isEmpty { inTitle = true }
        case .br: flush(); unpushedVoids += 1; return
        case .img, .input, .hr: unpushedVoids += 1; return
        case .a: linkDepth += 1
        case .time:
            if let datetime {
                let lower = String(decoding: classBytes, as: UTF8.self).lowercased()
                let published = (itemprop.map { strcmp($0, "datePublished") == 0 } ?? false) || lower.contains("publish")
                    || lower.contains("date") || lower.contains("posted")
                page.times.append((String(cString: datetime), published))
            }
        default: break
        }
        if let key, let value = content ?? datetime {
            page.metas.append(PageMeta(key: String(cString: key), content: String(cString: value)))
        }
        if let rel, strcasecmp(rel, "author") == 0 { isAuthor = true }
        if tag == .a, let href, Self.contains(href, "/author/") { isAuthor = true }
        if tag.isBlock { flush() }
        let parent = stack.last ?? 0
        let hint = classBytes.isEmpty ? 0 : classBytes.withUnsafeBufferPointer { Hints.classify($0) }
        if hint == 2 && !isAuthor { isAuthor = true }
        page.nodes.append(PageNode(parent: parent, depth: Int32(stack.count), tag: tag, hint: hint == 2 ? -2 : hint,
                                   isArticleBody: articleBody))
        stack.append(Int32(page.nodes.count - 1))
        if hidden || tag == .button || tag == .option || tag == .label || (inHead && tag != .title) {
            hiddenDepth += 1
            hiddenNodes.insert(Int32(page.nodes.count - 1))
        }
        if isAuthor && hiddenDepth == 0 { authorCaptures.append((stack.count, page.text.count)) }
        if !isAuthor && hint <= 0 && !classBytes.isEmpty && hiddenDepth == 0 && Self.namesADate(classBytes) {
            dateCaptures.append((stack.count, page.text.count))
        }
    }

    /// Open elements whose class says they hold the date (`date`, `published`, `posted`, `datum`, `meta` …).
    private var dateCaptures: [(depth: Int, start: Int)] = []

    private static func namesADate(_ classes: [UInt8]) -> Bool {
        let lower = classes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return lower.withUnsafeBufferPointer { b in
            find(b, "date") || find(b, "publish") || find(b, "posted") || find(b, "datum") || find(b, "meta") || find(b, "time")
                || find(b, "authored") || find(b, "created")
        }
    }

    /// `display: none` or `visibility: hidden` in a style attribute, any case and spacing.
    private static func styleHides(_ value: UnsafePointer<xmlChar>) -> Bool {
        var compact: [UInt8] = []
        var p = value
        while p.pointee != 0 && compact.count < 512 {
            let c = p.pointee
            if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { compact.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }
            p += 1
        }
        return compact.withUnsafeBufferPointer { b in
            Self.find(b, "display:none") || Self.find(b, "visibility:hidden")
        }
    }

    /// Whether C string `s` contains `needle`.
    private static func contains(_ s: UnsafePointer<xmlChar>, _ needle: StaticString) -> Bool {
        find(UnsafeBufferPointer(start: s, count: strlen(s)), needle)
    }

    private static func find(_ hay: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        ScriptStripper.find(hay, needle) != nil
    }

    func end(_ cname: UnsafePointer<xmlChar>) {
        if overflow > 0 {
            overflow -= 1
            return
        }
        if unpushedVoids > 0 { unpushedVoids -= 1; return }
        guard stack.count > 1, let n = stack.last else { return }
        let node = page.nodes[Int(n)]
        if node.tag.isBlock { flush() } else if node.tag == .td || node.tag == .th { pendingSpace = true } else if node.tag == .a { linkDepth = max(0, linkDepth - 1) }
        stack.removeLast()
        if let capture = authorCaptures.last, capture.depth == stack.count + 1 {
            authorCaptures.removeLast()
            if page.text.count - capture.start < 400 {
                let s = page.text.withUnsafeBufferPointer {
                    PageMetadata.clean(String(decoding: UnsafeBufferPointer(rebasing: $0[capture.start..<$0.count]), as: UTF8.self))
                }
                if !s.isEmpty && s.unicodeScalars.count < 120 { page.authorTexts.append(s) }
            }
        }
        if let capture = dateCaptures.last, capture.depth == stack.count + 1 {
            dateCaptures.removeLast()
            if page.text.count - capture.start < 200, page.dateTexts.count < 8 {
                page.dateTexts.append(page.text.withUnsafeBufferPointer {
                    String(decoding: UnsafeBufferPointer(rebasing: $0[capture.start..<$0.count]), as: UTF8.self)
                })
            }
        }
        if hiddenNodes.remove(n) != nil { hiddenDepth -= 1 }
        if node.tag == .title { inTitle = false }
        if node.tag == .head { inHead = false }
        page.nodes[Int(n)].subtreeEnd = Int32(page.nodes.count)
    }

    /// Open elements that raised `hiddenDepth`.
    private var hiddenNodes: Set<Int32> = []

    func characters(_ chars: UnsafeBufferPointer<UInt8>) {
        if inTitle {
            page.titleText += String(decoding: chars, as: UTF8.self)
            return
        }
        guard hiddenDepth == 0 else { return }
        // The buffer is moved out of the class for the loop: one exclusivity check instead of one per byte.
        var text: [UInt8] = []
        swap(&text, &page.text)
        defer { swap(&text, &page.text) }
        var links = 0
        var i = 0
        let n = chars.count
        while i < n {
            let c = chars[i]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                pendingSpace = true
                i += 1
                continue
            }
            if c == 0xC2 && i + 1 < n && chars[i + 1] == 0xA0 {
                pendingSpace = true
                i += 2
                continue
            }
            if pendingSpace {
                if text.count > blockStart { text.append(0x20); if linkDepth > 0 { links += 1 } }
                pendingSpace = false
            }
            text.append(c)
            if linkDepth > 0 && (c & 0xC0) != 0x80 { links += 1 }
            i += 1
        }
        blockLink += links
    }

    /// Ends the block being collected, attached to the innermost block-level element.
    private func flush() {
        pendingSpace = false
        let end = page.text.count
        guard end > blockStart else { blockLink = 0; return }
        var chars = 0, commas = 0
        page.text.withUnsafeBufferPointer { u in
            for i in blockStart..<end {
                let c = u[i]
                if (c & 0xC0) != 0x80 { chars += 1 }
                if c == 0x2C { commas += 1 }
            }
        }
        let node = blockNode
        let tag = page.nodes[Int(node)].tag
        page.blocks.append(PageBlock(node: node, tag: tag, start: blockStart, end: end, chars: chars,
                                     linkChars: min(blockLink, chars), commas: commas))
        page.nodes[Int(node)].chars += chars
        page.nodes[Int(node)].linkChars += min(blockLink, chars)
        // A separator so that the next block's text never runs into this one's in `page.text`.
        page.text.append(0x0A)
        blockStart = page.text.count
        blockLink = 0
    }

    /// Closes what is still open and sums each element's text over its subtree.
    func finish() {
        flush()
        for n in stack.reversed() { page.nodes[Int(n)].subtreeEnd = Int32(page.nodes.count) }
        stack.removeAll()
        for i in page.nodes.indices.reversed() where i > 0 {
            let p = Int(page.nodes[i].parent)
            page.nodes[p].chars += page.nodes[i].chars
            page.nodes[p].linkChars += page.nodes[i].linkChars
        }
        page.titleText = PageMetadata.clean(page.titleText)
    }

    private enum Attribute { case classOrID, hidden, ariaHidden, style, itemprop, name, property, httpEquiv, content, datetime, rel, href, lang, charset, other }

    private static func attribute(_ name: UnsafePointer<xmlChar>) -> Attribute {
        name.withMemoryRebound(to: CChar.self, capacity: 1) { p -> Attribute in
            switch p[0] {
            case 0x63: return strcmp(p, "class") == 0 ? .classOrID : strcmp(p, "content") == 0 ? .content : strcmp(p, "charset") == 0 ? .charset : .other
            case 0x69: return strcmp(p, "id") == 0 ? .classOrID : strcmp(p, "itemprop") == 0 ? .itemprop : .other
            case 0x68: return strcmp(p, "hidden") == 0 ? .hidden : strcmp(p, "href") == 0 ? .href : strcmp(p, "http-equiv") == 0 ? .httpEquiv : .other
            case 0x61: return strcmp(p, "aria-hidden") == 0 ? .ariaHidden : .other
            case 0x73: return strcmp(p, "style") == 0 ? .style : .other
            case 0x6E: return strcmp(p, "name") == 0 ? .name : .other
            case 0x70: return strcmp(p, "property") == 0 ? .property : .other
            case 0x64: return strcmp(p, "datetime") == 0 ? .datetime : .other
            case 0x72: return strcmp(p, "rel") == 0 ? .rel : .other
            case 0x6C: return strcmp(p, "lang") == 0 ? .lang : .other
            default: return .other
            }
        }
    }
}
