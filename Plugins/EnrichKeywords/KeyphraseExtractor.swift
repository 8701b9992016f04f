import GalleyText

/// What a name found by extract.entities is, as far as keywords care (from enrich.entities' `link_type`).
enum NameKind: Sendable {
    /// A country, city or region: preferred even as one word.
    case place
    /// A nationality or its adjective (`Ukrainian`): alone, a weak key phrase.
    case nationality
    /// Any other name: preferred when it has two words or more.
    case name
}

/// One key phrase: its text (first occurrence), score (1 for the best, less for the others), and where it first
/// occurs (scalar offsets).
struct Keyphrase: Sendable, Equatable {
    var text: String
    var score: Double
    var start: Int
    var end: Int
}

/// YAKE-style statistical key phrases (Campos et al. 2020): each word is weighed by its casing, position,
/// frequency, the variety of its neighbours and its spread over sentences; a phrase of up to `maxWords` content
/// words scores the product of its words' weights over its own frequency. Stop words, numbers and punctuation end a
/// phrase; names found by `extract.entities` are kept whole (no phrase starts or ends inside one) and preferred.
struct KeyphraseExtractor: Sendable {
    let stopWords: WordSet
    let maxWords: Int
    let count: Int
    /// Folds English plurals and possessives (`Koreans`, `Korea’s`).
    let englishFolding: Bool

    /// One word's statistics.
    private struct Term {
        var count = 0
        var capitalized = 0
        var acronym = 0
        /// The distinct sentences the term occurs in: how many, the last, and the first's place in `occurrences`.
        var sentenceCount = 0
        var lastSentence: Int32 = -1
        var firstOccurrence: Int32 = -1
        var lastOccurrence: Int32 = -1
        var left = 0, right = 0
        var distinctLeft = 0, distinctRight = 0
    }

    /// One candidate phrase's statistics.
    private struct Candidate {
        /// Its terms: `termStore[termStart..<termStart + termCount]` (one store for all candidates).
        var termStart: Int32
        var termCount: Int32
        var count = 0
        var firstToken: Int
        var lastToken: Int
        var entity = false
        var kind = NameKind.name
        /// The name a shorter mention stands for (`Kim` → `Kim Jong-un`), shown instead of the first occurrence.
        var display: String?
    }

