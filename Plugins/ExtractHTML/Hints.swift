/// What an element's `class` and `id` say about it, word by word (`comments-area` → `comments-area`, `comments`,
/// `area`). The words are matched in one pass over their bytes through a trie built once: no strings are made.
enum Hints {
    /// What a word means.
    private enum Meaning: UInt8 {
        case none, furniture, sureFurniture, discussion, content, author, neutral
    }

    /// Word prefixes that mark page furniture, unless the element turns out to hold prose.
    static let furniture: [String] = [
        "share", "sharing", "social", "promo", "sponsor", "banner", "widget", "pagination", "toolbar", "masthead",
        "rating", "tagcloud", "tag-list", "trending", "most-", "mostread", "mostpopular", "readmore", "read-more", "more-",
        "moreabout", "login", "register", "gdpr", "overlay", "offcanvas", "dropdown", "carousel", "slider", "sitemap",
        "tooltip", "sr-only", "visually-hidden", "screen-reader", "partner", "donate", "newsticker", "ticker", "topbar",
        "nocontent", "infobox", "author-box", "authorbox", "about-author", "caption-credit", "copyright", "inline-related",
        "linkbox", "aehnlich", "weitere", "zum-thema", "mehr-zum",
    ]
    /// Words that mark furniture only as whole words (as prefixes they begin too many others).
    static let furnitureWhole: [String] = ["nav", "tags", "gpt", "dfp", "bio", "also", "print", "meta", "shop", "skip", "jump",
                                           "credit", "embed", "follow", "header", "hidden", "pager", "popular"]
    /// Word prefixes of furniture so sure that content words beside them do not cancel them.
    static let sureFurniture: [String] = [
        "related", "recommend", "newsletter", "cookie", "consent", "footer", "sidebar", "breadcrumb",
        "navbar", "navigation", "menu", "outbrain", "taboola", "advert", "adslot", "adunit", "paywall", "popup", "modal",
        "subscribe", "signup", "empfehlung", "werbung", "anzeige",
    ]
    static let sureFurnitureWhole: [String] = ["ad", "ads"]
    /// Word prefixes of readers' comments: furniture however much prose they hold.
    static let discussion: [String] = ["comment", "disqus", "kommentar", "discussion", "respond", "reply", "replies", "leserbrief"]
    /// Word prefixes that mark the article.
    static let content: [String] = [
        "article", "content", "entry", "main", "post", "story", "body", "text", "blog", "artikel", "beitrag", "inhalt",
        "richtext", "prose", "page-content", "single", "lead", "intro", "standfirst", "teaser-text",
    ]
    /// Words that mark an author's name.
    static let author: [String] = ["author", "byline", "autor", "author-name", "authorname", "byline-name", "article-author", "contributor"]
    /// Longer words that begin like furniture but are not (`commentary` is an opinion piece's body).
    static let neutral: [String] = ["commentary", "menuitem-content", "sharp", "shareholder"]

    /// A trie over `a`–`z`, `0`–`9` and `-`: per node its children and what a word ending there (or beginning so) means.
    private struct Trie {
        var children: [Int32] = Array(repeating: -1, count: 37)
        var exact: [Meaning] = [.none]
        var prefix: [Meaning] = [.none]

        static func symbol(_ c: UInt8) -> Int? {
            if c >= 0x61 && c <= 0x7A { return Int(c - 0x61) }
            if c >= 0x30 && c <= 0x39 { return Int(c - 0x30) + 26 }
            if c == 0x2D { return 36 }
            return nil
        }

        mutating func insert(_ word: String, _ meaning: Meaning, asPrefix: Bool) {
            var node = 0
            for c in word.utf8 {
                let s = Trie.symbol(c)!
                if children[node * 37 + s] < 0 {
                    children[node * 37 + s] = Int32(exact.count)
                    children.append(contentsOf: repeatElement(-1, count: 37))
                    exact.append(.none)
                    prefix.append(.none)
                }
                node = Int(children[node * 37 + s])
            }
            if asPrefix { prefix[node] = meaning } else { exact[node] = meaning }
        }

        /// The meaning of the longest pattern that is a prefix of `word` (or equals it).
        func meaning(_ word: UnsafeBufferPointer<UInt8>) -> Meaning {
            var node = 0
            var found = Meaning.none
            for (i, c) in word.enumerated() {
                guard let s = Trie.symbol(c) else { return found }
                let next = children[node * 37 + s]
                if next < 0 { return found }
                node = Int(next)
                if prefix[node] != .none { found = prefix[node] }
                if i == word.count - 1 && exact[node] != .none { found = exact[node] }
            }
            return found
        }
    }

    private static let trie: Trie = {
        var t = Trie()
        for w in furniture { t.insert(w, .furniture, asPrefix: true) }
        for w in furnitureWhole { t.insert(w, .furniture, asPrefix: false) }
        for w in sureFurniture { t.insert(w, .sureFurniture, asPrefix: true) }
        for w in sureFurnitureWhole { t.insert(w, .sureFurniture, asPrefix: false) }
        for w in discussion { t.insert(w, .discussion, asPrefix: true) }
        for w in content { t.insert(w, .content, asPrefix: true) }
        for w in author { t.insert(w, .author, asPrefix: false) }
        for w in neutral { t.insert(w, .neutral, asPrefix: true) }
        return t
    }()

    /// -3 readers' comments, -2 furniture for sure, -1 furniture unless the element turns out to hold prose, 1 content, 2 an author name,
    /// 0 nothing said. A content word beside a weak furniture word (`entry share`) says nothing.
    static func classify(_ classes: UnsafeBufferPointer<UInt8>) -> Int8 {
        var negative = false, positive = false, isAuthor = false, sure = false, comments = false
        var word = [UInt8](repeating: 0, count: 64)
        var length = 0
        func judge(_ from: Int, _ to: Int) {
            guard to > from else { return }
            let m = word.withUnsafeBufferPointer { trie.meaning(UnsafeBufferPointer(rebasing: $0[from..<to])) }
            switch m {
            case .furniture: negative = true
            case .sureFurniture: negative = true; sure = true
            case .discussion: negative = true; sure = true; comments = true
            case .content: positive = true
            case .author: isAuthor = true
            case .none, .neutral: break
            }
        }
        /// The whole word, then each hyphenated part of it.
        func judgeWord() {
            guard length > 0 else { return }
            judge(0, length)
            var start = 0
            for i in 0...length where i == length || word[i] == 0x2D {
                if start > 0 || i < length { judge(start, i) }
                start = i + 1
            }
            length = 0
        }
        for b in classes {
            let c = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || (c == 0x2D && length > 0) {
                if length < word.count { word[length] = c; length += 1 }
            } else {
                judgeWord()
            }
        }
        judgeWord()
        if isAuthor { return 2 }
        if comments { return -3 }
        if sure { return -2 }
        if negative { return positive ? 0 : -1 }
        return positive ? 1 : 0
    }
}
