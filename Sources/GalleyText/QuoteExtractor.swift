/// A direct quotation or a piece of reported speech, with its speaker when the article names one.
public struct Quote: Sendable, Equatable {
    /// Whether the words are quoted verbatim or reported.
    public enum Kind: String, Sendable, Codable {
        /// Words inside quotation marks.
        case direct
        /// A reported clause (`Name said that …`).
        case indirect
    }

    /// The quoted words without quotation marks (or the reported clause).
    public var text: String
    /// The speaker as written, in the fullest form the article gives; nil when nobody is named.
    public var speaker: String?
    /// The speaker's role from an apposition (`South Korean Defence Minister`).
    public var speakerRole: String?
    /// Scalar offset of the first scalar of `text`.
    public var start: Int
    /// Scalar offset one past the last scalar of `text`.
    public var end: Int
    /// Direct or indirect.
    public var kind: Kind
}

/// Finds quotations, their speakers and reported speech by scanning tokens.
public enum QuoteExtractor {
    /// Quotes in a text, in text order.
    public static func quotes(in text: String) -> [Quote] {
        quotes(in: AnalyzedText(text))
    }

    /// Quotes in an analyzed text, in text order.
    public static func quotes(in analyzed: AnalyzedText) -> [Quote] {
        var scanner = QuoteScanner(analyzed)
        return scanner.run()
    }
}

/// A speaker found by an attribution pattern.
private struct Attribution {
    var name: String
    var role: String?
    /// Token index where the speaker is named (for pronoun resolution).
    var position: Int
}

/// What an attribution pattern found.
private enum Found {
    case speaker(Attribution)
    case pronoun
}

/// One quotation mark pair within a paragraph.
private struct Segment {
    var open: Int
    var close: Int?
    var contentFirst: Int
    var contentLast: Int
    var paragraph: Int
    var continuesNext: Bool
}

/// A person named in the text, for pronoun resolution and full-name lookup.
private struct Mention {
    var position: Int
    var name: String
    var role: String?
    var firstKey: UInt64
    var lastKey: UInt64
    var tokenCount: Int
}

private let thatKey = WordKey.of("that")
private let whoKey = WordKey.of("who")
private let clauseBlockers = WordSet(["on", "in", "at", "by", "for", "to", "with", "from", "after", "before", "during", "last", "yesterday", "today", "this", "earlier", "later", "recently", "previously", "also"])
private let passiveMarkers = WordSet(["was", "were", "is", "are", "be", "been", "being", "had", "has", "have"])
private let objectVerbs = WordSet(["told", "tells", "warned", "warns"])

private struct QuoteScanner {
    let analyzed: AnalyzedText
    let tokens: [Token]
    let bytes: [UInt8]
    var sentenceOf: [Int32]
    var inQuote: [Bool]
    var mentions: [Mention] = []

    init(_ analyzed: AnalyzedText) {
        self.analyzed = analyzed
        tokens = analyzed.tokens
        bytes = analyzed.bytes
        sentenceOf = [Int32](repeating: 0, count: analyzed.tokens.count)
        for (index, range) in analyzed.sentenceTokenRanges.enumerated() {
            for token in range { sentenceOf[token] = Int32(index) }
        }
        inQuote = [Bool](repeating: false, count: analyzed.tokens.count)
    }

    // MARK: tokens

    func isPunct(_ index: Int, _ ascii: UInt8) -> Bool { analyzed.token(index, is: ascii) }

    func isQuoteMark(_ index: Int) -> Bool {
        let kind = tokens[index].kind
        return kind == .openQuote || kind == .closeQuote || kind == .straightQuote
    }

    func isTerminator(_ index: Int) -> Bool {
        let token = tokens[index]
        if isQuoteMark(index) { return true }
        guard token.kind == .punctuation else { return false }
        let byte = bytes[Int(token.start)]
        if byte == 0x2E || byte == 0x3F || byte == 0x21 || byte == 0x3B || byte == 0x3A || byte == 0x28 { return true }
        return byte == 0xE2 && token.length == 3 && (bytes[Int(token.start) + 2] == 0x93 || bytes[Int(token.start) + 2] == 0x94)
    }

