/// A money amount, percentage, count, duration or measure found in a text.
public struct Quantity: Sendable, Equatable {
    /// What a quantity measures.
    public enum Kind: String, Sendable, Codable {
        /// An amount of money (`US$2.29 billion`).
        case money
        /// A percentage or percentage points (`25 per cent`).
        case percent
        /// A number of things (`10,000 men`, `1.3 million`).
        case count
        /// A length of time (`ten years`).
        case duration
        /// A physical measure (`40 km`).
        case measure
    }

    /// The quantity as written (number, scale, currency and unit words; without the counted noun).
    public var text: String
    /// What it measures.
    public var kind: Kind
    /// The numeric value with scale applied (`1.3 million` → 1300000); the lower bound of a range.
    public var value: Double
    /// The upper bound of a range (`between 10 and 20`, `10-20`).
    public var valueMax: Double?
    /// The unit: the counted noun, a time unit, `percentage point`, or a measure.
    public var unit: String?
    /// ISO 4217 code of money.
    public var currency: String?
    /// A qualifier written before it (`more than`, `up to`, `about`, `between`).
    public var qualifier: String?
    /// Scalar offset of the first scalar.
    public var start: Int
    /// Scalar offset one past the last scalar.
    public var end: Int
}

/// Finds quantities by scanning tokens: currency, number, scale, range, unit, qualifier.
public enum QuantityExtractor {
    /// Quantities in a text.
    public static func quantities(in text: String) -> [Quantity] {
        quantities(in: AnalyzedText(text))
    }

    /// Quantities in an analyzed text.
    public static func quantities(in analyzed: AnalyzedText) -> [Quantity] {
        var scanner = QuantityScanner(analyzed)
        return scanner.run()
    }
}


private struct QuantityScanner {
    let lexicon = Lexicon.shared
    let words = QuantityWords.shared
    let analyzed: AnalyzedText
    let tokens: [Token]
    var results: [Quantity] = []

    init(_ analyzed: AnalyzedText) {
        self.analyzed = analyzed
        tokens = analyzed.tokens
    }

