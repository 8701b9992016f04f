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

    /// Quantities in an analyzed text; the scan stops once `limit` are found.
    public static func quantities(in analyzed: AnalyzedText, limit: Int = .max) -> [Quantity] {
        var scanner = QuantityScanner(analyzed)
        return scanner.run(limit: limit)
    }
}


private struct QuantityScanner: TokenScanner {
    let lexicon = Lexicon.shared
    let words = QuantityWords.shared
    let analyzed: AnalyzedText
    let tokens: [Token]
    var results: [Quantity] = []
    /// The last run of attached tokens looked at by `inURL`, and whether it reads as a URL.
    var chunk = 0..<0
    var chunkIsURL = false

    init(_ analyzed: AnalyzedText) {
        self.analyzed = analyzed
        tokens = analyzed.tokens
    }

    /// A number, a currency or other symbol, a trigger word, or a hyphenated number word (`twenty-five`).
    func isCandidate(_ index: Int) -> Bool {
        let token = tokens[index]
        return token.kind == .number || token.kind == .symbol
            || (token.kind == .word && (words.triggers.contains(token) || (token.flags.contains(.hyphenated) && numberWordValue(index) != nil)))
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
        // `C$16.4m`, `hk$ 5`, `c $ 16.4 million`: letters before `$` name the dollar; spaced only when they are no word.
        if token.kind == .word, let code = lexicon.dollarPrefixes[token], isByte(index + 1, 0x24),
           attached(index + 1) || (words.spacedDollarPrefixes.contains(token) && !tokens[index + 1].flags.contains(.lineStart)),
           index + 2 < tokens.count, tokens[index + 2].kind == .number {
            return (code, index + 2)
        }
        // `yen 20 billion`, `Rs. 500 crore`, `DM 5 million`: a currency name or code before the number.
        if token.kind == .word, let code = words.currencyBeforeNumber[token] {
            var number = index + 1
            if attached(number), isByte(number, 0x2E) { number += 1 }
            // Not before a year: `Euro 2004` is a football tournament.
            if number < tokens.count, tokens[number].kind == .number, tokens[number].hasSpaceBefore,
               let value = self.number(at: number), !isYear(value) {
                return (code, number)
            }
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
        spelledNumber(at: index)?.0
    }

    /// A number at `index` and the index of its last token: digits, or number words (`thirty-five`, `two hundred and fifty`).
    func spelledNumber(at index: Int) -> (ParsedNumber, Int)? {
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        if token.kind == .number {
            return ParsedNumber.parse(analyzed.bytes[Int(token.start)..<Int(token.end)]).map { ($0, index) }
        }
        guard token.kind == .word else { return nil }
        guard let first = numberWordValue(index) else { return nil }
        // `a`/`an` count as one only before `hundred` or a scale (`a hundred`, `a million`).
        let article = token.key == words.aKey || token.key == words.anKey
        var current = first
        var last = index
        var cursor = index + 1
        while cursor < tokens.count, !tokens[cursor].flags.contains(.lineStart) {
            var next = cursor
            let afterHundreds = current >= 100 && current % 100 == 0
            if tokens[next].key == words.andKey, afterHundreds { next += 1 }
            guard next < tokens.count, tokens[next].key != words.aKey, tokens[next].key != words.anKey, tokens[next].key != words.dozenKey,
                  let value = numberWordValue(next) else { break }
            if value == 100 {
                guard next == cursor, current > 0, current < 100 else { break }
                current *= 100
            } else if value >= 20 && value < 100 && value % 10 == 0 {
                guard afterHundreds else { break }
                current += value
            } else if value < 10 {
                guard afterHundreds || (current % 100 >= 20 && current % 10 == 0 && next == cursor) else { break }
                current += value
            } else if value < 20 {
                guard afterHundreds else { break }
                current += value
            } else {
                break
            }
            last = next
            cursor = next + 1
        }
        if article && last == index { return (ParsedNumber(mantissa: 1, fractionDigits: 0, grouped: false, integerDigits: 1), index) }
        return (ParsedNumber(mantissa: Int64(current), fractionDigits: 0, grouped: false, integerDigits: 2), last)
    }

    /// The value of one number word, hyphenated compounds included (`thirty-five` → 35).
    func numberWordValue(_ index: Int) -> Int? {
        guard index < tokens.count, tokens[index].kind == .word else { return nil }
        let token = tokens[index]
        if let value = lexicon.numberWords[token] { return value }
        guard token.flags.contains(.hyphenated) else { return nil }
        // Two parts joined by one hyphen: a tens word and a unit word.
        let bytes = analyzed.bytes
        var hyphen = Int(token.start)
        while hyphen < Int(token.end), bytes[hyphen] != 0x2D { hyphen += 1 }
        guard hyphen < Int(token.end) else { return nil }
        var left = WordKey.seed
        for offset in Int(token.start)..<hyphen { left = WordKey.combine(left, bytes[offset]) }
        var right = WordKey.seed
        for offset in (hyphen + 1)..<Int(token.end) {
            if bytes[offset] == 0x2D { return nil }
            right = WordKey.combine(right, bytes[offset])
        }
        guard let tens = words.tensWords[key: left], let unit = words.unitWords[key: right] else { return nil }
        return tens + unit
    }

    /// The power of ten a scale word at `index` applies, if any.
    func scale(at index: Int, money: Bool) -> Int? {
        guard index < tokens.count, tokens[index].kind == .word else { return nil }
        if let exponent = lexicon.scales[tokens[index]] ?? words.indianScales[tokens[index]] { return exponent }
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
    mutating func match(at start: Int) -> Int? {
        var index = start
        var negative = false
        // `minus five percent`, `negative 2%`, ` -5%`: a sign before the number.
        if tokens[index].kind == .word, words.signWords.contains(tokens[index]) {
            guard index + 1 < tokens.count, !tokens[index + 1].flags.contains(.lineStart) else { return nil }
            if tokens[index].flags.contains(.capitalized), !isSentenceStart(index) { return nil }
            negative = true
            index += 1
        }
        var currency: String?
        var numberIndex = index
        if let (code, at) = currencyPrefix(at: index) {
            currency = code
            numberIndex = at
        }
        let token = tokens[numberIndex]
        let isWordNumber = token.kind == .word
        guard let parsed = spelledNumber(at: numberIndex) else { return nil }
        let (first, numberLast) = parsed
        if isWordNumber, token.flags.contains(.capitalized), !isSentenceStart(numberIndex), !negative { return nil }
        if currency == nil, !isWordNumber, isNotAQuantity(numberIndex) { return nil }
        if !isWordNumber, inURL(numberIndex) { return nil }
        var firstToken = start
        if !negative, start == numberIndex, hasMinusSign(before: numberIndex) {
            negative = true
            firstToken = numberIndex - 1
        }
        let sign: Double = negative ? -1 : 1

        if currency == nil, !isWordNumber, attached(numberIndex + 1), isByte(numberIndex + 1, 0x2D), attached(numberIndex + 2),
           numberIndex + 2 < tokens.count, tokens[numberIndex + 2].kind == .word {
            guard let time = lexicon.durationUnits[tokens[numberIndex + 2]] else { return numberIndex + 3 }
            append(kind: .duration, first: firstToken, last: numberIndex + 2, value: first.value(), unit: time, qualifier: qualifier(before: firstToken)?.1)
            return numberIndex + 3
        }

        var cursor = numberLast + 1
        var exponent = 0
        if let scale = scale(at: cursor, money: currency != nil) {
            exponent = scale
            cursor += 1
        }
        if isWordNumber, token.key == words.aKey || token.key == words.anKey, numberLast == numberIndex, exponent == 0 { return nil }

        var upper: (ParsedNumber, Int)?
        var rangeEnd = cursor
        let qualifierInfo = qualifier(before: firstToken)
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
        var subunit = false
        var unit: String?
        var lastToken = cursor - 1
        if currency != nil { kind = .money }
        if currency == nil, !isWordNumber, attached(cursor), cursor < tokens.count, tokens[cursor].key == words.penceSuffixKey,
           !attached(cursor + 1) || !(tokens[cursor + 1].kind == .word || tokens[cursor + 1].kind == .number),
           !words.videoLines.contains(first.value()) {
            // `20p`: pence (not `720p` video).
            kind = .money
            currency = "GBP"
            exponent -= 2
            subunit = true
            lastToken = cursor
        } else if currency == nil, cursor < tokens.count, let found = currencyName(at: cursor) {
            // `125 million australian dollars`, `6.65 billion pesetas`, `1.20 cents`, `50 euro cents`.
            kind = .money
            currency = found.code
            if found.subunit {
                exponent -= 2
                subunit = true
            }
            lastToken = found.last
        } else if cursor < tokens.count {
            let next = tokens[cursor]
            if next.kind == .symbol, analyzed.bytes[Int(next.start)] == 0x25 {
                kind = .percent
                lastToken = cursor
            } else if next.kind == .word {
                if next.key == words.perKey, cursor + 1 < tokens.count, tokens[cursor + 1].key == words.centKey {
                    kind = .percent
                    lastToken = cursor + 1
                } else if next.key == words.percentKey || next.key == words.pcKey || next.key == words.pctKey {
                    kind = .percent
                    lastToken = cursor
                } else if words.percentagePointWords.contains(next), cursor + 1 < tokens.count, words.pointWords.contains(tokens[cursor + 1]) {
                    kind = .percent
                    unit = "percentage point"
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
        if subunit, let bound = upper {
            // `10-20 cents`: the sub-unit scales both bounds.
            upper = (bound.0, bound.1 - 2)
        }

        var qualifierText = qualifierInfo?.1
        if between && upper == nil { qualifierText = nil }
        append(kind: kind, first: firstToken, last: lastToken, value: sign * first.value(scaledBy: exponent),
               valueMax: upper.map { $0.0.value(scaledBy: $0.1) }, unit: unit, currency: currency, qualifier: qualifierText)
        return lastToken + 1
    }

    /// A currency named after a number (`dollars`, `Swiss francs`, `Hong Kong dollars`, `pounds sterling`, `cents`):
    /// its code, whether it is a hundredth (cents, pence), and its last token.
    func currencyName(at index: Int) -> (code: String?, subunit: Bool, last: Int)? {
        guard tokens[index].kind == .word || tokens[index].flags.contains(.dottedAbbreviation),
              let candidates = words.currencyPhrasesByFirstWord[tokens[index]] else { return nil }
        for phrase in candidates {
            let keys = words.currencyPhrases[phrase].keys
            guard index + keys.count <= tokens.count else { continue }
            var matches = true
            for (offset, key) in keys.enumerated() {
                let token = tokens[index + offset]
                if token.key != key || (offset > 0 && token.flags.contains(.lineStart)) {
                    matches = false
                    break
                }
            }
            guard matches else { continue }
            var last = index + keys.count - 1
            let found = words.currencyPhrases[phrase]
            // `50 Cent` is a rapper: hundredths are written in lower case.
            if found.subunit, tokens[last].flags.contains(.capitalized) { continue }
            if last + 1 < tokens.count, tokens[last + 1].key == words.sterlingKey, found.code == "GBP" { last += 1 }
            return (found.code, found.subunit, last)
        }
        return nil
    }

    /// Whether a `-` (or `−`) written right before the number and after a space signs it (`fell to -5%`, not `3-5%`).
    func hasMinusSign(before index: Int) -> Bool {
        guard index > 0, attached(index) else { return false }
        let sign = tokens[index - 1]
        let bytes = analyzed.bytes
        let isMinus = (sign.length == 1 && bytes[Int(sign.start)] == 0x2D)
            || (sign.length == 3 && bytes[Int(sign.start)] == 0xE2 && bytes[Int(sign.start) + 1] == 0x88 && bytes[Int(sign.start) + 2] == 0x92)
        guard isMinus else { return false }
        if index == 1 || sign.hasSpaceBefore || sign.startsParagraph { return true }
        let before = tokens[index - 2]
        return before.kind == .punctuation && (isByte(index - 2, 0x28) || isByte(index - 2, 0x3A))
    }

    /// Whether a token sits in a run of attached tokens that reads as a URL or an encoded query (`?q=30%25%2020%`).
    mutating func inURL(_ index: Int) -> Bool {
        if !chunk.contains(index) {
            // Runs are met in text order and each is scanned once, so this stays linear in the text.
            var lower = index
            while lower > 0, attached(lower) { lower -= 1 }
            var upper = index + 1
            while upper < tokens.count, attached(upper) { upper += 1 }
            chunk = lower..<upper
            chunkIsURL = false
            let bytes = analyzed.bytes
            if upper - lower >= 3 {
                for position in lower..<upper where tokens[position].length == 1 {
                    let byte = bytes[Int(tokens[position].start)]
                    let nextAttached = position + 1 < upper
                    let encoded = byte == 0x25 && nextAttached && (tokens[position + 1].kind == .number || tokens[position + 1].kind == .word)
                    let scheme = byte == 0x3A && nextAttached && isByte(position + 1, 0x2F)
                    let query = byte == 0x3F && nextAttached && (tokens[position + 1].kind == .word || tokens[position + 1].kind == .number)
                    if byte == 0x3D || byte == 0x40 || query || encoded || scheme {
                        chunkIsURL = true
                        break
                    }
                }
            }
        }
        return chunkIsURL
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
        return WordSet(keys: lexicon.numberWords.keys + lexicon.dollarPrefixes.keys + lexicon.currencyCodes.keys
            + QuantityWords.currencyBeforeNumberTable.keys + ["minus", "negative"].map(WordKey.of))
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
    /// Currency names after a number as word keys, longest first: (keys, code or nil for money of no one country, hundredth).
    let currencyPhrases: [(keys: [UInt64], code: String?, subunit: Bool)] = {
        var phrases: [([String], String?, Bool)] = []
        for family in Lexicon.currencyFamilies {
            for noun in family.nouns {
                let nounWords = noun.split(separator: " ").map(String.init)
                if let code = family.code { phrases.append((nounWords, code.isEmpty ? nil : code, family.subunit)) }
                for (nation, code) in family.nations {
                    phrases.append((nation.split(separator: " ").map(String.init) + nounWords, code, family.subunit))
                }
            }
        }
        return phrases.enumerated().sorted { ($0.element.0.count, -$0.offset) > ($1.element.0.count, -$1.offset) }
            .map { (keys: $0.element.0.map(WordKey.of), code: $0.element.1, subunit: $0.element.2) }
    }()
    /// Indices into `currencyPhrases` by their first word.
    let currencyPhrasesByFirstWord: WordMap<[Int]>
    /// Dollar prefixes that may stand apart from `$` (`c $ 16.4 million`): none is an English word.
    let spacedDollarPrefixes = WordSet(["c", "hk", "nz", "au", "nt", "mx", "us"])
    /// Currency names and codes written before a number (`yen 20 billion`, `Rs 500`, `DM 5 million`).
    let currencyBeforeNumber = QuantityWords.currencyBeforeNumberTable
    static let currencyBeforeNumberTable = WordMap<String>([
        ("yen", "JPY"), ("yuan", "CNY"), ("renminbi", "CNY"), ("rmb", "CNY"), ("euro", "EUR"), ("euros", "EUR"),
        ("rupees", "INR"), ("rs", "INR"), ("rp", "IDR"), ("dm", "DEM"), ("sfr", "CHF"), ("skr", "SEK"), ("nkr", "NOK"),
        ("dkr", "DKK"), ("ffr", "FRF"), ("ringgit", "MYR"), ("baht", "THB"), ("pesos", "MXN"), ("sterling", "GBP"),
    ])
    /// Indian scale words (`Rs 500 crore`, `80 lakh`).
    let indianScales = WordMap<Int>([("crore", 7), ("crores", 7), ("lakh", 5), ("lakhs", 5), ("lac", 5)])
    /// Words that make the number after them negative.
    let signWords = WordSet(["minus", "negative"])
    let tensWords = WordMap<Int>([("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60), ("seventy", 70),
                                  ("eighty", 80), ("ninety", 90)])
    let unitWords = WordMap<Int>([("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
                                  ("eight", 8), ("nine", 9)])
    let penceSuffixKey = WordKey.of("p")
    /// Video line counts written with `p` (`1080p`), not pence.
    let videoLines: Set<Double> = [480, 576, 720, 1080, 1440, 2160, 4320]
    let sterlingKey = WordKey.of("sterling")
    let andKey = WordKey.of("and")
    let dozenKey = WordKey.of("dozen")
    let pctKey = WordKey.of("pct")

    init() {
        var byFirst: [UInt64: [Int]] = [:]
        var order: [UInt64] = []
        for (index, phrase) in currencyPhrases.enumerated() {
            if byFirst[phrase.keys[0]] == nil { order.append(phrase.keys[0]) }
            byFirst[phrase.keys[0], default: []].append(index)
        }
        currencyPhrasesByFirstWord = WordMap(keys: order, values: order.map { byFirst[$0]! })
    }

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