    /// The top phrases of an analysed text; `entities` are scalar spans of names.
    func keyphrases(_ analyzed: AnalyzedText, entities: [(start: Int, end: Int, canonical: String?, kind: NameKind)]) -> [Keyphrase] {
        let tokens = analyzed.tokens
        guard !tokens.isEmpty else { return [] }
        // Per token: term index (-1: not a content word), entity id (-1: none).
        var termOf = [Int32](repeating: -1, count: tokens.count)
        var folded = [UInt64](repeating: 0, count: tokens.count)
        var terms: [Term] = []
        var termIndex = KeyIndex(capacity: tokens.count / 2)
        var sentenceOf = [Int32](repeating: 0, count: tokens.count)
        for (s, range) in analyzed.sentenceTokenRanges.enumerated() { for t in range { sentenceOf[t] = Int32(s) } }
        var sentenceStart = [Bool](repeating: false, count: tokens.count)
        for range in analyzed.sentenceTokenRanges where !range.isEmpty { sentenceStart[range.lowerBound] = true }

        var entityOf = [Int32](repeating: -1, count: tokens.count)
        let sortedEntities = entities.sorted { $0.start < $1.start }
        if !entities.isEmpty {
            var e = 0
            let sorted = sortedEntities
            for t in tokens.indices {
                let start = analyzed.offsets.scalarOffset(ofByte: Int(tokens[t].start))
                while e < sorted.count && sorted[e].end <= start { e += 1 }
                if e < sorted.count && sorted[e].start <= start { entityOf[t] = Int32(e) }
            }
        }

        var pairs = KeyIndex(capacity: tokens.count)
        var occurrences: [(sentence: Int32, next: Int32)] = []
        occurrences.reserveCapacity(tokens.count)
        for t in tokens.indices {
            let token = tokens[t]
            guard token.kind == .word, token.length >= 2, !stopWords.contains(token) else { continue }
            let key = fold(token, analyzed.bytes)
            if stopWords.contains(key: key) { continue }
            folded[t] = key
            let (number, inserted) = termIndex.insert(key)
            if inserted { terms.append(Term()) }
            let index = Int32(number)
            termOf[t] = index
            terms[Int(index)].count += 1
            if token.flags.contains(.allCaps) && token.length > 1 { terms[Int(index)].acronym += 1 }
            else if token.isCapitalizedWord && !sentenceStart[t] { terms[Int(index)].capitalized += 1 }
            let s = sentenceOf[t]
            if terms[Int(index)].lastSentence != s {
                // One list of (sentence, next) for all terms instead of an array per term.
                let o = Int32(occurrences.count)
                occurrences.append((s, -1))
                if terms[Int(index)].lastOccurrence >= 0 { occurrences[Int(terms[Int(index)].lastOccurrence)].next = o }
                else { terms[Int(index)].firstOccurrence = o }
                terms[Int(index)].lastOccurrence = o
                terms[Int(index)].lastSentence = s
                terms[Int(index)].sentenceCount += 1
            }
        }
        guard !terms.isEmpty else { return [] }
        // Neighbours: the word tokens either side within the sentence.
        for t in tokens.indices where termOf[t] >= 0 {
            let i = Int(termOf[t])
            if t > 0, tokens[t - 1].kind == .word, sentenceOf[t - 1] == sentenceOf[t] {
                terms[i].left += 1
                if pairs.insert(tokens[t - 1].key &* 31 &+ folded[t] &* 0x9E37_79B9).inserted { terms[i].distinctLeft += 1 }
            }
            if t + 1 < tokens.count, tokens[t + 1].kind == .word, sentenceOf[t + 1] == sentenceOf[t] {
                terms[i].right += 1
                if pairs.insert(folded[t] &* 0x51_7CC1_B727 &+ tokens[t + 1].key).inserted { terms[i].distinctRight += 1 }
            }
        }

        // The words of each canonical name that differs from its mention, as terms (when all are content words here).
        var canonicalTerms: [String: [(UInt64, Int32)]] = [:]
        for e in sortedEntities {
            guard let c = e.canonical, canonicalTerms[c] == nil else { continue }
            var words: [(UInt64, Int32)] = []
            for w in c.split(separator: " ") {
                let key = WordKey.of(String(w))
                guard let id = termIndex.number(of: key) else { words = []; break }
                words.append((key, Int32(id)))
            }
            if !words.isEmpty { canonicalTerms[c] = words }
        }

        // Word weights (lower is more important).
        let counts = terms.map { Double($0.count) }
        let mean = counts.reduce(0, +) / Double(counts.count)
        let std = (counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counts.count)).squareRoot()
        let maxCount = counts.max() ?? 1
        let sentenceCount = Double(max(1, analyzed.sentenceTokenRanges.count))
        let weight: [Double] = terms.map { term in
            let tf = Double(term.count)
            let casing = Double(max(term.capitalized, term.acronym)) / (1 + log(tf))
            var o = Int(term.firstOccurrence)
            for _ in 0..<(term.sentenceCount / 2) { o = Int(occurrences[o].next) }
            let median = Double(occurrences[o].sentence)
            let position = log(log(3 + median))
            let frequency = tf / (mean + std)
            let dl = term.left == 0 ? 0 : Double(term.distinctLeft) / Double(term.left)
            let dr = term.right == 0 ? 0 : Double(term.distinctRight) / Double(term.right)
            let relatedness = 1 + (dl + dr) * tf / maxCount
            let spread = Double(term.sentenceCount) / sentenceCount
            return position * relatedness / (casing + frequency / relatedness + spread / relatedness)
        }

