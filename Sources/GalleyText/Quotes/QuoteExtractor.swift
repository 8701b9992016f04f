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

    /// Quotes in an analyzed text, in text order; attribution stops once `limit` are found (then the list is a
    /// subset, for a caller that fails the text as over its limit anyway).
    public static func quotes(in analyzed: AnalyzedText, limit: Int = .max) -> [Quote] {
        var scanner = QuoteScanner(analyzed)
        return scanner.run(limit: limit)
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
    /// The name when it is not simply the tokens at `nameTokens` (speakers, expanded surnames).
    var spelled: String?
    /// The tokens that name the person; the name string is built only when a mention is used.
    var nameTokens: Range<Int>
    var role: String?
    var firstKey: UInt64
    var lastKey: UInt64
    var tokenCount: Int
    /// Whether the person is a speaker or a sentence subject (a pronoun may refer to them).
    var isSubject: Bool
}


/// Mentions ordered by position, so "the nearest mention before a token" is a binary search instead of a scan of
/// every mention. The mentions collected before attribution and those added while attributing (speakers, in text
/// order) are kept apart: each part grows at its end, so no insertion shifts the whole list.
private struct MentionList {
    private var positions: [[Int]] = [[], []]
    private var items: [[Int]] = [[], []]

    /// Adds mention number `item` (numbers grow as mentions are added) at token `position` to part 0 or 1.
    mutating func insert(_ item: Int, at position: Int, part: Int) {
        if positions[part].last.map({ $0 <= position }) ?? true {
            positions[part].append(position)
            items[part].append(item)
            return
        }
        var low = 0
        var high = positions[part].count
        while low < high {
            let middle = (low + high) / 2
            if positions[part][middle] <= position { low = middle + 1 } else { high = middle }
        }
        positions[part].insert(position, at: low)
        items[part].insert(item, at: low)
    }

