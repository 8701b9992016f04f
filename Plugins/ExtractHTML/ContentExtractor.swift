import Foundation

/// Finds the article's body among a page's blocks: each block of text scores the elements above it by its length,
/// commas and link density; class/id hints and the page's own structure (`<article>`, `itemprop="articleBody"`) weigh
/// in; the best element and the siblings that score near it hold the body; inside them furniture (comments, related
/// links, share bars, bylines, captions of credits) is dropped block by block. Linear in the number of blocks and elements.
struct ContentExtractor {
    /// A paragraph of the body and the block it came from.
    struct Paragraph {
        var text: String
        var isHeading: Bool
        /// Length in Unicode scalars.
        var chars: Int
    }

    /// What was dropped, and why (for the REPL's `show removed`).
    struct Removal {
        var reason: String
        var text: String
    }

    var paragraphs: [Paragraph] = []
    var removed: [Removal] = []
    /// Whether the page looks like a list of articles (a home, tag or search page) rather than one.
    var looksLikeIndex = false
    /// A byline found inside the body (`By Jane Doe`), dropped from the text.
    var byline: String?
    /// Scalars of the body's paragraphs other than headings.
    var proseChars = 0
    /// The <article> that holds the body, when one does (-1 for none): other articles on the page are other stories.
    var storyArticle: Int32 = -1

    /// Lines of furniture that sit inside article bodies (lower case, whole block or its start).
    static let furniturePhrases: [String] = [
        "advertisement", "anzeige", "werbung", "share this", "share on", "share article", "teilen", "read more",
        "lesen sie auch", "mehr zum thema", "weiterlesen", "related", "sign up", "subscribe", "newsletter",
        "follow us", "click here", "all rights reserved", "copyright", "©", "image:", "photo:", "foto:", "bild:",
        "credit:", "getty images", "continue reading", "listen to this article", "play video", "watch:",
        "loading", "please enable javascript", "this video", "you may also like", "recommended", "zum thema",
        "cookie", "accept", "back to top", "nach oben", "print", "drucken", "e-mail", "email", "kommentare", "comments",
        "gefällt mir", "like this", "liked by", "publikacja:", "min read", "minutes read", "minute read", "lesezeit",
        "rezept drucken", "(foto", "(photo", "(bild", "bild via", "image via", "photo via", "quelle:", "quellen:",
        "quellenangaben", "source:", "tags:", "schlagworte", "schlagwörter", "weiterführende", "inne artykuły", "more articles",
        "lesen sie das", "materiał chroniony", "share", "teilen:", "artikel teilen", "zur startseite", "zurück", "mehr lesen",
        "leer más", "lire aussi", "lire la suite", "czytaj też", "czytaj także", "zobacz też", "related:", "see also",
        "subscribe to", "abonnieren", "jetzt abonnieren", "anmelden", "log in", "sign in", "alle rechte",
        "aktualisiert", "updated:", "kontakt", "contact us", "news teilen", "veja também", "leia também", "die meistgelesenen",
        "meistgelesen", "most read", "das könnte sie auch interessieren", "you might also like", "mehr kolumnen", "permalien",
        "permalink", "(noch keine bewertungen)", "instant access", "dieser text wurde veröffentlicht", "themen:", "topics:",
        "mehr zum thema", "más información", "noticias relacionadas", "articles liés", "à lire aussi", "sur le même sujet",
    ]
    /// Words that mark a caption as a picture credit rather than part of the story.
    static let creditMarkers: [String] = ["foto", "photo", "bild", "©", "getty", "reuters", "afp", "dpa", "imago", "shutterstock",
                                          "quelle", "source:", "credit", "image", "picture", "/", "keystone", "epa", "unsplash"]
    /// Phrases that end a short furniture line (`11 minut czytania`, `5 Min. Lesezeit`).
    static let furnitureEndings: [String] = ["minut czytania", "min read", "minuten lesezeit", "min. lesezeit", "lesezeit", "minutes read"]