    mutating func run() -> [Quantity] {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let candidate = token.kind == .number || token.kind == .symbol || (token.kind == .word && words.triggers.contains(token))
            if !candidate {
                index += 1
                continue
            }
            if let next = match(at: index) {
                index = next
            } else {
                index += 1
            }
        }
        return results
    }

    func isByte(_ index: Int, _ ascii: UInt8) -> Bool { analyzed.token(index, is: ascii) }

    func attached(_ index: Int) -> Bool {
        index < tokens.count && !tokens[index].hasSpaceBefore && !tokens[index].startsParagraph
    }

    /// The ISO code of a currency symbol token.
    func currencySymbol(_ index: Int) -> String? {
        guard index < tokens.count, tokens[index].kind == .symbol else { return nil }
        let token = tokens[index]
        let bytes = analyzed.bytes
        let first = bytes[Int(token.start)]
        switch token.length {
        case 1 where first == 0x24: return "USD"
        case 2 where first == 0xC2:
            switch bytes[Int(token.start) + 1] {
            case 0xA3: return "GBP"
            case 0xA5: return "JPY"
            default: return nil
            }
        case 3 where first == 0xE2 && bytes[Int(token.start) + 1] == 0x82:
            switch bytes[Int(token.start) + 2] {
            case 0xAC: return "EUR"
            case 0xB9: return "INR"
            case 0xA9: return "KRW"
            case 0xBD: return "RUB"
            case 0xB4: return "UAH"
            case 0xBA: return "TRY"
            default: return nil
            }
        default: return nil
        }
    }

    /// A currency written before a number at `index`: (code, index of the number).
    func currencyPrefix(at index: Int) -> (String, Int)? {
        let token = tokens[index]
        if token.kind == .word, let code = lexicon.dollarPrefixes[token], attached(index + 1),
           isByte(index + 1, 0x24), index + 2 < tokens.count, tokens[index + 2].kind == .number {
            return (code, index + 2)
        }
        if token.kind == .word, token.flags.contains(.allCaps), let code = lexicon.currencyCodes[token],
           index + 1 < tokens.count, tokens[index + 1].kind == .number {
            return (code, index + 1)
        }
        if let code = currencySymbol(index), index + 1 < tokens.count, tokens[index + 1].kind == .number {
            return (code, index + 1)
        }
        return nil
    }

    /// A number (digits, or a number word before a unit) at `index`.
    func number(at index: Int) -> ParsedNumber? {
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        if token.kind == .number {
            return ParsedNumber.parse(analyzed.bytes[Int(token.start)..<Int(token.end)])
        }
        if token.kind == .word, let value = lexicon.numberWords[token] {
            return ParsedNumber(mantissa: Int64(value), fractionDigits: 0, grouped: false, integerDigits: 2)
        }
        return nil
    }

    /// The power of ten a scale word at `index` applies, if any.
    func scale(at index: Int, money: Bool) -> Int? {
        guard index < tokens.count, tokens[index].kind == .word else { return nil }
        if let exponent = lexicon.scales[tokens[index]] { return exponent }
        if money, attached(index), let exponent = lexicon.moneyScaleSuffixes[tokens[index]] { return exponent }
        return nil
    }

    func isMonth(_ index: Int) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].isCapitalizedWord && lexicon.months[tokens[index]] != nil
    }

    /// Whether the number at `index` is part of a date, a time, an ordinal or a code rather than a quantity.
    func isNotAQuantity(_ index: Int) -> Bool {
        if isMonth(index - 1) || isMonth(index + 1) { return true }
        if attached(index + 1), isByte(index + 1, 0x3A), attached(index + 2), index + 2 < tokens.count,
           tokens[index + 2].kind == .number { return true }
        if index >= 2, attached(index), isByte(index - 1, 0x3A), tokens[index - 2].kind == .number { return true }
        if index > 0, attached(index), tokens[index - 1].kind == .word { return true }
        if attached(index + 1), index + 1 < tokens.count, tokens[index + 1].kind == .word,
           words.ordinalSuffixes.contains(tokens[index + 1]) { return true }
        return false
    }

    func isYear(_ number: ParsedNumber) -> Bool {
        number.isPlainInteger && number.integerDigits == 4 && number.mantissa >= 1000 && number.mantissa <= 2100
    }

    /// Matches a quantity starting at `index`; returns the index after it.
    mutating func match(at index: Int) -> Int? {
        var currency: String?
        var numberIndex = index
        if let (code, at) = currencyPrefix(at: index) {
            currency = code
            numberIndex = at
        }
        let token = tokens[numberIndex]
        let isWordNumber = token.kind == .word
        guard let first = number(at: numberIndex) else { return nil }
        if isWordNumber, token.flags.contains(.capitalized), !isSentenceStart(numberIndex) { return nil }
        if currency == nil, !isWordNumber, isNotAQuantity(numberIndex) { return nil }

        if currency == nil, !isWordNumber, attached(numberIndex + 1), isByte(numberIndex + 1, 0x2D), attached(numberIndex + 2),
           numberIndex + 2 < tokens.count, tokens[numberIndex + 2].kind == .word {
            guard let time = lexicon.durationUnits[tokens[numberIndex + 2]] else { return numberIndex + 3 }
            append(kind: .duration, first: index, last: numberIndex + 2, value: first.value(), unit: time, qualifier: qualifier(before: index)?.1)
            return numberIndex + 3
        }

        var cursor = numberIndex + 1
        var exponent = 0
        if let scale = scale(at: cursor, money: currency != nil) {
            exponent = scale
            cursor += 1
        }
        if isWordNumber, token.key == words.aKey || token.key == words.anKey, exponent == 0 { return nil }

        var upper: (ParsedNumber, Int)?
        var rangeEnd = cursor
        let qualifierInfo = qualifier(before: index)
        let between = qualifierInfo?.1 == "between" || qualifierInfo?.1 == "from"
        if cursor < tokens.count {
            let joiner = tokens[cursor]
            let isDash = joiner.kind == .punctuation && (isByte(cursor, 0x2D) || isDash(cursor))
            let isWordJoiner = joiner.kind == .word && words.rangeWords.contains(joiner)
                && (between || joiner.key == words.toKey)
            if isDash || isWordJoiner {
                var secondIndex = cursor + 1
                if secondIndex < tokens.count, currencySymbol(secondIndex) != nil { secondIndex += 1 }
                if secondIndex < tokens.count, tokens[secondIndex].kind == tokens[numberIndex].kind,
                   let second = number(at: secondIndex),
                   between || currency != nil || exponent != 0 || hasUnit(after: secondIndex + 1) {
                    var secondExponent = exponent
                    var after = secondIndex + 1
                    if let scale = scale(at: after, money: currency != nil) {
                        secondExponent = scale
                        after += 1
                        if exponent == 0 { exponent = scale }
                    }
                    if !(isYear(first) && isYear(second) && currency == nil) {
                        upper = (second, secondExponent)
                        rangeEnd = after
                    }
                }
            }
        }
        if upper == nil, currency == nil, exponent == 0, !isWordNumber, attached(cursor), isByte(cursor, 0x2D), attached(cursor + 1),
           cursor + 1 < tokens.count, tokens[cursor + 1].kind == .number {
            return cursor + 2
        }
        if upper == nil, currency == nil, exponent == 0, !isWordNumber, isYear(first), !hasPercentOrCurrency(after: cursor) {
            return nil
        }
        cursor = rangeEnd

        var kind = Quantity.Kind.count
        var unit: String?
        var lastToken = cursor - 1
        if currency != nil { kind = .money }
        if cursor < tokens.count {
            let next = tokens[cursor]
            if next.kind == .symbol, analyzed.bytes[Int(next.start)] == 0x25 {
                kind = .percent
                lastToken = cursor
            } else if next.kind == .word {
                if next.key == words.perKey, cursor + 1 < tokens.count, tokens[cursor + 1].key == words.centKey {
                    kind = .percent
                    lastToken = cursor + 1
                } else if next.key == words.percentKey || next.key == words.pcKey {
                    kind = .percent
                    lastToken = cursor
                } else if words.percentagePointWords.contains(next), cursor + 1 < tokens.count, words.pointWords.contains(tokens[cursor + 1]) {
                    kind = .percent
                    unit = "percentage point"
                    lastToken = cursor + 1
                } else if let code = lexicon.currencyWords[next], currency == nil {
                    kind = .money
                    currency = code
                    lastToken = cursor
                } else if next.flags.contains(.capitalized), let nationality = lexicon.currencyNationalities[next],
                          cursor + 1 < tokens.count, let code = lexicon.currencyWords[tokens[cursor + 1]], currency == nil {
                    kind = .money
                    currency = nationality[code] ?? code
                    lastToken = cursor + 1
                } else if currency == nil, let time = lexicon.durationUnits[next] {
                    kind = .duration
                    unit = time
                    lastToken = cursor
                } else if currency == nil, let measure = lexicon.measureUnits[next] {
                    kind = .measure
                    unit = measure
                    lastToken = cursor
                } else if currency == nil, !attached(cursor) {
                    unit = countedNoun(at: cursor)
                } else if currency == nil {
                    return nil
                }
            }
        }
        if isWordNumber && kind == .count && exponent == 0 { return nil }

        var qualifierText = qualifierInfo?.1
        if between && upper == nil { qualifierText = nil }
        append(kind: kind, first: index, last: lastToken, value: first.value(scaledBy: exponent),
               valueMax: upper.map { $0.0.value(scaledBy: $0.1) }, unit: unit, currency: currency, qualifier: qualifierText)
        return lastToken + 1
    }

    mutating func append(kind: Quantity.Kind, first: Int, last: Int, value: Double, valueMax: Double? = nil,
                         unit: String?, currency: String? = nil, qualifier: String?) {
        let range = Int(tokens[first].start)..<Int(tokens[last].end)
        let span = analyzed.span(bytes: range)
        results.append(Quantity(text: analyzed.string(bytes: range), kind: kind, value: value, valueMax: valueMax, unit: unit,
                                currency: currency, qualifier: qualifier, start: span.start, end: span.end))
    }

    func isSentenceStart(_ index: Int) -> Bool {
        index == 0 || tokens[index].startsParagraph || (tokens[index - 1].kind == .punctuation
            && [0x2E, 0x3F, 0x21].contains(analyzed.bytes[Int(tokens[index - 1].start)]))
    }

    func isDash(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.length == 3, analyzed.bytes[Int(token.start)] == 0xE2 else { return false }
        let last = analyzed.bytes[Int(token.start) + 2]
        return last == 0x93 || last == 0x94 || last == 0x92
    }

    func hasUnit(after index: Int) -> Bool {
        guard index < tokens.count else { return false }
        let token = tokens[index]
        if token.kind == .symbol { return analyzed.bytes[Int(token.start)] == 0x25 }
        return token.key == words.perKey || token.key == words.percentKey || lexicon.durationUnits[token] != nil
            || lexicon.measureUnits[token] != nil || lexicon.currencyWords[token] != nil || lexicon.scales[token] != nil
    }

    func hasPercentOrCurrency(after index: Int) -> Bool {
        guard index < tokens.count else { return false }
        let token = tokens[index]
        if token.kind == .symbol { return analyzed.bytes[Int(token.start)] == 0x25 }
        return token.key == words.perKey || token.key == words.percentKey || lexicon.currencyWords[token] != nil
    }

    /// The noun counted by a number (`10,000 men` → `men`), skipping function words.
    func countedNoun(at index: Int) -> String? {
        guard index < tokens.count, tokens[index].isLowercaseWord, !lexicon.nonUnitWords.contains(tokens[index]) else {
            return nil
        }
        var last = index
        if index + 1 < tokens.count, tokens[index + 1].isLowercaseWord, !lexicon.nonUnitWords.contains(tokens[index + 1]) {
            let modifies = tokens[index].flags.contains(.hyphenated) || words.unitModifiers.contains(tokens[index])
            // `400 parking spaces`, `12 flood warnings`: a singular noun before a plural one is a compound noun.
            let compound = !endsWithS(index) && endsWithS(index + 1) && !tokens[index + 1].flags.contains(.hyphenated)
                && !words.pluralsWithoutS.contains(tokens[index]) && lexicon.numberWords[tokens[index]] == nil
                && !words.notNounsEndingInS.contains(tokens[index + 1])
            if modifies || compound { last = index + 1 }
        }
        return analyzed.string(tokens: index..<(last + 1))
    }

    func endsWithS(_ index: Int) -> Bool {
        analyzed.bytes[Int(tokens[index].end) - 1] | 0x20 == 0x73
    }

    /// A qualifier phrase ending right before `index`: (its first token, its text).
    func qualifier(before index: Int) -> (Int, String)? {
        for (keys, text) in words.compiledQualifiers {
            let first = index - keys.count
            guard first >= 0 else { continue }
            var matches = true
            for (offset, key) in keys.enumerated() where tokens[first + offset].key != key {
                matches = false
                break
            }
            if matches { return (first, text) }
        }
        if index > 0, tokens[index - 1].key == words.betweenKey { return (index - 1, "between") }
        if index > 0, tokens[index - 1].key == words.fromKey { return (index - 1, "from") }
        return nil
    }
}