    /// The mention with the greatest position before `index` (the last added among equals).
    func last(before index: Int) -> Int? {
        var best: (position: Int, item: Int)?
        for part in 0..<2 {
            var low = 0
            var high = positions[part].count
            while low < high {
                let middle = (low + high) / 2
                if positions[part][middle] < index { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { continue }
            let candidate = (position: positions[part][low - 1], item: items[part][low - 1])
            if best.map({ ($0.position, $0.item) < (candidate.position, candidate.item) }) ?? true { best = candidate }
        }
        return best?.item
    }
}

private struct QuoteScanner {
    let lexicon = Lexicon.shared
    let words = QuoteWords.shared
    let analyzed: AnalyzedText
    let tokens: [Token]
    let bytes: [UInt8]
    var sentenceOf: [Int32]
    var inQuote: [Bool]
    var mentions: [Mention] = []
    /// Whether the look-up lists below are kept: only once a text has many mentions (a scan is cheaper for a few).
    var mentionsIndexed = false
    /// How many mentions `collectMentions` recorded (they come before the speakers added while attributing).
    var collectedMentions = Int.max
    /// Mentions that a pronoun may refer to.
    var subjectMentions = MentionList()
    /// Mentions of two or more name words by their last and by their first word.
    var mentionsByLastKey: [UInt64: MentionList] = [:]
    var mentionsByFirstKey: [UInt64: MentionList] = [:]
    /// Per sentence: the first quotation mark or speech verb after its first token (-1 until needed).
    var partialQuoteStops: [Int32]
    /// Per sentence: the first token after its opening discourse words and commas (-1 until needed).
    var discourseEnds: [Int32]

    init(_ analyzed: AnalyzedText) {
        self.analyzed = analyzed
        tokens = analyzed.tokens
        bytes = analyzed.bytes
        sentenceOf = [Int32](repeating: 0, count: analyzed.tokens.count)
        for (index, range) in analyzed.sentenceTokenRanges.enumerated() {
            for token in range { sentenceOf[token] = Int32(index) }
        }
        inQuote = [Bool](repeating: false, count: analyzed.tokens.count)
        partialQuoteStops = [Int32](repeating: -1, count: analyzed.sentenceTokenRanges.count)
        discourseEnds = [Int32](repeating: -1, count: analyzed.sentenceTokenRanges.count)
        nameWords = [Bool](repeating: false, count: analyzed.tokens.count)
        for index in tokens.indices where tokens[index].isCapitalizedWord { nameWords[index] = computeIsNameToken(index) }
    }

    /// Whether each token can be part of a person's name, computed once per text.
    var nameWords: [Bool] = []

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

    func isDash(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.kind == .punctuation else { return false }
        let byte = bytes[Int(token.start)]
        return byte == 0x2D || (byte == 0xE2 && token.length == 3 && (bytes[Int(token.start) + 2] == 0x93 || bytes[Int(token.start) + 2] == 0x94))
    }

    func sentenceRange(of index: Int) -> Range<Int> { analyzed.sentenceTokenRanges[Int(sentenceOf[index])] }

    func isPossessive(_ token: Token) -> Bool {
        guard token.length > 2 else { return false }
        let end = Int(token.end)
        if bytes[end - 1] == 0x73, bytes[end - 2] == 0x27 { return true }
        return token.length > 4 && bytes[end - 1] == 0x73 && bytes[end - 2] == 0x99 && bytes[end - 3] == 0x80
    }

    @inline(__always)
    func isNameToken(_ index: Int) -> Bool { nameWords[index] }

    func computeIsNameToken(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.isCapitalizedWord, !token.flags.contains(.allCaps), !token.flags.contains(.dottedAbbreviation) else { return false }
        if token.length == 1 {
            // A middle initial (`George W Bush`) belongs to the name around it.
            return index > 0 && index + 1 < tokens.count && isFullNameWord(index - 1) && isFullNameWord(index + 1)
        }
        return !lexicon.nonNameWords.contains(token) && !lexicon.titleWords.contains(token) && !isPossessive(token)
    }

    /// A name word of two or more letters.
    func isFullNameWord(_ index: Int) -> Bool {
        let token = tokens[index]
        return token.isCapitalizedWord && token.length > 1 && !token.flags.contains(.allCaps) && !lexicon.nonNameWords.contains(token)
            && !lexicon.titleWords.contains(token) && !isPossessive(token)
    }

    func text(_ range: Range<Int>) -> String { analyzed.string(tokens: range) }

    // MARK: run

    mutating func run(limit: Int) -> [Quote] {
        let segments = findSegments()
        for segment in segments {
            for index in segment.open...(segment.close ?? segment.contentLast) { inQuote[index] = true }
        }
        collectMentions()
        collectedMentions = mentions.count
        var groups: [[Segment]] = []
        var groupStart = 0
        while groupStart < segments.count {
            var groupEnd = groupStart
            while groupEnd < segments.count - 1, segments[groupEnd].continuesNext { groupEnd += 1 }
            groups.append(Array(segments[groupStart...groupEnd]))
            groupStart = groupEnd + 1
        }
        // Direct and reported speech are attributed in text order, so a pronoun sees every speaker before it.
        var quotes: [Quote] = []
        var previous: Previous?
        var nextGroup = 0
        for sentence in analyzed.sentenceTokenRanges where quotes.count < limit {
            while nextGroup < groups.count, groups[nextGroup][0].open < sentence.upperBound {
                quotes.append(contentsOf: direct(groups[nextGroup], previous: &previous))
                nextGroup += 1
            }
            if let quote = indirect(in: sentence) { quotes.append(quote) }
        }
        while nextGroup < groups.count && quotes.count < limit {
            quotes.append(contentsOf: direct(groups[nextGroup], previous: &previous))
            nextGroup += 1
        }
        quotes.sort { $0.start < $1.start }
        return quotes
    }

    /// The last attributed direct quotation, for continuations without attribution.
    struct Previous {
        var attribution: Attribution
        var lastParagraph: Int
    }

    /// Attributes one quotation (one or more paragraph segments) and returns a quote per segment.
    mutating func direct(_ group: [Segment], previous: inout Previous?) -> [Quote] {
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
            let sentence = Int(sentenceOf[first.open])
            if partialQuoteStops[sentence] < 0 {
                partialQuoteStops[sentence] = Int32(firstPartialQuoteStop(in: analyzed.sentenceTokenRanges[sentence]))
            }
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
        var words = 0
        for segment in group {
            for index in segment.contentFirst...segment.contentLast where tokens[index].kind == .word { words += 1 }
        }
        if explicit == nil && group.count == 1 && words < 4 { return [] }
        if let speaker {
            addMention(mention(name: speaker.name, role: speaker.role, position: explicit?.position ?? first.open))
            previous = Previous(attribution: speaker, lastParagraph: last.paragraph)
        } else {
            previous = nil
        }
        return group.map { segment in
            let range = Int(tokens[segment.contentFirst].start)..<Int(tokens[segment.contentLast].end)
            let span = analyzed.span(bytes: range)
            return Quote(text: analyzed.string(bytes: range), speaker: speaker?.name, speakerRole: speaker?.role,
                         start: span.start, end: span.end, kind: .direct)
        }
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
        if tokens[start].isLowercaseWord, lexicon.speechVerbs.contains(tokens[start]) {
            return phraseAfterVerb(start + 1..<end)
        }
        var verb = start
        while verb < end, !(tokens[verb].isLowercaseWord && lexicon.speechVerbs.contains(tokens[verb])) { verb += 1 }
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
            if isRole(comma + 1..<roleEnd) { attribution.role = text(comma + 1..<roleEnd) }
        }
        return .speaker(attribution)
    }

    /// Whether tokens read as an apposition role (`a North Korean defector in Soeul`), not a new clause.
    func isRole(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count <= 14, !lexicon.nonRoleStarters.contains(tokens[range.lowerBound]) else { return false }
        for index in range {
            let token = tokens[index]
            if isQuoteMark(index) || (token.isLowercaseWord && lexicon.speechVerbs.contains(token)) { return false }
        }
        return true
    }

    func isName(_ attribution: Attribution) -> Bool {
        guard let first = attribution.name.utf8.first else { return false }
        return first >= 0x41 && first <= 0x5A && !lexicon.personDeterminers.contains(key: WordKey.of(String(attribution.name.split(separator: " ")[0])))
    }

    /// `Name said: “…”` · `A Western diplomat who … said: “…”`.
    func attributionBefore(open: Int) -> Found? {
        guard open >= 2, !tokens[open].startsParagraph else { return nil }
        guard isPunct(open - 1, 0x3A) || isPunct(open - 1, 0x2C) else { return attributionOfPartialQuote(open: open) }
        let sentence = sentenceRange(of: open - 1)
        var verb = open - 2
        while verb >= sentence.lowerBound, verb >= open - 6 {
            if tokens[verb].isLowercaseWord, lexicon.speechVerbs.contains(tokens[verb]) { break }
            if isQuoteMark(verb) { return nil }
            verb -= 1
        }
        guard verb >= sentence.lowerBound, verb >= open - 6, verb > sentence.lowerBound else { return nil }
        return subjectFromClauseStarts(sentence.lowerBound, verb)
    }

    /// `Name told reporters that the bank would “look carefully …”`: a quotation inside its speaker's sentence.
    func attributionOfPartialQuote(open: Int) -> Found? {
        let sentence = sentenceRange(of: open)
        // The first quotation mark or speech verb of the sentence, found once per sentence (not once per quotation).
        let stored = Int(partialQuoteStops[Int(sentenceOf[open])])
        let verb = stored >= 0 ? stored : firstPartialQuoteStop(in: sentence)
        guard verb >= 0, verb < open, !isQuoteMark(verb) else { return nil }
        return subjectFromClauseStarts(sentence.lowerBound, verb)
    }

    /// The first token after a sentence's first that is a quotation mark or an active speech verb; its end when none.
    func firstPartialQuoteStop(in sentence: Range<Int>) -> Int {
        var verb = sentence.lowerBound + 1
        while verb < sentence.upperBound {
            if isQuoteMark(verb) { return verb }
            if tokens[verb].isLowercaseWord, lexicon.speechVerbs.contains(tokens[verb]), !words.passiveMarkers.contains(tokens[verb - 1]) {
                return verb
            }
            verb += 1
        }
        return sentence.upperBound
    }

    /// Tries the sentence start, then each point after a comma, as the start of the subject ending before `verb`.
    func subjectFromClauseStarts(_ sentenceStart: Int, _ verb: Int) -> Found? {
        if let found = subject(sentenceStart..<verb) { return found }
        // A subject is at most 16 tokens after its leading discourse words: clause starts further back cannot hold one.
        var index = max(sentenceStart, verb - 64)
        while index < verb - 1 {
            if isPunct(index, 0x2C), let found = subject(index + 1..<verb) { return found }
            index += 1
        }
        return nil
    }

    /// Parses a subject phrase: a pronoun, `Name`, `Name, role,`, `role Name`, `Title Name`, or a described person.
    func subject(_ range: Range<Int>) -> Found? {
        var first = range.lowerBound
        var upper = range.upperBound
        if upper - first > 1, isPunct(upper - 1, 0x2C) { upper -= 1 }
        while first < upper, lexicon.discourseWords.contains(tokens[first]) {
            first += 1
            if first < upper, isPunct(first, 0x2C) { first += 1 }
        }
        guard first < upper, upper - first <= 16 else { return nil }
        for index in first..<upper where isQuoteMark(index) { return nil }
        if upper - first == 1, lexicon.personPronouns.contains(tokens[first]) { return .pronoun }

        var lead = first
        while lead + 1 < upper, tokens[lead].isCapitalizedWord, isTitle(tokens[lead]), isNameToken(lead + 1) || isTitle(tokens[lead + 1]) {
            lead += 1
        }
        var nameEnd = lead
        while nameEnd < upper, isNameToken(nameEnd) { nameEnd += 1 }
        if nameEnd > lead, nameEnd == upper || isPunct(nameEnd, 0x2C) {
            var role = titleRole(first..<lead)
            if nameEnd < upper {
                let apposition = (nameEnd + 1)..<upper
                guard isRole(apposition) else { return nil }
                for index in apposition where isPunct(index, 0x2C) { return nil }
                role = text(apposition)
            }
            return named(lead..<nameEnd, written: first..<nameEnd, role: role, honorific: lead > first)
        }
        if let found = titledNameWithAffiliation(first..<upper) { return found }
        var nameStart = upper
        while nameStart > first, isNameToken(nameStart - 1) { nameStart -= 1 }
        if nameStart < upper, !lexicon.prepositions.contains(tokens[nameStart - 1]) {
            let roleRange = first..<nameStart
            guard roleRange.count <= 12, !lexicon.personDeterminers.contains(tokens[first]) else { return nil }
            var hasTitle = false
            for index in roleRange {
                let token = tokens[index]
                guard token.kind == .word, !lexicon.auxiliaries.contains(token) else { return nil }
                if index == first, lexicon.nonRoleStarters.contains(token) { return nil }
                if lexicon.titleWords.contains(token) || (lexicon.personNouns.contains(token) && token.isLowercaseWord) { hasTitle = true }
            }
            guard hasTitle else { return nil }
            var honorificStart = nameStart
            while honorificStart > first, lexicon.honorifics.contains(tokens[honorificStart - 1]) { honorificStart -= 1 }
            return named(nameStart..<upper, written: honorificStart..<upper, role: titleRole(first..<honorificStart),
                         honorific: true)
        }
        guard lexicon.personDeterminers.contains(tokens[first]), upper - first <= 12 else { return nil }
        var index = first + 1
        var person = false
        while index < upper {
            let token = tokens[index]
            if token.key == words.whoKey || token.key == words.thatKey { break }
            if token.kind != .word || lexicon.auxiliaries.contains(token) { return nil }
            if index <= first + 6, lexicon.personNouns.contains(token), !token.flags.contains(.capitalized) { person = true }
            index += 1
        }
        return person ? .speaker(Attribution(name: text(first..<upper), role: nil, position: first)) : nil
    }

    /// `analyst Alex Potter at Lehman Brothers` · `Ambassador Stefan Johannesson of Iceland`: role words ending in a title,
    /// the name, then an affiliation; the role joins the title words and the affiliation.
    func titledNameWithAffiliation(_ range: Range<Int>) -> Found? {
        guard range.count >= 3, !lexicon.personDeterminers.contains(tokens[range.lowerBound]) else { return nil }
        var title = range.lowerBound
        while title + 1 < range.upperBound {
            let token = tokens[title]
            guard token.kind == .word, !lexicon.auxiliaries.contains(token) else { return nil }
            if isTitle(token), isNameToken(title + 1) { break }
            title += 1
        }
        guard title + 1 < range.upperBound, title - range.lowerBound < 10 else { return nil }
        var nameEnd = title + 1
        while nameEnd < range.upperBound, isNameToken(nameEnd) { nameEnd += 1 }
        guard nameEnd + 1 < range.upperBound, lexicon.affiliationPrepositions.contains(tokens[nameEnd]),
              range.upperBound - nameEnd <= 8 else { return nil }
        // The affiliation is an organisation's name: capitalized words, with only function words lower case.
        for index in (nameEnd + 1)..<range.upperBound {
            let token = tokens[index]
            guard token.kind == .word || isPunct(index, 0x26) else { return nil }
            if token.isLowercaseWord, !lexicon.prepositions.contains(token), token.key != words.andKey { return nil }
            if lexicon.weekdayOrMonth(token) { return nil }
        }
        var roleEnd = title + 1
        while roleEnd > range.lowerBound, lexicon.honorifics.contains(tokens[roleEnd - 1]) { roleEnd -= 1 }
        let titleText = roleEnd > range.lowerBound ? text(range.lowerBound..<roleEnd) + " " : ""
        return named(title + 1..<nameEnd, written: title + 1..<nameEnd, role: titleText + text(nameEnd..<range.upperBound), honorific: true)
    }

    func isTitle(_ token: Token) -> Bool {
        lexicon.titleWords.contains(token) || lexicon.personNouns.contains(token) || lexicon.honorifics.contains(token)
    }

    /// Title words before a name as a role (`Defence Minister`), without honorifics; nil when none.
    func titleRole(_ range: Range<Int>) -> String? {
        var upper = range.upperBound
        while upper > range.lowerBound, lexicon.honorifics.contains(tokens[upper - 1]) { upper -= 1 }
        return upper > range.lowerBound ? text(range.lowerBound..<upper) : nil
    }

    /// A named person in the fullest form the text gives; a lone unknown word counts only after an honorific (`Mr Hopkins`).
    func named(_ range: Range<Int>, written: Range<Int>, role: String?, honorific: Bool) -> Found? {
        guard range.count <= 4 else { return nil }
        if range.count == 1 {
            let key = tokens[range.lowerBound].key
            if let known = nearestNamed(key, before: range.lowerBound, orFirst: true) {
                return .speaker(Attribution(name: name(of: known), role: role ?? known.role, position: range.lowerBound))
            }
            guard honorific else { return nil }
            return .speaker(Attribution(name: text(written), role: role, position: range.lowerBound))
        }
        return .speaker(Attribution(name: text(range), role: role, position: range.lowerBound))
    }

    func resolvePronoun(before index: Int) -> Attribution? {
        guard let mention = nearestSubject(before: index) else { return nil }
        return Attribution(name: name(of: mention), role: mention.role, position: mention.position)
    }

    /// Records a mention; past `indexThreshold` mentions, every mention is also indexed for the nearest-mention look-ups.
    mutating func addMention(_ mention: Mention) {
        mentions.append(mention)
        if mentionsIndexed {
            index(mentions.count - 1)
        } else if mentions.count >= Self.indexThreshold {
            mentionsIndexed = true
            for item in mentions.indices { index(item) }
        }
    }

    /// Below this many mentions, look-ups scan them all.
    static let indexThreshold = 48

    private mutating func index(_ item: Int) {
        let mention = mentions[item]
        let part = item < collectedMentions ? 0 : 1
        if mention.isSubject { subjectMentions.insert(item, at: mention.position, part: part) }
        if mention.tokenCount > 1 {
            mentionsByLastKey[mention.lastKey, default: MentionList()].insert(item, at: mention.position, part: part)
            mentionsByFirstKey[mention.firstKey, default: MentionList()].insert(item, at: mention.position, part: part)
        }
    }

    /// The mention closest before `index` that satisfies `condition` (the last recorded among equals), by a scan.
    func scanMentions(before index: Int, where condition: (Mention) -> Bool) -> Int? {
        var best: Int?
        for item in mentions.indices where mentions[item].position < index && condition(mentions[item]) {
            if best == nil || mentions[item].position >= mentions[best!].position { best = item }
        }
        return best
    }

    /// The nearest subject mention before `index`.
    func nearestSubject(before index: Int) -> Mention? {
        let item = mentionsIndexed ? subjectMentions.last(before: index) : scanMentions(before: index) { $0.isSubject }
        return item.map { mentions[$0] }
    }

    /// The nearest mention of two or more words before `index` whose last word (or first, with `orFirst`) is `key`.
    func nearestNamed(_ key: UInt64, before index: Int, orFirst: Bool) -> Mention? {
        guard mentionsIndexed else {
            let item = scanMentions(before: index) { $0.tokenCount > 1 && ($0.lastKey == key || (orFirst && $0.firstKey == key)) }
            return item.map { mentions[$0] }
        }
        let byLast = mentionsByLastKey[key]?.last(before: index)
        let byFirst = orFirst ? mentionsByFirstKey[key]?.last(before: index) : nil
        let nearest = [byLast, byFirst].compactMap { $0 }.max { (mentions[$0].position, $0) < (mentions[$1].position, $1) }
        return nearest.map { mentions[$0] }
    }

    func name(of mention: Mention) -> String { mention.spelled ?? text(mention.nameTokens) }

    /// A mention of a speaker whose name is already a string.
    func mention(name: String, role: String?, position: Int, isSubject: Bool = true) -> Mention {
        let parts = name.split(separator: " ")
        return Mention(position: position, spelled: name, nameTokens: position..<position, role: role,
                       firstKey: WordKey.of(String(parts.first ?? "")), lastKey: WordKey.of(String(parts.last ?? "")),
                       tokenCount: parts.count, isSubject: isSubject)
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
            let count = end - index
            let afterHonorific = index > 0 && lexicon.honorifics.contains(tokens[index - 1])
            if count >= 2, count <= 4, precededByNonName(index) || afterHonorific {
                let subject = isSubject(index..<end)
                addMention(Mention(position: index, spelled: nil, nameTokens: index..<end, role: nil, firstKey: tokens[index].key,
                                   lastKey: tokens[end - 1].key, tokenCount: count, isSubject: subject))
            } else if count == 1, afterHonorific {
                let key = tokens[index].key
                let known = nearestNamed(key, before: index, orFirst: false)
                let subject = isSubject(index..<end)
                addMention(Mention(position: index, spelled: known.map(name(of:)), nameTokens: (index - 1)..<end, role: known?.role,
                                   firstKey: key, lastKey: key, tokenCount: 1, isSubject: subject))
            }
            index = end
        }
    }