    func sentenceRange(of index: Int) -> Range<Int> { analyzed.sentenceTokenRanges[Int(sentenceOf[index])] }

    func isPossessive(_ token: Token) -> Bool {
        guard token.length > 2 else { return false }
        let end = Int(token.end)
        if bytes[end - 1] == 0x73, bytes[end - 2] == 0x27 { return true }
        return token.length > 4 && bytes[end - 1] == 0x73 && bytes[end - 2] == 0x99 && bytes[end - 3] == 0x80
    }

    func isNameToken(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.isCapitalizedWord, !token.flags.contains(.allCaps), !token.flags.contains(.dottedAbbreviation) else { return false }
        if Lexicon.nonNameWords.contains(token) || Lexicon.titleWords.contains(token) || isPossessive(token) { return false }
        return !(token.length == 1)
    }

    func text(_ range: Range<Int>) -> String { analyzed.string(tokens: range) }

    // MARK: run

    mutating func run() -> [Quote] {
        let segments = findSegments()
        for segment in segments {
            for index in segment.open...(segment.close ?? segment.contentLast) { inQuote[index] = true }
        }
        collectMentions()
        var quotes: [Quote] = []
        var previous: (attribution: Attribution, lastParagraph: Int, lastToken: Int)?
        var groupStart = 0
        while groupStart < segments.count {
            var groupEnd = groupStart
            while groupEnd < segments.count - 1, segments[groupEnd].continuesNext { groupEnd += 1 }
            let group = Array(segments[groupStart...groupEnd])
            groupStart = groupEnd + 1

            let first = group[0]
            let last = group[group.count - 1]
            var explicit: Attribution?
            var pronoun = false
            if let close = last.close {
                switch attributionAfter(close: close, contentLast: last.contentLast) {
                case .speaker(let found)?: explicit = found
                case .pronoun?: pronoun = true
                case nil: break
                }
            }
            if explicit == nil {
                switch attributionBefore(open: first.open) {
                case .speaker(let found)?: explicit = found
                case .pronoun?: pronoun = true
                case nil: break
                }
            }
            var speaker = explicit
            if speaker == nil, pronoun { speaker = resolvePronoun(before: first.open) }
            if speaker == nil, let previous {
                let sameParagraph = previous.lastParagraph == first.paragraph
                let nextParagraph = previous.lastParagraph + 1 == first.paragraph
                    && first.open == analyzed.paragraphTokenRanges[first.paragraph].lowerBound
                if sameParagraph || nextParagraph { speaker = previous.attribution }
            }
            let words = group.reduce(0) { total, segment in
                total + (segment.contentFirst...segment.contentLast).reduce(0) { $0 + (tokens[$1].kind == .word ? 1 : 0) }
            }
            if explicit == nil && group.count == 1 && words < 4 { continue }
            if let speaker {
                let position = explicit?.position ?? first.open
                mentions.append(mention(name: speaker.name, role: speaker.role, position: position))
                previous = (speaker, last.paragraph, last.close ?? last.contentLast)
            } else {
                previous = nil
            }
            for segment in group {
                let range = Int(tokens[segment.contentFirst].start)..<Int(tokens[segment.contentLast].end)
                let span = analyzed.span(bytes: range)
                quotes.append(Quote(text: analyzed.string(bytes: range), speaker: speaker?.name, speakerRole: speaker?.role,
                                    start: span.start, end: span.end, kind: .direct))
            }
        }
        quotes.append(contentsOf: indirectQuotes())
        quotes.sort { $0.start < $1.start }
        return quotes
    }

    // MARK: segments