    /// Extracts the body of `page`; `title` is dropped where the page repeats it as the first heading.
    init(page: Page, title: String?, recordRemoved: Bool) {
        let nodes = page.nodes
        guard nodes.count > 1 else { return }

        // Furniture: the nearest ancestor (or self) that is furniture by tag or hint; -1 for none.
        // Weak hints (`share`, `meta`, `teaser` …) only count on elements that hold little text or mostly links.
        var furnitureAt = [Int32](repeating: -1, count: nodes.count)
        // Inside an <article> or <main>, a <header> holds the headline and the lead, not the site's furniture.
        var inArticle = [Bool](repeating: false, count: nodes.count)
        // The nearest <article> at or above each element; -1 for none.
        var articleAt = [Int32](repeating: -1, count: nodes.count)
        // A wrapper named like furniture (`theme-taboola`) that holds most of the page and its headline is the page.
        let pageChars = nodes[0].chars
        let firstH1 = nodes.firstIndex { $0.tag == .h1 } ?? -1
        for i in 1..<nodes.count {
            let n = nodes[i]
            inArticle[i] = inArticle[Int(n.parent)] || n.tag == .article || n.tag == .main || n.isArticleBody
            articleAt[i] = n.tag == .article ? Int32(i) : articleAt[Int(n.parent)]
            let header = n.tag == .header && !inArticle[Int(n.parent)]
            let density = n.chars > 0 ? Float(n.linkChars) / Float(n.chars) : 0
            let weak = n.hint == -1 && (n.chars < 400 || density > 0.3)
            let wholePage = n.hint <= -2 && !n.tag.isFurniture && n.chars * 10 >= pageChars * 8 && firstH1 > i && firstH1 < Int(n.subtreeEnd)
            furnitureAt[i] = ((n.hint <= -2 && !wholePage) || weak || n.tag.isFurniture || header) ? Int32(i) : furnitureAt[Int(n.parent)]
        }

        // Scores: each paragraph-like block gives its element and the two above it a share.
        var score = [Float](repeating: 0, count: nodes.count)
        for b in page.blocks where b.chars >= 25 && b.tag.headingLevel == 0 && b.tag != .figcaption && b.tag != .caption {
            let value = (1 + Float(b.commas) + min(Float(b.chars) / 100, 3)) * (1 - b.linkDensity)
            var n = Int(b.node)
            // Text directly in a <p> scores the element holding the paragraphs.
            if nodes[n].tag == .p || nodes[n].tag == .li || nodes[n].tag == .blockquote || nodes[n].tag == .pre { n = Int(nodes[n].parent) }
            var share: Float = 1
            var level = 0
            while n >= 0 && level < 3 {
                score[n] += value * share
                level += 1
                share = level == 1 ? 0.5 : 1 / Float(level * 3)
                n = Int(nodes[n].parent)
            }
        }
        var best = -1
        var bestScore: Float = 0
        for i in 1..<nodes.count where score[i] > 0 {
            let n = nodes[i]
            if furnitureAt[i] == Int32(i) && !n.isArticleBody { score[i] = 0; continue }
            let density = n.chars > 0 ? Float(n.linkChars) / Float(n.chars) : 0
            var s = score[i] * (1 - density)
            // Inside furniture (a comment thread), or a wrapper whose class was misleading: possible, but unlikely.
            if furnitureAt[i] >= 0 && !n.isArticleBody { s *= 0.3 }
            // Hints and structure can at most double what the text itself earned: a captioned image with a
            // `content` class must not outrank the story.
            let earned = s
            if n.hint > 0 && n.tag != .body && n.tag != .html { s += min(25, earned) }
            if n.isArticleBody { s += min(50, earned * 2) }
            if n.tag == .article { s += min(15, earned) }
            if n.tag == .main { s += min(5, earned) }
            score[i] = s
            if s > bestScore { bestScore = s; best = i }
        }
        guard best > 0 else { return }

        // The story the page is about: when its headline sits in an <article> that does not hold the winner (pages
        // that append the next story below), the best element of that article wins if it earned a fair share.
        let titleKey = title.map(Self.key)
        if let headline = page.blocks.first(where: { $0.tag == .h1 && (titleKey == nil || Self.key(page.string($0)) == titleKey) })
            ?? page.blocks.first(where: { $0.tag == .h1 }) {
            var a = Int(headline.node)
            while a > 0 && nodes[a].tag != .article && !nodes[a].isArticleBody { a = Int(nodes[a].parent) }
            if a > 0 && !page.contains(Int32(a), Int32(best)) && !page.contains(Int32(best), Int32(a)) {
                var inner = a
                for i in a..<Int(nodes[a].subtreeEnd) where score[i] > score[inner] { inner = i }
                if score[inner] >= bestScore * 0.25 { best = inner; bestScore = score[inner] }
            }
        }

        // An element marked as the article body that holds most of the winner's text wins instead.
        if !nodes[best].isArticleBody {
            for i in 1..<nodes.count where nodes[i].isArticleBody && nodes[i].chars * 2 >= nodes[best].chars && nodes[i].chars > 200 {
                if page.contains(Int32(i), Int32(best)) || page.contains(Int32(best), Int32(i)) { best = i; break }
            }
        }
        // When the winner is one of several strong siblings (paragraphs split over sections), their parent holds the body.
        var top = best
        while true {
            let parent = Int(nodes[top].parent)
            guard parent > 0, furnitureAt[parent] < 0 || nodes[parent].isArticleBody else { break }
            var strong = 0
            var child = parent + 1
            let end = Int(nodes[parent].subtreeEnd)
            while child < end {
                if child != top && score[child] >= bestScore * 0.3 && score[child] > 10 && furnitureAt[child] < 0 { strong += 1 }
                child = Int(nodes[child].subtreeEnd)
            }
            // Or the winner holds little of its parent's text and the parent adds no links.
            let parentDensity = nodes[parent].chars > 0 ? Float(nodes[parent].linkChars) / Float(nodes[parent].chars) : 1
            if strong >= 1 || (nodes[top].chars * 10 < nodes[parent].chars * 6 && parentDensity < 0.2 && nodes[parent].tag != .body) {
                top = parent
            } else {
                break
            }
        }

        // Prose beside the winner: an ancestor that adds a good share of paragraphs (outside any furniture) and little
        // else holds the rest of the story (bodies split over several containers).
        var good = [Int](repeating: 0, count: nodes.count)
        for b in page.blocks where b.chars >= 40 && b.linkDensity < 0.3 && b.tag.headingLevel == 0 && furnitureAt[Int(b.node)] < 0 {
            good[Int(b.node)] += b.chars
        }
        for i in stride(from: nodes.count - 1, to: 0, by: -1) { good[Int(nodes[i].parent)] += good[i] }
        while true {
            let parent = Int(nodes[top].parent)
            guard parent > 0, nodes[parent].tag != .body, nodes[parent].tag != .html, furnitureAt[parent] < 0 else { break }
            let added = good[parent] - good[top]
            let other = nodes[parent].chars - good[parent]
            // A wrapper that adds (almost) nothing is passed through: slides of one paragraph each sit three deep.
            let wrapper = nodes[parent].chars - nodes[top].chars < 20
            guard (added * 4 >= good[top] || wrapper) && other <= good[parent] * 2 else { break }
            top = parent
        }
        // The <article> (or <main>) holding the winner holds the rest of the story too: the lead in its header, sections
        // after the first; furniture inside it is dropped block by block below.
        var up = Int(nodes[top].parent)
        while up > 0 {
            let n = nodes[up]
            if furnitureAt[up] >= 0 && !n.isArticleBody { break }
            if n.tag == .article || n.isArticleBody || n.tag == .main {
                let density = n.chars > 0 ? Float(n.linkChars) / Float(n.chars) : 1
                if density < 0.35 && n.chars <= nodes[top].chars * 3 { top = up }
                if n.tag == .article || n.isArticleBody { break }
            }
            up = Int(n.parent)
        }
        storyArticle = articleAt[top]
        if storyArticle < 0 {
            // An <article> inside the body (the story's own, below a wrapper).
            for i in top..<Int(nodes[top].subtreeEnd) where nodes[i].tag == .article { storyArticle = Int32(i); break }
        }
        // The body: blocks inside `top`, less the furniture below it.
        let topDepth = nodes[top].depth
        var keptHeading = false
        var last = ""
        var texts: [(String, Bool, Int)] = []
        // Between the headline and the body: the lead and first paragraphs that pages set apart from the rest.
        let firstInTop = page.blocks.firstIndex { page.contains(Int32(top), $0.node) } ?? 0
        let headline = page.blocks[..<firstInTop].lastIndex { b in
            b.tag.headingLevel == 1 || (b.tag.headingLevel > 0 && title.map { Self.key($0) == Self.key(page.string(b)) } == true)
        }
        let leadRange = headline.map { ($0 + 1)..<firstInTop } ?? 0..<0
        let parentOfTop = Int32(nodes[top].parent)
        let parentDepth = parentOfTop >= 0 ? nodes[Int(parentOfTop)].depth : 0
        let topChars = nodes[top].chars
        for (index, b) in page.blocks.enumerated() {
            let f = furnitureAt[Int(b.node)]
            let inside = page.contains(Int32(top), b.node)
            // Most blocks lie outside the body: their text is made only when it is kept or recorded.
            if !inside && !recordRemoved && (b.chars < 60 || b.linkDensity >= 0.25 || b.tag.headingLevel > 0) { continue }
            let text = page.string(b)
            if !inside {
                // A paragraph beside the winner (a lead above it, a last paragraph after it) belongs to the story.
                // Not when it lies in another <article>: that is another story.
                let ownArticle = articleAt[Int(b.node)]
                let beside = parentOfTop > 0 && page.contains(parentOfTop, b.node) && b.chars >= 80 && b.linkDensity < 0.25
                    && (ownArticle < 0 || page.contains(Int32(top), ownArticle) || page.contains(ownArticle, Int32(top)))
                    && b.tag.headingLevel == 0 && (f < 0 || nodes[Int(f)].depth <= parentDepth)
                let lead = leadRange.contains(index) && leadRange.count <= 20 && b.chars >= 60 && b.linkDensity < 0.25
                    && b.tag.headingLevel == 0 && (f < 0 || (nodes[Int(f)].hint > -2 && !nodes[Int(f)].tag.isFurniture))
                if !beside && !lead {
                    if recordRemoved { removed.append(Removal(reason: "outside the article", text: text)) }
                    continue
                }
            }
            func drop(_ reason: String) { if recordRemoved { removed.append(Removal(reason: reason, text: text)) } }
            // Furniture by a weak word that holds much of the story's prose is the story after all (`js-article-ad-slots`).
            let overruled = f >= 0 && nodes[Int(f)].hint > -3 && !nodes[Int(f)].tag.isFurniture
                && nodes[Int(f)].chars * 2 >= topChars && nodes[Int(f)].linkChars * 5 < nodes[Int(f)].chars
            if f >= 0 && nodes[Int(f)].depth > topDepth && !(nodes[Int(b.node)].isArticleBody) && !overruled {
                let n = nodes[Int(f)]
                drop(n.hint < 0 ? "furniture (class or id)" : "furniture (<\(n.tag)>)")
                continue
            }
            let density = b.linkDensity
            // A paragraph may link much of its text; a line or list item that is mostly a link is navigation.
            if density > (b.tag == .p ? 0.8 : 0.5) && (b.chars < 300 || b.tag == .li) { drop("links"); continue }
            if b.tag == .li && density > 0.3 { drop("links"); continue }
            if (b.chars < 80 && Self.isFurniturePhrase(text)) || (b.chars < 200 && Self.isTailPhrase(text)) { drop("furniture phrase"); continue }
            if b.chars <= 48 && page.hasDigit(b) && Self.isDateLine(text) { drop("a date line"); continue }
            if b.tag == .figcaption || b.tag == .caption {
                let lower = text.lowercased()
                if b.chars < 60 || Self.creditMarkers.contains(where: { lower.contains($0) }) { drop("picture caption or credit"); continue }
            }
            if b.chars <= 30 && page.hasDigit(b) && DateText.iso(text) != nil && !text.contains(where: { $0.isLetter && $0.isLowercase }) { drop("a date alone"); continue }
            if !text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) { drop("no words"); continue }
            let heading = b.tag.headingLevel > 0
            if heading && !keptHeading, let titleKey, Self.key(text) == titleKey { drop("the title"); continue }
            if b.chars < 80, let name = Self.byline(text) {
                if byline == nil { byline = name }
                drop("byline")
                continue
            }
            if text == last { drop("repeated"); continue }
            if heading { keptHeading = true }
            last = text
            texts.append((text, heading, b.chars))
        }
        // Headings left at the end introduce what was dropped after them (`Related`, `Comments`).
        while let end = texts.last, end.1 { texts.removeLast() }
        paragraphs = texts.map { Paragraph(text: $0.0, isHeading: $0.1, chars: $0.2) }