    /// Whether a name opens its sentence (after discourse words) and is followed by a comma or a verb-like word.
    mutating func isSubject(_ name: Range<Int>) -> Bool {
        let sentence = Int(sentenceOf[name.lowerBound])
        if discourseEnds[sentence] < 0 {
            let range = analyzed.sentenceTokenRanges[sentence]
            var end = range.lowerBound
            while end < range.upperBound, lexicon.discourseWords.contains(tokens[end]) || isPunct(end, 0x2C) { end += 1 }
            discourseEnds[sentence] = Int32(end)
        }
        let start = min(Int(discourseEnds[sentence]), name.lowerBound)
        if name.lowerBound > 0, tokens[name.lowerBound - 1].isLowercaseWord, lexicon.invertibleSpeechVerbs.contains(tokens[name.lowerBound - 1]) {
            return true
        }
        let opensSentence = start == name.lowerBound || (start == name.lowerBound - 1 && lexicon.honorifics.contains(tokens[start]))
        guard opensSentence, name.upperBound < tokens.count else { return false }
        let next = tokens[name.upperBound]
        if isPunct(name.upperBound, 0x2C) || isDash(name.upperBound) { return true }
        return next.isLowercaseWord && !lexicon.personNouns.contains(next) && !lexicon.titleWords.contains(next)
    }

