import Foundation

/// The byte-level pass before parsing: drops what is never article text — scripts, styles, SVG, templates, comments,
/// `<noscript>` fallbacks — and keeps the JSON-LD blocks it finds, so that libxml2 only parses the markup that matters
/// (on a typical news page that is a third of the bytes). One forward scan; `memchr` finds each `<`.
struct ScriptStripper {
    /// The markup left to parse.
    var markup: [UInt8] = []
    /// The contents of every `<script type="application/ld+json">`.
    var jsonLD: [[UInt8]] = []
    /// The contents of the first few other JSON scripts (`type="application/json"`): app state that may state dates.
    var jsonData: [[UInt8]] = []

    /// Elements whose whole content is skipped, with their closing tags (lower case).
    private static let skipped: [(open: [UInt8], close: [UInt8])] = [
        ("script", "</script"), ("style", "</style"), ("svg", "</svg"), ("template", "</template"),
        ("noscript", "</noscript"), ("iframe", "</iframe"), ("math", "</math"), ("textarea", "</textarea"),
        ("select", "</select"), ("object", "</object"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    private static let noscript = Array("noscript".utf8)
    private static let paragraphTag = Array("<p".utf8)

    /// Whether `b[from..<to]` holds a `<p>` or `<p …>` tag.
    private static func holdsParagraph(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        var i = from
        while let at = findCaseless(b, paragraphTag, from: i), at + 2 < to {
            let c = b[at + 2]
            if c == 0x3E || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { return true }
            i = at + 2
        }
        return false
    }

    /// Strips `html` (UTF-8).
    init(_ html: UnsafeBufferPointer<UInt8>) {
        markup.reserveCapacity(html.count / 2)
        let n = html.count
        guard let base = html.baseAddress else { return }
        var copied = 0
        var i = 0
        while i < n {
            guard let hit = memchr(base + i, 0x3C, n - i) else { break }
            let lt = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            i = lt + 1
            // A comment: up to `-->`, or the end of the page when it is never closed.
            if Self.hasPrefix(html, at: lt + 1, "!--") {
                markup.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<lt]))
                let end = Self.find(html, "-->", from: lt + 4).map { $0 + 3 } ?? n
                copied = end
                i = end
                continue
            }
            guard let skip = Self.skipped.firstIndex(where: { Self.isOpenTag(html, at: lt + 1, name: $0.open) }) else { continue }
            let name = Self.skipped[skip]
            markup.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<lt]))
            // The end of the opening tag; a self-closed `<svg/>` has no content.
            var gt = lt + 1 + name.open.count
            var quote: UInt8 = 0
            while gt < n {
                let c = html[gt]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { break }
                gt += 1
            }
            let attributes = UnsafeBufferPointer(rebasing: html[(lt + 1)..<min(gt, n)])
            if gt >= n { copied = n; i = n; break }
            if html[gt - 1] == 0x2F && name.open != Array("script".utf8) { copied = gt + 1; i = gt + 1; continue }
            let close = Self.findCaseless(html, name.close, from: gt + 1) ?? n
            // A <noscript> that holds paragraphs is the page's own script-free copy of its text (Blogger puts whole
            // posts there): its content is parsed, only the tag is dropped.
            if name.open == Self.noscript && Self.holdsParagraph(html, from: gt + 1, to: close) {
                copied = gt + 1
                i = gt + 1
                continue
            }
            if name.open == Array("script".utf8) && Self.containsCaseless(attributes, Array("ld+json".utf8)) {
                jsonLD.append(Array(html[(gt + 1)..<close]))
            } else if name.open == Array("script".utf8) && jsonData.count < 8 && close - gt < 65536
                        && Self.containsCaseless(attributes, Array("json".utf8)) {
                jsonData.append(Array(html[(gt + 1)..<close]))
            }
            var after = close
            if close < n, let closeEnd = memchr(base + close, 0x3E, n - close) {
                after = base.distance(to: closeEnd.assumingMemoryBound(to: UInt8.self)) + 1
            } else {
                after = n
            }
            copied = after
            i = after
        }
        if copied < n { markup.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<n])) }
    }

    @inline(__always) private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    private static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where b[i + k] != p[k] { return false }
        return true
    }

    /// `<name` followed by white space, `>` or `/`, case-insensitive.
    private static func isOpenTag(_ b: UnsafeBufferPointer<UInt8>, at i: Int, name: [UInt8]) -> Bool {
        guard i + name.count < b.count, lower(b[i]) == name[0] else { return false }
        for k in 1..<name.count where lower(b[i + k]) != name[k] { return false }
        let c = b[i + name.count]
        return c == 0x3E || c == 0x2F || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C
    }

    /// The first `s` in `b` at or after `from`; memchr finds each candidate first byte. Shared with the page builder.
    static func find(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString, from: Int = 0) -> Int? {
        guard let base = b.baseAddress, from < b.count else { return nil }
        let first = s.utf8Start[0]
        var i = from
        while i < b.count, let hit = memchr(base + i, Int32(first), b.count - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if hasPrefix(b, at: at, s) { return at }
            i = at + 1
        }
        return nil
    }

    /// The first `needle` (lower case) at or after `from`, ignoring ASCII case; memchr on its first byte.
    private static func findCaseless(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from: Int) -> Int? {
        guard let base = b.baseAddress, from < b.count else { return nil }
        var i = from
        let n = b.count
        while i < n, let hit = memchr(base + i, Int32(needle[0]), n - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if at + needle.count <= n {
                var k = 1
                while k < needle.count && lower(b[at + k]) == needle[k] { k += 1 }
                if k == needle.count { return at }
            }
            i = at + 1
        }
        return nil
    }

    private static func containsCaseless(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard b.count >= needle.count else { return false }
        for i in 0...(b.count - needle.count) {
            var k = 0
            while k < needle.count && lower(b[i + k]) == needle[k] { k += 1 }
            if k == needle.count { return true }
        }
        return false
    }
}
