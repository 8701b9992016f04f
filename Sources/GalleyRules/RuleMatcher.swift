import GalleyCore
import GalleyText

/// One span a rule set found: where (in Unicode scalars), which category, and which term or pattern.
public struct RuleMatch: Sendable, Hashable {
    /// First scalar of the span.
    public var start: Int
    /// One past the last scalar.
    public var end: Int
    /// The category it counts towards.
    public var category: String
    /// The term as listed in the rules (term matches).
    public var term: String?
    /// The pattern's name (pattern matches).
    public var pattern: String?
}

/// A rule set compiled once: every term in one Aho–Corasick automaton per matching mode, plus token patterns.
public struct RuleMatcher: Sendable {
    private struct Group: Sendable {
        var matcher: MultiPatternMatcher
        var terms: [Int]
    }

    private let terms: [RuleTerm]
    private let groups: [Group]
    private let patterns: [CompiledPattern]
    /// The categories matches can have, in declaration order.
    public let categories: [String]

    /// Compiles the rules, keeping only `categories` when it is not empty.
    public init(_ spec: RuleSetSpec, categories only: [String] = []) {
        let keep = only.isEmpty ? Set(spec.categories) : Set(only)
        categories = spec.categories.filter { keep.contains($0) }
        let terms = spec.terms.filter { keep.contains($0.category) }
        self.terms = terms
        var byMode: [Int: [Int]] = [:]
        for (i, t) in terms.enumerated() { byMode[(t.caseSensitive ? 0 : 1) | (t.wholeWords ? 2 : 0), default: []].append(i) }
        groups = byMode.keys.sorted().map { mode in
            let members = byMode[mode]!
            var options: MultiPatternMatcher.Options = []
            if mode & 1 != 0 { options.insert(.caseInsensitive) }
            if mode & 2 != 0 { options.insert(.wholeWords) }
            let texts = members.map { i -> [UInt8] in
                var b = Array(terms[i].text.utf8)
                if mode & 2 != 0 { Self.maskPunctuation(&b) }
                return b
            }
            return Group(matcher: MultiPatternMatcher(bytePatterns: texts, options: options), terms: members)
        }
        patterns = spec.patterns.filter { keep.contains($0.category) }.map(CompiledPattern.init)
    }

    /// Turns non-ASCII punctuation and spaces (U+0080–U+00BF, U+2000–U+206F: curly quotes, dashes, no-break space) into
    /// as many ASCII spaces, in place, so that the matcher's word boundaries — which count every non-ASCII byte as a
    /// letter — see them as boundaries; byte offsets do not move.
    static func maskPunctuation(_ bytes: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0xBF {
                bytes[i] = 0x20; bytes[i + 1] = 0x20; i += 2; continue
            }
            if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80 || bytes[i + 1] == 0x81 {
                bytes[i] = 0x20; bytes[i + 1] = 0x20; bytes[i + 2] = 0x20; i += 3; continue
            }
            i += 1
        }
    }

    /// Term and pattern matches in a text, in text order; term matches do not overlap each other, nor pattern matches.
    public func matches(in text: String) -> [RuleMatch] {
        let bytes = Array(text.utf8)
        var masked: [UInt8]?
        var found: [(start: Int, end: Int, term: Int)] = []
        for group in groups {
            var searched = bytes
            if group.matcher.options.contains(.wholeWords) {
                if masked == nil {
                    masked = bytes
                    Self.maskPunctuation(&masked!)
                }
                searched = masked!
            }
            for m in group.matcher.matches(in: searched) { found.append((m.start, m.end, group.terms[m.pattern])) }
        }
        if groups.count > 1 && found.count > 1 {
            found.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
            var kept: [(start: Int, end: Int, term: Int)] = []
            var lastEnd = 0
            for f in found where f.start >= lastEnd {
                kept.append(f)
                lastEnd = f.end
            }
            found = kept
        }
        var result: [(bytes: Range<Int>, match: RuleMatch)] = found.map { f in
            (f.start..<f.end, RuleMatch(start: f.start, end: f.end, category: terms[f.term].category, term: terms[f.term].text, pattern: nil))
        }
        if !patterns.isEmpty {
            let tokens = Tokenizer.tokenize(bytes)
            var i = 0
            while i < tokens.count {
                var best: (end: Int, pattern: Int)?
                for (p, pattern) in patterns.enumerated() {
                    if let end = pattern.match(tokens, from: i), end > (best?.end ?? i) { best = (end, p) }
                }
                if let best {
                    let range = Int(tokens[i].start)..<Int(tokens[best.end - 1].end)
                    let p = patterns[best.pattern]
                    result.append((range, RuleMatch(start: range.lowerBound, end: range.upperBound, category: p.category, term: nil, pattern: p.name)))
                    i = best.end
                } else {
                    i += 1
                }
            }
            result.sort { $0.bytes.lowerBound != $1.bytes.lowerBound ? $0.bytes.lowerBound < $1.bytes.lowerBound : $0.bytes.upperBound > $1.bytes.upperBound }
        }
        let offsets = ScalarOffsets(utf8: bytes)
        if !offsets.isIdentity {
            for i in result.indices {
                result[i].match.start = offsets.scalarOffset(ofByte: result[i].bytes.lowerBound)
                result[i].match.end = offsets.scalarOffset(ofByte: result[i].bytes.upperBound)
            }
        }
        return result.map(\.match)
    }
}

/// A token pattern ready to run over tokens.
struct CompiledPattern: Sendable {
    enum Test: Sendable {
        case number, word, capitalized, any
        case words(WordSet)
    }

    let name: String
    let category: String
    let tests: [(test: Test, optional: Bool)]

    init(_ pattern: TokenPattern) {
        name = pattern.name
        category = pattern.category
        tests = pattern.elements.map { e in
            let t: Test
            switch e.test {
            case .number: t = .number
            case .word: t = .word
            case .capitalized: t = .capitalized
            case .any: t = .any
            case .words(let list): t = .words(WordSet(list))
            }
            return (t, e.optional)
        }
    }

    func accepts(_ test: Test, _ token: Token) -> Bool {
        switch test {
        case .number: return token.kind == .number
        case .word: return token.kind == .word
        case .capitalized: return token.isCapitalizedWord
        case .any: return true
        case .words(let set): return (token.kind == .word || token.kind == .number) && set.contains(token)
        }
    }

    /// The token index one past the longest match starting at `start`, or nil.
    func match(_ tokens: [Token], from start: Int) -> Int? {
        func step(_ element: Int, _ position: Int) -> Int? {
            if element == tests.count { return position }
            let (test, optional) = tests[element]
            var best: Int?
            if position < tokens.count, accepts(test, tokens[position]) { best = step(element + 1, position + 1) }
            if optional, let skipped = step(element + 1, position), skipped > (best ?? -1) { best = skipped }
            return best
        }
        guard let end = step(0, start), end > start else { return nil }
        return end
    }
}
