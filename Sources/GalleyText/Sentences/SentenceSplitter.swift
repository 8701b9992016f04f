/// Splits tokens into sentences: abbreviations, initials, decimals, ellipses, trailing quotes, paragraph breaks,
/// list items (`1.)`, `2)`, `3.`, `a.`, bullets), spaced ellipses (`. . .` inside, `. . . .` at the end), citations after a
/// quotation (`"…" (Smith 55).`), URLs and e-mail addresses.
public enum SentenceSplitter {
    /// Sentence spans of a text in scalar offsets.
    public static func sentences(in text: String) -> [TextSpan] {
        AnalyzedText(text).sentences
    }

    /// Token index ranges of the sentences in `tokens`.
    public static func split(tokens: [Token], bytes: [UInt8]) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        let lexicon = Lexicon.shared
        let count = tokens.count
        var start = 0
        var index = 0
        var lastMarker: ListMarker?
        while index < count {
            let token = tokens[index]
            if token.startsParagraph {
                lastMarker = nil
                if index > start {
                    sentences.append(start..<index)
                    start = index
                }
            }
            switch token.kind {
            case .punctuation, .symbol:
                if token.length == 3, isBullet(token, bytes: bytes) {
                    // `• 9. The first item • 10. The second item`: every bullet opens an item.
                    if index > start {
                        sentences.append(start..<index)
                        start = index
                    }
                    index += 1
                    continue
                }
                guard token.kind == .punctuation else { break }
                if token.length == 1, bytes[Int(token.start)] == 0x2E, let run = spacedEllipsis(at: index, tokens: tokens, bytes: bytes) {
                    if let end = run.boundary {
                        sentences.append(start..<end)
                        start = end
                        index = end
                    } else {
                        index = run.end
                    }
                    continue
                }
                if let end = boundary(after: index, sentenceStart: start, tokens: tokens, bytes: bytes, lexicon: lexicon) {
                    sentences.append(start..<end)
                    start = end
                    index = end
                    continue
                }
            case .number, .word:
                if token.kind == .number || (token.length == 1 && !token.flags.contains(.capitalized)),
                   let marker = listMarker(at: index, tokens: tokens, bytes: bytes, previous: lastMarker) {
                    // A list item starts a sentence; the full stop of its marker (`1.`, `a.`, `2.)`) ends none.
                    lastMarker = marker
                    if index > start, !isBullet(tokens[index - 1], bytes: bytes) {
                        sentences.append(start..<index)
                        start = index
                    }
                    index = marker.end
                    continue
                }
                if token.flags.contains(.dottedAbbreviation),
                   let end = boundary(after: index, sentenceStart: start, tokens: tokens, bytes: bytes, lexicon: lexicon) {
                    sentences.append(start..<end)
                    start = end
                    index = end
                    continue
                }
            default:
                break
            }
            index += 1
        }
        if start < count { sentences.append(start..<count) }
        return sentences
    }

    private enum Terminal { case period, question, ellipsis, abbreviation }

    /// A list item marker: its style, its number (letters count from 1), the token index after it.
    private struct ListMarker {
        enum Style { case dotParen, paren, dot }
        var style: Style
        var value: Int
        var end: Int
    }

    /// Whether a token is a list bullet (`•`, `⁃`, `◦`, `‣`, `▪`).
    private static func isBullet(_ token: Token, bytes: [UInt8]) -> Bool {
        guard token.length == 3 else { return false }
        let start = Int(token.start)
        let (a, b, c) = (bytes[start], bytes[start + 1], bytes[start + 2])
        guard a == 0xE2 else { return false }
        return (b == 0x80 && (c == 0xA2 || c == 0xA3)) || (b == 0x81 && c == 0x83) || (b == 0x97 && c == 0xA6) || (b == 0x96 && c == 0xAA)
    }

    /// The list marker at `index` (`1.)`, `2)`, `3.`, `a.` followed by a space) when it opens a line or follows a
    /// bullet, or continues the previous marker's sequence (`1)` … `2)`, `a.` … `b.`) in the paragraph.
    private static func listMarker(at index: Int, tokens: [Token], bytes: [UInt8], previous: ListMarker?) -> ListMarker? {
        let token = tokens[index]
        let value: Int
        if token.kind == .number {
            guard token.length <= 3 else { return nil }
            var number = 0
            for offset in Int(token.start)..<Int(token.end) {
                let byte = bytes[offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                number = number * 10 + Int(byte - 0x30)
            }
            value = number
        } else {
            let letter = bytes[Int(token.start)]
            guard letter >= 0x61 && letter <= 0x7A else { return nil }
            value = Int(letter - 0x60)
        }
        func isByte(_ at: Int, _ ascii: UInt8) -> Bool {
            at < tokens.count && tokens[at].length == 1 && bytes[Int(tokens[at].start)] == ascii
                && !tokens[at].hasSpaceBefore && !tokens[at].startsParagraph
        }
        func spaced(_ at: Int) -> Bool { at < tokens.count && tokens[at].hasSpaceBefore && !tokens[at].flags.contains(.lineStart) }
        let marker: ListMarker
        if isByte(index + 1, 0x2E), isByte(index + 2, 0x29), spaced(index + 3) {
            marker = ListMarker(style: .dotParen, value: value, end: index + 3)
        } else if isByte(index + 1, 0x29), spaced(index + 2), token.kind == .number,
                  index == 0 || !(tokens[index - 1].kind == .punctuation && bytes[Int(tokens[index - 1].start)] == 0x28) {
            marker = ListMarker(style: .paren, value: value, end: index + 2)
        } else if isByte(index + 1, 0x2E), spaced(index + 2), tokens[index + 2].isCapitalizedWord || tokens[index + 2].kind == .number {
            marker = ListMarker(style: .dot, value: value, end: index + 2)
        } else {
            return nil
        }
        if token.kind == .word, marker.style != .dot { return nil }
        let opensLine = token.flags.contains(.lineStart) || (index > 0 && isBullet(tokens[index - 1], bytes: bytes))
        if opensLine { return marker }
        if let previous, previous.style == marker.style, previous.value + 1 == marker.value, token.hasSpaceBefore { return marker }
        return nil
    }

    /// A spaced ellipsis (`. . .`, `. . . .`): where it ends, and the sentence end when it ends one.
    private static func spacedEllipsis(at index: Int, tokens: [Token], bytes: [UInt8]) -> (end: Int, boundary: Int?)? {
        var end = index + 1
        while end < tokens.count, tokens[end].length == 1, bytes[Int(tokens[end].start)] == 0x2E, tokens[end].hasSpaceBefore,
              !tokens[end].flags.contains(.lineStart) {
            end += 1
        }
        let dots = end - index
        guard dots >= 3 else { return nil }
        var after = end
        while after < tokens.count, !tokens[after].startsParagraph, closes(tokens[after], bytes: bytes) { after += 1 }
        guard after < tokens.count, !tokens[after].startsParagraph else { return (end, after) }
        let next = tokens[after]
        let nextOpens = next.kind == .openQuote || next.kind == .straightQuote
        // Three spaced dots mark words left out inside a sentence; a fourth (or a closing quote) is its full stop.
        if (dots >= 4 || after > end), next.isCapitalizedWord || nextOpens, !isCitation(at: after, tokens: tokens, bytes: bytes) {
            return (end, after)
        }
        return (end, nil)
    }

    /// Whether a bracket at `index` holds a citation that the sentence's full stop follows (`"…" (Smith 55).`).
    private static func isCitation(at index: Int, tokens: [Token], bytes: [UInt8]) -> Bool {
        guard index < tokens.count, tokens[index].kind == .punctuation else { return false }
        let open = bytes[Int(tokens[index].start)]
        guard open == 0x28 || open == 0x5B else { return false }
        let close: UInt8 = open == 0x28 ? 0x29 : 0x5D
        var cursor = index + 1
        while cursor < tokens.count, cursor <= index + 12, !tokens[cursor].startsParagraph {
            let token = tokens[cursor]
            if token.kind == .punctuation, token.length == 1 {
                let byte = bytes[Int(token.start)]
                if byte == close {
                    let after = cursor + 1
                    return after < tokens.count && !tokens[after].hasSpaceBefore && tokens[after].kind == .punctuation
                        && [0x2E, 0x3F, 0x21].contains(bytes[Int(tokens[after].start)])
                }
                if byte == 0x2E || byte == 0x3F || byte == 0x21 || byte == open { return false }
            }
            cursor += 1
        }
        return false
    }

    /// The token index after the sentence that ends at `index`, or nil when no sentence ends there.
    private static func boundary(after index: Int, sentenceStart: Int, tokens: [Token], bytes: [UInt8], lexicon: Lexicon) -> Int? {
        let token = tokens[index]
        let first = bytes[Int(token.start)]
        let terminal: Terminal
        switch token.kind {
        case .punctuation:
            if first == 0x2E {
                terminal = token.length == 1 ? .period : .ellipsis
            } else if first == 0x3F || first == 0x21 {
                terminal = .question
            } else if token.length == 3, first == 0xE2, bytes[Int(token.start) + 2] == 0xA6 {
                terminal = .ellipsis
            } else {
                return nil
            }
        case .word where token.flags.contains(.dottedAbbreviation):
            terminal = .abbreviation
        default:
            return nil
        }
        var end = index + 1
        while end < tokens.count, !tokens[end].startsParagraph, closes(tokens[end], bytes: bytes) { end += 1 }
        guard end < tokens.count, !tokens[end].startsParagraph else { return end }
        let next = tokens[end]
        // `…?” Dechy said.`: a name and a speech verb after the closing quote continue the sentence.
        if end > index + 1 || terminal == .question, next.isCapitalizedWord, !lexicon.sentenceStarters.contains(next) {
            for offset in 1...2 where end + offset < tokens.count {
                let candidate = tokens[end + offset]
                if candidate.isLowercaseWord && lexicon.speechVerbs.contains(candidate) {
                    let after = end + offset + 1
                    let closes = after >= tokens.count || tokens[after].startsParagraph
                        || (tokens[after].kind == .punctuation && [0x2E, 0x2C, 0x3B].contains(bytes[Int(tokens[after].start)]))
                    if closes { return nil }
                    break
                }
                if !candidate.isCapitalizedWord { break }
            }
        }
        let nextIsStarter = next.isCapitalizedWord && lexicon.sentenceStarters.contains(next)
        let nextOpens = next.kind == .openQuote || next.kind == .straightQuote || next.kind == .singleQuote
            || (next.kind == .punctuation && (bytes[Int(next.start)] == 0x28 || bytes[Int(next.start)] == 0x5B))
        if nextOpens, isCitation(at: end, tokens: tokens, bytes: bytes) { return nil }
        switch terminal {
        case .question:
            return next.isLowercaseWord ? nil : end
        case .ellipsis:
            return next.isCapitalizedWord || nextOpens ? end : nil
        case .abbreviation:
            if lexicon.innerDottedAbbreviations.contains(token) { return nil }
            // `… at 6 P.M. Mr. Smith then …`: a time ends the sentence before a capital unless it opens the sentence (`At 5 a.m. Mr. …`).
            if timeSuffixes.contains(token), index > 0, tokens[index - 1].kind == .number,
               !opensSentence(timeBefore: index, sentenceStart: sentenceStart, tokens: tokens, bytes: bytes) {
                return next.isCapitalizedWord || nextOpens ? end : nil
            }
            return nextIsStarter || nextOpens ? end : nil
        case .period:
            // `example.50.com`, `Jane.Doe@`: a full stop with a word or a number right after it is inside a name.
            if next.kind == .word || next.kind == .number, !next.hasSpaceBefore, !next.startsParagraph { return nil }
            guard index > 0, tokens[index - 1].end == token.start else {
                return next.isLowercaseWord ? nil : end
            }
            let previous = tokens[index - 1]
            // `N°. 1026`: the numero sign abbreviates "number".
            if previous.kind == .symbol, previous.length == 2, bytes[Int(previous.start)] == 0xC2, bytes[Int(previous.start) + 1] == 0xB0,
               index >= 2, tokens[index - 2].end == previous.start, tokens[index - 2].key == numeroKey, next.kind == .number {
                return nil
            }
            // `you and I. Did …`: the pronoun, not an initial (`Albert I. Jones`), before the full stop.
            if previous.key == pronounIKey, previous.length == 1, index >= 2,
               tokens[index - 2].isLowercaseWord || (tokens[index - 2].kind == .punctuation && [0x2C, 0x3B, 0x3A].contains(bytes[Int(tokens[index - 2].start)])) {
                return next.isLowercaseWord ? nil : end
            }
            if previous.kind == .word {
                if lexicon.numberAbbreviations.contains(previous) {
                    if next.kind == .number { return nil }
                } else if lexicon.titleAbbreviations.contains(previous) {
                    return nil
                }
                if previous.length == 1, previous.flags.contains(.capitalized) {
                    return nextIsStarter || nextOpens || next.kind == .number ? end : nil
                }
                if lexicon.softAbbreviations.contains(previous) {
                    if next.kind == .number { return nil }
                    return next.isCapitalizedWord || nextOpens ? end : nil
                }
            }
            return next.isLowercaseWord ? nil : end
        }
    }

    /// Whether the clock time before the suffix at `index` opens its sentence (`At 5 a.m.`, `By 7:30 p.m.`).
    private static func opensSentence(timeBefore index: Int, sentenceStart: Int, tokens: [Token], bytes: [UInt8]) -> Bool {
        var first = index - 1
        if first >= 2, tokens[first - 1].length == 1, bytes[Int(tokens[first - 1].start)] == 0x3A, tokens[first - 2].kind == .number {
            first -= 2
        }
        guard first - sentenceStart <= 2 else { return false }
        for position in sentenceStart..<first where !timeOpeners.contains(tokens[position]) { return false }
        return true
    }

    /// Words that may open a sentence before a clock time (`At 5 a.m. Mr. Smith …`).
    private static let timeOpeners = WordSet(["at", "by", "until", "till", "from", "around", "about", "before", "after", "since", "shortly", "just", "then"])

    /// Dotted time suffixes (`a.m.`, `P.M.`).
    private static let timeSuffixes = WordSet(["a.m.", "p.m."])
    private static let numeroKey = WordKey.of("n")
    private static let pronounIKey = WordKey.of("i")

    /// Whether a token closes a sentence-final quotation or bracket.
    private static func closes(_ token: Token, bytes: [UInt8]) -> Bool {
        if token.hasSpaceBefore { return false }
        switch token.kind {
        case .closeQuote, .straightQuote, .singleQuote:
            return true
        case .punctuation:
            let byte = bytes[Int(token.start)]
            return byte == 0x29 || byte == 0x5D
        default:
            return false
        }
    }
}