    func findSegments() -> [Segment] {
        var segments: [Segment] = []
        let paragraphs = analyzed.paragraphTokenRanges
        for (paragraphIndex, paragraph) in paragraphs.enumerated() {
            var open: Int?
            for index in paragraph {
                let token = tokens[index]
                switch token.kind {
                case .openQuote:
                    open = index
                case .closeQuote:
                    if let start = open, let segment = segment(open: start, close: index, paragraph: paragraphIndex) {
                        segments.append(segment)
                    }
                    open = nil
                case .straightQuote:
                    let nextAttached = index + 1 < paragraph.upperBound && !tokens[index + 1].hasSpaceBefore
                    let opening = (index == paragraph.lowerBound || token.hasSpaceBefore
                        || (index > 0 && tokens[index - 1].kind == .punctuation && (isPunct(index - 1, 0x28) || isPunct(index - 1, 0x2D))))
                        && nextAttached
                    if let start = open {
                        if !opening || !token.hasSpaceBefore || index + 1 == paragraph.upperBound {
                            if let segment = segment(open: start, close: index, paragraph: paragraphIndex) { segments.append(segment) }
                            open = nil
                        } else {
                            open = index
                        }
                    } else if opening {
                        open = index
                    }
                default:
                    break
                }
            }
            if let start = open, paragraphIndex + 1 < paragraphs.count {
                let nextFirst = tokens[paragraphs[paragraphIndex + 1].lowerBound].kind
                if nextFirst == .openQuote || nextFirst == .straightQuote,
                   var segment = segment(open: start, close: nil, paragraph: paragraphIndex) {
                    segment.continuesNext = true
                    segments.append(segment)
                }
            }
        }
        return segments
    }

    func segment(open: Int, close: Int?, paragraph: Int) -> Segment? {
        let first = open + 1
        var last = (close ?? analyzed.paragraphTokenRanges[paragraph].upperBound) - 1
        if last >= first, isPunct(last, 0x2C) { last -= 1 }
        guard last >= first else { return nil }
        return Segment(open: open, close: close, contentFirst: first, contentLast: last, paragraph: paragraph, continuesNext: false)
    }

    // MARK: attribution

    /// `“…,” said Name, role` · `“…,” Name, role, said` · `“…,” role Name said` · `“…,” he said`.
    func attributionAfter(close: Int, contentLast: Int) -> Found? {
        let count = tokens.count
        let start = close + 1
        guard start < count, !tokens[start].startsParagraph else { return nil }
        if isPunct(contentLast, 0x2E) && !tokens[start].isLowercaseWord { return nil }
        var end = start
        while end < count, !tokens[end].startsParagraph, !isTerminator(end), end - start < 24 { end += 1 }
        guard end > start else { return nil }
        if tokens[start].isLowercaseWord, Lexicon.speechVerbs.contains(tokens[start]) {
            return phraseAfterVerb(start + 1..<end)
        }
        var verb = start
        while verb < end, !(tokens[verb].isLowercaseWord && Lexicon.speechVerbs.contains(tokens[verb])) { verb += 1 }
        guard verb < end, verb > start, verb - start <= 14 else { return nil }
        return subject(start..<verb)
    }

    /// The speaker after a verb: `said Lee Min-bok, a North Korean defector`.
    func phraseAfterVerb(_ range: Range<Int>) -> Found? {
        guard !range.isEmpty else { return nil }
        var comma = range.lowerBound
        while comma < range.upperBound, !isPunct(comma, 0x2C) { comma += 1 }
        guard let head = subject(range.lowerBound..<comma) else { return nil }
        guard case .speaker(var attribution) = head else { return head }
        if attribution.role == nil, comma + 1 < range.upperBound, isName(attribution) {
            var roleEnd = comma + 1
            while roleEnd < range.upperBound, !isPunct(roleEnd, 0x2C) { roleEnd += 1 }
            attribution.role = text(comma + 1..<roleEnd)
        }
        return .speaker(attribution)
    }

    func isName(_ attribution: Attribution) -> Bool {
        guard let first = attribution.name.utf8.first else { return false }
        return first >= 0x41 && first <= 0x5A && !Lexicon.personDeterminers.contains(key: WordKey.of(String(attribution.name.split(separator: " ")[0])))
    }

    /// `Name said: “…”` · `A Western diplomat who … said: “…”`.
    func attributionBefore(open: Int) -> Found? {
        guard open >= 2, !tokens[open].startsParagraph else { return nil }
        guard isPunct(open - 1, 0x3A) || isPunct(open - 1, 0x2C) else { return nil }
        let sentence = sentenceRange(of: open - 1)
        var verb = open - 2
        while verb >= sentence.lowerBound, verb >= open - 6 {
            if tokens[verb].isLowercaseWord, Lexicon.speechVerbs.contains(tokens[verb]) { break }
            if isQuoteMark(verb) { return nil }
            verb -= 1
        }
        guard verb >= sentence.lowerBound, verb >= open - 6, verb > sentence.lowerBound else { return nil }
        return subjectFromClauseStarts(sentence.lowerBound, verb)
    }