/// Word lists of this extractor, compiled once.
final class QuantityWords: Sendable {
    /// The one compiled instance.
    static let shared = QuantityWords()
    let compiledQualifiers: [([UInt64], String)] = Lexicon.qualifiers
        .sorted { $0.count > $1.count }
        .map { ($0.map(WordKey.of), $0.joined(separator: " ")) }
    /// Every word that can start a quantity; other words are skipped with one lookup.
    let triggers: WordSet = {
        let lexicon = Lexicon.shared
        return WordSet(keys: lexicon.numberWords.keys + lexicon.dollarPrefixes.keys + lexicon.currencyCodes.keys)
    }()
    /// Plural nouns that do not end in `s`: a noun after them is not part of a compound.
    let pluralsWithoutS = WordSet(["people", "men", "women", "children", "police", "staff", "cattle", "feet", "teeth", "mice", "sheep", "fish"])
    /// Words ending in `s` that are not plural nouns.
    let notNounsEndingInS = WordSet([
        "across", "towards", "versus", "whereas", "besides", "perhaps", "always", "sometimes", "thus", "plus", "minus",
        "unless", "as", "is", "was", "has", "does", "this", "its", "his", "hers", "ours", "yours", "theirs", "us", "yes",
        "afterwards", "nevertheless", "regardless", "various", "previous", "serious", "famous", "obvious", "numerous",
    ])
    /// Adjectives that belong with the counted noun after them (`190,000 new jobs`).
    let unitModifiers = WordSet([
        "new", "extra", "additional", "young", "old", "former", "other", "senior", "junior", "small", "large", "big",
        "local", "foreign", "private", "public", "full-time", "part-time",
        "armed", "active", "civilian", "military", "unemployed", "registered", "elderly", "online", "mobile", "digital",
    ])
    let perKey = WordKey.of("per")
    let centKey = WordKey.of("cent")
    let percentKey = WordKey.of("percent")
    let percentagePointWords = WordSet(["percentage", "percent"])
    let pointWords = WordSet(["point", "points"])
    let rangeWords = WordSet(["to", "and"])
    let betweenKey = WordKey.of("between")
    let fromKey = WordKey.of("from")
    let ordinalSuffixes = WordSet(["st", "nd", "rd", "th", "s"])
    let pcKey = WordKey.of("pc")
    let aKey = WordKey.of("a")
    let toKey = WordKey.of("to")
    let anKey = WordKey.of("an")
}
