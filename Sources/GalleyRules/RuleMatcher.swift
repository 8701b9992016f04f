import GalleyCore
import GalleyText

/// One span a rule set found: where (in Unicode scalars), which category, and which term or pattern.
public struct RuleMatch: Sendable, Hashable {
    /// First scalar of the span.
    public var start: Int
    /// One past the last scalar.
    public var end: Int
    /// The matched text.
    public var text: String
    /// The category it counts towards.
    public var category: String
    /// The term as listed in the rules (term matches).
    public var term: String?
    /// The pattern's name (pattern matches).
    public var pattern: String?
}

/// A rule set compiled once: whole-word terms in one token-sequence hash table per case mode, other terms in one
/// Aho–Corasick automaton per case mode, plus token patterns.
public struct RuleMatcher: Sendable {
    private struct Substrings: Sendable {
        var matcher: MultiPatternMatcher
        var terms: [Int]
    }

    private let terms: [RuleTerm]
    private let folded: WordSequenceMatcher?
    private let exact: WordSequenceMatcher?
    private let substrings: [Substrings]
    private let patterns: [CompiledPattern]
    /// The categories matches can have, in declaration order.
    public let categories: [String]

    /// Compiles the rules, keeping only `categories` when it is not empty.
    public init(_ spec: RuleSetSpec, categories only: [String] = []) {
        let keep = only.isEmpty ? Set(spec.categories) : Set(only)
        categories = spec.categories.filter { keep.contains($0) }
        let terms = spec.terms.filter { keep.contains($0.category) }
        self.terms = terms
        let whole = terms.indices.filter { terms[$0].wholeWords }
        let foldedTerms = whole.filter { !terms[$0].caseSensitive }.map { ($0, terms[$0].text) }
        let exactTerms = whole.filter { terms[$0].caseSensitive }.map { ($0, terms[$0].text) }
        folded = foldedTerms.isEmpty ? nil : WordSequenceMatcher(terms: foldedTerms, foldCase: true)
        exact = exactTerms.isEmpty ? nil : WordSequenceMatcher(terms: exactTerms, foldCase: false)
        substrings = [true, false].compactMap { caseSensitive in
            let members = terms.indices.filter { !terms[$0].wholeWords && terms[$0].caseSensitive == caseSensitive }
            guard !members.isEmpty else { return nil }
            let matcher = MultiPatternMatcher(patterns: members.map { terms[$0].text }, options: caseSensitive ? [] : .caseInsensitive)
            return Substrings(matcher: matcher, terms: members)
        }
        patterns = spec.patterns.filter { keep.contains($0.category) }.map(CompiledPattern.init)
    }

    /// Term and pattern matches in a text, in text order; term matches do not overlap each other, nor pattern matches.
    public func matches(in text: String) -> [RuleMatch] {
        let bytes = Array(text.utf8)
        var found: [(start: Int, end: Int, term: Int)] = []
        var sources = 0
        if let folded {
            sources += 1
            for m in folded.matches(WordSequenceMatcher.tokens(bytes, foldCase: true)) { found.append((m.start, m.end, m.term)) }
        }
        if let exact {
            sources += 1
            for m in exact.matches(WordSequenceMatcher.tokens(bytes, foldCase: false)) { found.append((m.start, m.end, m.term)) }
        }
        for group in substrings {
            sources += 1
            for m in group.matcher.matches(in: bytes) { found.append((m.start, m.end, group.terms[m.pattern])) }
        }
        if sources > 1 && found.count > 1 {
            found.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
            var kept: [(start: Int, end: Int, term: Int)] = []
            var lastEnd = 0
            for f in found where f.start >= lastEnd {
                kept.append(f)
                lastEnd = f.end
            }
            found = kept
        }
        func slice(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        var result: [(bytes: Range<Int>, match: RuleMatch)] = found.map { f in
            (f.start..<f.end, RuleMatch(start: f.start, end: f.end, text: slice(f.start..<f.end), category: terms[f.term].category,
                                        term: terms[f.term].text, pattern: nil))
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
                    result.append((range, RuleMatch(start: range.lowerBound, end: range.upperBound, text: slice(range), category: p.category,
                                                    term: nil, pattern: p.name)))
                    i = best.end
                } else {
                    i += 1
                }
            }
            result.sort { $0.bytes.lowerBound != $1.bytes.lowerBound ? $0.bytes.lowerBound < $1.bytes.lowerBound : $0.bytes.upperBound > $1.bytes.upperBound }
        }
        if !result.isEmpty {
            let offsets = ScalarOffsets(utf8: bytes)
            if !offsets.isIdentity {
                for i in result.indices {
                    result[i].match.start = offsets.scalarOffset(ofByte: result[i].bytes.lowerBound)
                    result[i].match.end = offsets.scalarOffset(ofByte: result[i].bytes.upperBound)
                }
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