    /// Tries the sentence start, then each point after a comma, as the start of the subject ending before `verb`.
    func subjectFromClauseStarts(_ sentenceStart: Int, _ verb: Int) -> Found? {
        if let found = subject(sentenceStart..<verb) { return found }
        var index = sentenceStart
        while index < verb - 1 {
            if isPunct(index, 0x2C), let found = subject(index + 1..<verb) { return found }
            index += 1
        }
        return nil
    }

    /// Parses a subject phrase: a pronoun, `Name`, `Name, role,`, `role Name`, or a described person.
    func subject(_ range: Range<Int>) -> Found? {
        var range = range
        if range.count > 1, isPunct(range.upperBound - 1, 0x2C) {
            range = range.lowerBound..<(range.upperBound - 1)
        }
        guard !range.isEmpty, range.count <= 16 else { return nil }
        for index in range where isQuoteMark(index) { return nil }
        let first = range.lowerBound
        if range.count == 1, Lexicon.personPronouns.contains(tokens[first]) { return .pronoun }

        var nameEnd = first
        while nameEnd < range.upperBound, isNameToken(nameEnd) { nameEnd += 1 }
        if nameEnd > first, nameEnd < range.upperBound, isPunct(nameEnd, 0x2C) {
            let roleRange = (nameEnd + 1)..<range.upperBound
            guard !roleRange.isEmpty, roleRange.count <= 14 else { return nil }
            for index in roleRange where isPunct(index, 0x2C) { return nil }
            return named(first..<nameEnd, role: text(roleRange))
        }
        var nameStart = range.upperBound
        while nameStart > first, isNameToken(nameStart - 1) { nameStart -= 1 }
        if nameStart < range.upperBound {
            let roleRange = first..<nameStart
            if roleRange.isEmpty { return named(nameStart..<range.upperBound, role: nil) }
            guard roleRange.count <= 8 else { return nil }
            var hasTitle = false
            for index in roleRange {
                let token = tokens[index]
                guard token.kind == .word else { return nil }
                if Lexicon.titleWords.contains(token) || Lexicon.personNouns.contains(token) { hasTitle = true }
            }
            guard hasTitle, !Lexicon.personDeterminers.contains(tokens[first]) else { return nil }
            return named(nameStart..<range.upperBound, role: text(roleRange))
        }
        guard Lexicon.personDeterminers.contains(tokens[first]) else { return nil }
        var index = first + 1
        while index < range.upperBound, index <= first + 6 {
            let token = tokens[index]
            if token.key == whoKey || token.key == thatKey || token.kind != .word { break }
            if Lexicon.personNouns.contains(token) {
                return .speaker(Attribution(name: text(range), role: nil, position: first))
            }
            index += 1
        }
        return nil
    }

    /// A named person, expanded to the fullest earlier form; single unknown words are rejected unless a role backs them.
    func named(_ range: Range<Int>, role: String?) -> Found? {
        guard range.count <= 4 else { return nil }
        if range.count == 1 {
            let key = tokens[range.lowerBound].key
            if let known = nearestMention(before: range.lowerBound, where: { $0.tokenCount > 1 && ($0.lastKey == key || $0.firstKey == key) }) {
                return .speaker(Attribution(name: known.name, role: role ?? known.role, position: range.lowerBound))
            }
            guard role != nil else { return nil }
        }
        return .speaker(Attribution(name: text(range), role: role, position: range.lowerBound))
    }

    func resolvePronoun(before index: Int) -> Attribution? {
        guard let mention = nearestMention(before: index, where: { _ in true }) else { return nil }
        return Attribution(name: mention.name, role: mention.role, position: mention.position)
    }

    /// The mention closest before `index` that satisfies `condition`.
    func nearestMention(before index: Int, where condition: (Mention) -> Bool) -> Mention? {
        var best: Mention?
        for mention in mentions where mention.position < index && condition(mention) {
            if best == nil || mention.position >= best!.position { best = mention }
        }
        return best
    }

