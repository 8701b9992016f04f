/// What an element's `class` and `id` say about it, word by word (`comments-area` → `comments`, `area`).
enum Hints {
    /// Word prefixes that mark page furniture.
    static let furniture: [String] = [
        "comment", "related", "share", "sharing", "social", "newsletter", "promo", "sponsor", "advert", "banner",
        "cookie", "consent", "footer", "navbar", "navigation", "menu", "breadcrumb", "sidebar", "widget", "popup",
        "modal", "subscribe", "signup", "recommend", "teaser", "pagination", "pager", "toolbar", "skip", "outbrain",
        "taboola", "disqus", "masthead", "rating", "paywall", "tagcloud", "tags", "tag-list", "trending", "most-",
        "mostread", "mostpopular", "popular", "readmore", "read-more", "more-", "moreabout", "also", "print",
        "login", "register", "gdpr", "overlay", "offcanvas", "dropdown", "carousel", "slider", "shop", "sitemap",
        "jump", "tooltip", "hidden", "sr-only", "visually-hidden", "screen-reader", "meta", "partner", "donate",
        "newsticker", "ticker", "topbar", "header", "nav", "ads", "ad", "adslot", "adunit", "dfp", "gpt", "nocontent",
        "infobox", "author-box", "authorbox", "about-author", "bio", "caption-credit", "copyright", "credit", "embed",
        "follow", "inline-related", "linkbox", "kommentar", "aehnlich", "empfehlung", "werbung", "anzeige", "weitere",
        "zum-thema", "mehr-zum",
    ]
    /// Words that must match whole, not as prefixes (they begin too many other words).
    static let furnitureWhole: Set<String> = ["ad", "ads", "nav", "tags", "gpt", "dfp", "bio", "also", "print", "meta", "shop", "skip", "jump", "credit", "embed", "follow", "header", "hidden", "pager", "popular"]
    /// Word prefixes that mark the article.
    static let content: [String] = [
        "article", "content", "entry", "main", "post", "story", "body", "text", "blog", "artikel", "beitrag", "inhalt",
        "richtext", "prose", "page-content", "single",
    ]
    /// Words that mark an author's name.
    static let author: Set<String> = ["author", "byline", "autor", "author-name", "authorname", "byline-name", "article-author", "contributor"]

    /// Furniture words so sure that the content words beside them do not cancel them.
    static let strong: [String] = ["comment", "disqus", "related", "recommend", "newsletter", "cookie", "consent", "footer",
                                   "sidebar", "breadcrumb", "navbar", "navigation", "menu", "outbrain", "taboola", "advert",
                                   "ads", "ad", "adslot", "adunit", "paywall", "popup", "modal", "subscribe", "signup",
                                   "kommentar", "empfehlung", "werbung", "anzeige"]

    /// -2 furniture for sure, -1 furniture unless the element turns out to hold prose, 1 content, 2 an author name,
    /// 0 nothing said. A content word beside a weak furniture word (`entry share`) says nothing.
    static func classify(_ classes: String) -> Int8 {
        var negative = false, positive = false, isAuthor = false, sure = false
        var word: [UInt8] = []
        func judge() {
            guard !word.isEmpty else { return }
            let w = String(decoding: word, as: UTF8.self)
            word.removeAll(keepingCapacity: true)
            if author.contains(w) { isAuthor = true; return }
            if furnitureWhole.contains(w) { negative = true; if strong.contains(w) { sure = true }; return }
            for f in furniture where !furnitureWhole.contains(f) && w.hasPrefix(f) {
                // `comments` and `comment-list` yes, `commentary` (an opinion piece's body) no.
                if f == "comment" && w.hasPrefix("commentary") { continue }
                if (f == "header" || f == "meta") && w != f { continue }
                negative = true
                if strong.contains(f) { sure = true }
                return
            }
            for c in content where w.hasPrefix(c) { positive = true; return }
        }
        func judgeHyphenated() {
            guard !word.isEmpty else { return }
            let whole = String(decoding: word, as: UTF8.self)
            let parts = whole.split(separator: "-")
            for part in [whole] + parts.map(String.init) {
                word = Array(part.utf8)
                judge()
            }
        }
        for b in classes.utf8 {
            let c = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
                word.append(c)
            } else if c == 0x2D && !word.isEmpty {
                // A hyphenated pair is judged whole first (`tag-list`, `read-more`), then by its first word.
                word.append(c)
            } else {
                judgeHyphenated()
            }
        }
        judgeHyphenated()
        if isAuthor { return 2 }
        if sure { return -2 }
        if negative { return positive ? 0 : -1 }
        return positive ? 1 : 0
    }
}