    /// Whether the word before a name is not itself a capitalized non-name (`North Korea`, `The Kremlin`).
    func precededByNonName(_ index: Int) -> Bool {
        guard index > 0, !tokens[index].startsParagraph else { return true }
        let previous = tokens[index - 1]
        if previous.isCapitalizedWord && !lexicon.sentenceStarters.contains(previous) && !lexicon.titleWords.contains(previous) {
            return false
        }
        return true
    }

    // MARK: indirect speech

    /// `Name, role, said that …` · `Name says …` in a sentence without quotation marks.
    mutating func indirect(in sentence: Range<Int>) -> Quote? {
        for index in sentence where isQuoteMark(index) { return nil }
        var verb = sentence.lowerBound + 1
        while verb < sentence.upperBound {
            if tokens[verb].isLowercaseWord, lexicon.indirectSpeechVerbs.contains(tokens[verb]),
               !words.passiveMarkers.contains(tokens[verb - 1]) {
                break
            }
            verb += 1
        }
        guard verb < sentence.upperBound else { return nil }
        if let inverted = invertedIndirect(verb: verb, sentence: sentence) { return inverted }
        guard let clauseStart = clauseStart(afterVerb: verb, sentence: sentence) else { return nil }
        var found = subjectFromClauseStarts(sentence.lowerBound, verb)
        if case .pronoun? = found {
            found = resolvePronoun(before: sentence.lowerBound).map { .speaker($0) }
        }
        guard case .speaker(let speaker)? = found else { return nil }
        var clauseEnd = sentence.upperBound
        while clauseEnd > clauseStart, tokens[clauseEnd - 1].kind != .word && tokens[clauseEnd - 1].kind != .number { clauseEnd -= 1 }
        var wordCount = 0
        for index in clauseStart..<clauseEnd where tokens[index].kind == .word { wordCount += 1 }
        guard wordCount >= 3 else { return nil }
        let range = Int(tokens[clauseStart].start)..<Int(tokens[clauseEnd - 1].end)
        let span = analyzed.span(bytes: range)
        addMention(mention(name: speaker.name, role: speaker.role, position: speaker.position))
        return Quote(text: analyzed.string(bytes: range), speaker: speaker.name, speakerRole: speaker.role,
                     start: span.start, end: span.end, kind: .indirect)
    }