        // A list of teasers: many headings that are links, and the prose there is comes right after them (a teaser's
        // summary) — not a story with a list of related links after it.
        var linkedHeadings = 0
        var teasers = 0
        var afterLinkedHeading = false
        for b in page.blocks where page.contains(Int32(top), b.node) {
            if b.tag.headingLevel > 0 {
                if b.linkDensity > 0.8 { linkedHeadings += 1; afterLinkedHeading = true }
            } else if b.chars >= 80 && b.linkDensity < 0.5 {
                if afterLinkedHeading { teasers += 1 }
                afterLinkedHeading = false
            }
        }
        let prose = paragraphs.filter { !$0.isHeading && $0.chars >= 80 }.count
        proseChars = paragraphs.reduce(0) { $0 + ($1.isHeading ? 0 : $1.chars) }
        looksLikeIndex = linkedHeadings >= 5 && linkedHeadings >= prose && proseChars < 1500 && teasers * 2 >= prose
    }

    /// The recall-minded reading of a page, in the manner of jusText: every block that reads as prose (long, few links,
    /// outside navigation, asides, footers, comments and sure furniture), the short blocks and headings between two
    /// prose blocks, and nothing else. `ExtractHTML` uses it when the main reading found much less prose than this.
    static func prose(of page: Page, storyArticle: Int32 = -1) -> [Paragraph] {
        let nodes = page.nodes
        var furniture = [Bool](repeating: false, count: nodes.count)
        for i in 1..<nodes.count {
            let n = nodes[i]
            furniture[i] = furniture[Int(n.parent)] || n.tag.isFurniture || n.hint <= -2 || (n.tag == .header && n.chars < 300)
            // Another <article> than the story's is another story.
            if storyArticle >= 0 && n.tag == .article && !page.contains(Int32(i), storyArticle) && !page.contains(storyArticle, Int32(i)) {
                furniture[i] = true
            }
        }
        enum Kind { case good, short, bad }
        var kinds: [Kind] = page.blocks.map { b in
            if furniture[Int(b.node)] || b.tag == .figcaption || b.tag == .caption { return .bad }
            if b.linkDensity > 0.3 { return .bad }
            if b.chars >= 100 && b.linkDensity < 0.2 { return .good }
            return .short
        }
        // A short block or heading counts when the nearest classified blocks on both sides are prose.
        var lastGood = -1
        var nextGood = [Int](repeating: -1, count: kinds.count)
        var next = -1
        for i in stride(from: kinds.count - 1, through: 0, by: -1) { nextGood[i] = next; if kinds[i] == .good { next = i } }
        var out: [Paragraph] = []
        for (i, b) in page.blocks.enumerated() {
            if kinds[i] == .good { lastGood = i }
            let keep: Bool
            switch kinds[i] {
            case .good: keep = b.chars >= 200 || !isTailPhrase(page.string(b))
            case .bad: keep = false
            case .short:
                keep = lastGood >= 0 && nextGood[i] >= 0 && i - lastGood <= 3 && nextGood[i] - i <= 3 && !isFurniturePhrase(page.string(b))
            }
            if keep { kinds[i] = kinds[i] == .short ? .short : .good; out.append(Paragraph(text: page.string(b), isHeading: b.tag.headingLevel > 0, chars: b.chars)) }
        }
        return out
    }

    /// Case and white space folded, for comparing headings with the title.
    static func key(_ s: String) -> String {
        s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(String.init).joined()
    }

    /// Notes that follow a story (licence, copyright, subscription offers, most-read lists), whatever their length.
    static let tailPhrases: [String] = [
        "materiał chroniony", "dieser text wurde veröffentlicht", "dieser beitrag gibt die meinung", "lesen sie das",
        "die meistgelesenen", "filed under", "this is a preview of subscription content", "instant access to the full",
        "buy single article", "price includes vat", "access options", "alle nachrichten zum", "audios et vidéos sur",
        "vidéos sur le sujet", "vergrößern", "titelbild:", "keep reading", "alle rechte vorbehalten", "all rights reserved",
    ]

    static func isTailPhrase(_ text: String) -> Bool {
        let lower = text.prefix(48).lowercased().utf8
        return tailPhrases.contains { lower.starts(with: $0.utf8) }
    }

    /// A short line that is a date with at most two other words (`Publiziert: 03.04.2020, 12:35`, `02.02.2022 A-Frauen`).
    static func isDateLine(_ text: String) -> Bool {
        guard DateText.iso(text) != nil else { return false }
        var words = 0
        for w in text.split(whereSeparator: { !$0.isLetter }) where w.count >= 2 && DateText.months[w.lowercased()] == nil { words += 1 }
        return words <= 2
    }

    /// Lengths in characters of the furniture phrases, counted once.
    static let furniturePhraseLengths = furniturePhrases.map(\.count)

    static func isFurniturePhrase(_ text: String) -> Bool {
        // Byte comparisons of the case-folded text: both sides folded the same way.
        let folded = text.lowercased()
        let lower = folded.utf8
        let count = folded.count
        for (k, phrase) in furniturePhrases.enumerated() where count < furniturePhraseLengths[k] + 25 && lower.starts(with: phrase.utf8) {
            return true
        }
        return count < 40 && furnitureEndings.contains { folded.utf8.reversed().starts(with: $0.utf8.reversed()) }
    }

    /// `By Jane Doe` / `Von Max Muster` (a short block) → the name.
    static func byline(_ text: String) -> String? {
        for prefix in ["By ", "by ", "BY ", "Von ", "von ", "VON ", "Par ", "Por "] where text.hasPrefix(prefix) {
            var name = String(text.dropFirst(prefix.count))
            for cut in [",", "|", " - ", " – ", " — ", "\n"] {
                if let r = name.range(of: cut) { name = String(name[..<r.lowerBound]) }
            }
            name = name.trimmingCharacters(in: .whitespaces)
            let words = name.split(separator: " ")
            guard !words.isEmpty, words.count <= 6, let first = words.first?.first, first.isUppercase else { return nil }
            return name
        }
        return nil
    }
}
