/// Splits tokens into sentences: abbreviations, initials, decimals, ellipses, trailing quotes, paragraph breaks.
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
        while index < count {
            let token = tokens[index]
            if index > start && token.startsParagraph {
                sentences.append(start..<index)
                start = index
            }
            let candidate = token.kind == .punctuation || token.flags.contains(.dottedAbbreviation)
            if candidate, let end = boundary(after: index, tokens: tokens, bytes: bytes, lexicon: lexicon) {
                sentences.append(start..<end)
                start = end
                index = end
                continue
            }
            index += 1
        }
        if start < count { sentences.append(start..<count) }
        return sentences
    }

    private enum Terminal { case period, question, ellipsis, abbreviation }

    /// The token index after the sentence that ends at `index`, or nil when no sentence ends there.
    private static func boundary(after index: Int, tokens: [Token], bytes: [UInt8], lexicon: Lexicon) -> Int? {
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
        switch terminal {
        case .question:
            return next.isLowercaseWord ? nil : end
        case .ellipsis:
            return next.isCapitalizedWord || nextOpens ? end : nil
        case .abbreviation:
            if lexicon.innerDottedAbbreviations.contains(token) { return nil }
            return nextIsStarter || nextOpens ? end : nil
        case .period:
            if next.kind == .word, !next.hasSpaceBefore, !next.startsParagraph { return nil }
            guard index > 0, tokens[index - 1].end == token.start else {
                return next.isLowercaseWord ? nil : end
            }
            let previous = tokens[index - 1]
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