        // Candidates: runs of content words within a sentence, no phrase cutting a name; whole names too.
        var candidates: [Candidate] = []
        var termStore: [Int32] = []
        termStore.reserveCapacity(tokens.count * 2)
        var candidateIndex = KeyIndex(capacity: tokens.count)
        func add(_ first: Int, _ last: Int, entity: Bool) {
            // The phrase's key first; its term list is built only for a phrase not seen before.
            var key: UInt64 = 0x2545_F491_4F6C_DD1D
            var words: [(UInt64, Int32)]?
            var display: String?
            var empty = true
            if entity, let canonical = sortedEntities[Int(entityOf[first])].canonical, let known = canonicalTerms[canonical] {
                // A short mention counts for the full name it stands for.
                for (k, _) in known { key = (key ^ k) &* 0x100_0000_01b3 }
                words = known
                display = canonical
                empty = known.isEmpty
            } else {
                for t in first...last where termOf[t] >= 0 {
                    key = (key ^ folded[t]) &* 0x100_0000_01b3
                    empty = false
                }
            }
            guard !empty else { return }
            let (c, inserted) = candidateIndex.insert(key)
            if !inserted {
                candidates[c].count += 1
                if entity { candidates[c].entity = true }
            } else {
                let termStart = Int32(termStore.count)
                if let words { for (_, id) in words { termStore.append(id) } }
                else { for t in first...last where termOf[t] >= 0 { termStore.append(termOf[t]) } }
                candidates.append(Candidate(termStart: termStart, termCount: Int32(termStore.count) - termStart, count: 1,
                                            firstToken: first, lastToken: last, entity: entity,
                                            kind: entity ? sortedEntities[Int(entityOf[first])].kind : .name, display: display))
            }
        }
        var t = 0
        while t < tokens.count {
            guard termOf[t] >= 0 else { t += 1; continue }
            var end = t
            while end + 1 < tokens.count, termOf[end + 1] >= 0, sentenceOf[end + 1] == sentenceOf[t], !tokens[end + 1].startsParagraph { end += 1 }
            for first in t...end {
                if entityOf[first] >= 0, first > 0, entityOf[first - 1] == entityOf[first] { continue }
                for last in first..<min(end + 1, first + maxWords) {
                    if entityOf[last] >= 0, last + 1 < tokens.count, entityOf[last + 1] == entityOf[last] { continue }
                    let single = first == last
                    if single && tokens[first].length < 3 { continue }
                    add(first, last, entity: entityOf[first] >= 0 && entityOf[first] == entityOf[last]
                        && (first == 0 || entityOf[first - 1] != entityOf[first])
                        && (last + 1 == tokens.count || entityOf[last + 1] != entityOf[last]))
                }
            }
            t = end + 1
        }
        // Names with stop words inside (`Bank of England`) as whole phrases.
        if !entities.isEmpty {
            var first = 0
            while first < tokens.count {
                let e = entityOf[first]
                guard e >= 0 else { first += 1; continue }
                var last = first
                while last + 1 < tokens.count, entityOf[last + 1] == e { last += 1 }
                let inner = (first...last).contains { termOf[$0] < 0 && tokens[$0].kind == .word }
                if inner, last - first < 6, termOf[first] >= 0, termOf[last] >= 0 { add(first, last, entity: true) }
                first = last + 1
            }
        }