    /// `The sale has destroyed Yukos, said founder Mikhail Khodorkovsky.`: the clause comes first, the speaker after the verb.
    mutating func invertedIndirect(verb: Int, sentence: Range<Int>) -> Quote? {
        guard verb - 1 > sentence.lowerBound, isPunct(verb - 1, 0x2C), lexicon.invertibleSpeechVerbs.contains(tokens[verb]) else { return nil }
        var end = verb + 1
        while end < sentence.upperBound, !isTerminator(end) { end += 1 }
        guard case .speaker(let speaker)? = phraseAfterVerb(verb + 1..<end) else { return nil }
        let clauseEnd = verb - 1
        var wordCount = 0
        for index in sentence.lowerBound..<clauseEnd where tokens[index].kind == .word { wordCount += 1 }
        guard wordCount >= 3 else { return nil }
        let range = Int(tokens[sentence.lowerBound].start)..<Int(tokens[clauseEnd - 1].end)
        let span = analyzed.span(bytes: range)
        addMention(mention(name: speaker.name, role: speaker.role, position: speaker.position))
        return Quote(text: analyzed.string(bytes: range), speaker: speaker.name, speakerRole: speaker.role,
                     start: span.start, end: span.end, kind: .indirect)
    }

    /// Where the reported clause starts after a speech verb (`said that, …` → after the comma).
    func clauseStart(afterVerb verb: Int, sentence: Range<Int>) -> Int? {
        var index = verb + 1
        var start: Int?
        while index < sentence.upperBound, index <= verb + 6 {
            if tokens[index].key == words.thatKey {
                start = index + 1
                break
            }
            if isTerminator(index) { break }
            index += 1
        }
        if start == nil {
            let next = verb + 1
            guard next < sentence.upperBound, tokens[next].kind == .word, !words.clauseBlockers.contains(tokens[next]),
                  !words.objectVerbs.contains(tokens[verb]) else { return nil }
            start = next
        }
        guard var clause = start else { return nil }
        while clause < sentence.upperBound, tokens[clause].kind == .punctuation { clause += 1 }
        return clause < sentence.upperBound ? clause : nil
    }
}

/// Word lists of this extractor, compiled once.
final class QuoteWords: Sendable {
    /// The one compiled instance.
    static let shared = QuoteWords()
    let thatKey = WordKey.of("that")
    let whoKey = WordKey.of("who")
    let andKey = WordKey.of("and")
    let clauseBlockers = WordSet(["on", "in", "at", "by", "for", "to", "with", "from", "after", "before", "during", "last", "yesterday", "today", "this", "earlier", "later", "recently", "previously", "also"])
    let passiveMarkers = WordSet(["was", "were", "is", "are", "be", "been", "being", "had", "has", "have"])
    let objectVerbs = WordSet(["told", "tells", "warned", "warns"])
}