    func mention(name: String, role: String?, position: Int) -> Mention {
        let parts = name.split(separator: " ")
        return Mention(position: position, name: name, role: role, firstKey: WordKey.of(String(parts.first ?? "")),
                       lastKey: WordKey.of(String(parts.last ?? "")), tokenCount: parts.count)
    }

    // MARK: mentions

    /// Records people named with two or more name words outside quotations, in text order.
    mutating func collectMentions() {
        var index = 0
        while index < tokens.count {
            guard !inQuote[index], isNameToken(index) else {
                index += 1
                continue
            }
            var end = index
            while end < tokens.count, !inQuote[end], isNameToken(end), end == index || !tokens[end].startsParagraph { end += 1 }
            let isPossessiveNext = end < tokens.count && isPossessive(tokens[end]) && tokens[end].isCapitalizedWord
            if end - index >= 2, end - index <= 4, !isPossessiveNext, precededByNonName(index) {
                mentions.append(mention(name: text(index..<end), role: nil, position: index))
            }
            index = end
        }
    }

    /// Whether the word before a name is not itself a capitalized non-name (`North Korea`, `The Kremlin`).
    func precededByNonName(_ index: Int) -> Bool {
        guard index > 0, !tokens[index].startsParagraph else { return true }
        let previous = tokens[index - 1]
        if previous.isCapitalizedWord && !Lexicon.sentenceStarters.contains(previous) && !Lexicon.titleWords.contains(previous) {
            return false
        }
        return true
    }

    // MARK: indirect speech

    /// `Name, role, said that …` · `Name says …` in sentences without quotation marks.
    mutating func indirectQuotes() -> [Quote] {
        var quotes: [Quote] = []
        for sentence in analyzed.sentenceTokenRanges {
            var hasQuote = false
            for index in sentence where isQuoteMark(index) {
                hasQuote = true
                break
            }
            if hasQuote { continue }
            var verb = sentence.lowerBound + 1
            while verb < sentence.upperBound {
                if tokens[verb].isLowercaseWord, Lexicon.indirectSpeechVerbs.contains(tokens[verb]),
                   !passiveMarkers.contains(tokens[verb - 1]) {
                    break
                }
                verb += 1
            }
            guard verb < sentence.upperBound, let clauseStart = clauseStart(afterVerb: verb, sentence: sentence) else { continue }
            var found = subjectFromClauseStarts(sentence.lowerBound, verb)
            if case .pronoun? = found {
                found = resolvePronoun(before: sentence.lowerBound).map { .speaker($0) }
            }
            guard case .speaker(let speaker)? = found else { continue }
            var clauseEnd = sentence.upperBound
            while clauseEnd > clauseStart, tokens[clauseEnd - 1].kind != .word && tokens[clauseEnd - 1].kind != .number { clauseEnd -= 1 }
            var wordCount = 0
            for index in clauseStart..<clauseEnd where tokens[index].kind == .word { wordCount += 1 }
            guard wordCount >= 3 else { continue }
            let range = Int(tokens[clauseStart].start)..<Int(tokens[clauseEnd - 1].end)
            let span = analyzed.span(bytes: range)
            quotes.append(Quote(text: analyzed.string(bytes: range), speaker: speaker.name, speakerRole: speaker.role,
                                start: span.start, end: span.end, kind: .indirect))
            mentions.append(mention(name: speaker.name, role: speaker.role, position: speaker.position))
        }
        return quotes
    }

    /// Where the reported clause starts after a speech verb (`said that, …` → after the comma).
    func clauseStart(afterVerb verb: Int, sentence: Range<Int>) -> Int? {
        var index = verb + 1
        var start: Int?
        while index < sentence.upperBound, index <= verb + 6 {
            if tokens[index].key == thatKey {
                start = index + 1
                break
            }
            if isTerminator(index) { break }
            index += 1
        }
        if start == nil {
            let next = verb + 1
            guard next < sentence.upperBound, tokens[next].kind == .word, !clauseBlockers.contains(tokens[next]),
                  !objectVerbs.contains(tokens[verb]) else { return nil }
            start = next
        }
        guard var clause = start else { return nil }
        while clause < sentence.upperBound, tokens[clause].kind == .punctuation { clause += 1 }
        return clause < sentence.upperBound ? clause : nil
    }
}