        // Phrase scores (lower is better), then the best that are not parts of better ones.
        var scored: [(score: Double, index: Int)] = []
        scored.reserveCapacity(candidates.count)
        for (i, c) in candidates.enumerated() {
            var product = 1.0, sum = 0.0
            for id in termStore[Int(c.termStart)..<Int(c.termStart + c.termCount)] { product *= weight[Int(id)]; sum += weight[Int(id)] }
            var score = product / (Double(c.count) * (1 + sum))
            // A whole name of two words or more is preferred; a lone adjective of nationality (`Ukrainian`) is not.
            // A phrase of two words or more seen once is more often a chance run of words than a key phrase.
            if !c.entity && c.count == 1 && c.termCount >= 2 { score *= 3 }
            if c.entity {
                switch c.kind {
                case .place: score *= 0.5
                case .nationality: if c.lastToken == c.firstToken { score *= 4 }
                case .name: if c.lastToken > c.firstToken { score *= 0.5 }
                }
            }
            scored.append((score, i))
        }
        func before(_ a: (score: Double, index: Int), _ b: (score: Double, index: Int)) -> Bool {
            a.score < b.score || (a.score == b.score && candidates[a.index].firstToken < candidates[b.index].firstToken)
        }
        // The best few in order (a stable insertion into a short list), which is all that is read in practice; the
        // whole list is sorted only when those run out before `count` phrases are chosen.
        let few = max(64, count * 6)
        var ranked: [(score: Double, index: Int)] = []
        ranked.reserveCapacity(few + 1)
        for s in scored where ranked.count < few || before(s, ranked[ranked.count - 1]) {
            var low = 0, high = ranked.count
            while low < high {
                let mid = (low + high) / 2
                if before(s, ranked[mid]) { high = mid } else { low = mid + 1 }
            }
            ranked.insert(s, at: low)
            if ranked.count > few { ranked.removeLast() }
        }
        var chosen: [(score: Double, index: Int)] = []
        var chosenTexts: [String] = []
        var sortedAll = false
        var position = 0
        while chosen.count < count {
            if position == ranked.count {
                guard !sortedAll, scored.count > ranked.count else { break }
                scored.sort(by: before)
                ranked = scored
                sortedAll = true
                continue
            }
            let s = ranked[position]
            position += 1
            let c = candidates[s.index]
            let isPart = chosen.contains { other in
                let o = candidates[other.index]
                return o.termCount > c.termCount && contains(termStore, o, c)
            }
            if isPart { continue }
            let text = c.display ?? analyzed.string(tokens: c.firstToken..<(c.lastToken + 1))
            let lowered = text.lowercased()
            if chosenTexts.contains(where: { Self.similar($0, lowered) }) { continue }
            chosenTexts.append(lowered)
            chosen.append(s)
        }
        guard let best = chosen.first?.score else { return [] }
        return chosen.map { s in
            let c = candidates[s.index]
            let span = analyzed.span(ofTokens: c.firstToken..<(c.lastToken + 1))
            let value = best <= 0 ? 1 : (best / s.score * 1000).rounded() / 1000
            return Keyphrase(text: c.display ?? analyzed.string(tokens: c.firstToken..<(c.lastToken + 1)), score: value, start: span.start, end: span.end)
        }
    }

    /// Whether two phrases differ by little more than an ending (`north korea` / `north korean`): edit distance at
    /// most 15% of the longer.
    static func similar(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        let longer = max(x.count, y.count)
        guard abs(x.count - y.count) * 100 <= longer * 15, longer >= 4 else { return false }
        var previous = Array(0...y.count), current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...max(1, x.count) where !x.isEmpty {
            current[0] = i
            for j in 1...max(1, y.count) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count] * 100 <= longer * 15
    }

    /// Whether the terms of `whole` hold those of `part` as a contiguous run.
    private func contains(_ store: [Int32], _ whole: Candidate, _ part: Candidate) -> Bool {
        let w = Int(whole.termStart), wn = Int(whole.termCount), p = Int(part.termStart), pn = Int(part.termCount)
        guard pn <= wn else { return false }
        for i in 0...(wn - pn) where store[(w + i)..<(w + i + pn)].elementsEqual(store[p..<(p + pn)]) { return true }
        return false
    }

    /// The token's key with English plural and possessive endings folded (`Koreans` → `korean`, `cities` → `city`).
    @inline(__always)
    private func fold(_ token: Token, _ bytes: [UInt8]) -> UInt64 {
        guard englishFolding else { return token.key }
        var end = Int(token.end)
        let start = Int(token.start)
        // Possessive ’s / 's.
        if end - start > 3, bytes[end - 1] | 0x20 == 0x73 {
            if bytes[end - 2] == 0x27 { end -= 2 }
            else if end - start > 5, bytes[end - 2] == 0x99, bytes[end - 3] == 0x80, bytes[end - 4] == 0xE2 { end -= 4 }
        }
        var tail: [UInt8] = []
        if end - start > 4, bytes[end - 1] | 0x20 == 0x73 {
            let p = bytes[end - 2] | 0x20, pp = bytes[end - 3] | 0x20
            if p == 0x65 && pp == 0x69 { end -= 3; tail = [0x79] }             // -ies → -y
            else if p != 0x73 && p != 0x75 && p != 0x69 { end -= 1 }             // not -ss, -us, -is
        }
        if end == Int(token.end) { return token.key }
        var hash = WordKey.seed
        for i in start..<end { hash = WordKey.combine(hash, bytes[i]) }
        for b in tail { hash = WordKey.combine(hash, b) }
        return hash
    }
}

import Foundation
