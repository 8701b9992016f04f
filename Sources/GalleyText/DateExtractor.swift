/// The precision of a date expression.
public enum DateGrain: String, Sendable, Codable {
    /// A calendar day (`2025-01-20`).
    case day
    /// An ISO week (`2024-W48`).
    case week
    /// A calendar month (`2024-08`).
    case month
    /// A calendar year (`1953`).
    case year
}

/// Which occurrence of a recurring date (a month, a weekday) an expression means.
public enum DateDirection: String, Sendable, Codable {
    /// The occurrence nearest to publication, either side.
    case nearest
    /// The latest occurrence not after publication.
    case past
    /// The earliest occurrence not before publication.
    case future
    /// Strictly before publication (`last August`).
    case previous
    /// Strictly after publication (`next August`).
    case next
    /// In the publication's own year or week (`this August`).
    case current
}

/// What a date expression says, before resolution against a publication date.
public enum DateExpression: Sendable, Equatable {
    /// A full calendar day (`20 January 2025`).
    case day(year: Int, month: Int, day: Int)
    /// A month and day without a year (`January 20`).
    case monthDay(month: Int, day: Int)
    /// A month of a given year (`August 2024`).
    case monthOfYear(year: Int, month: Int)
    /// A month without a year (`in October`, `last August`).
    case month(Int, DateDirection)
    /// A year (`1953`).
    case year(Int)
    /// A day, week, month or year relative to publication (`yesterday` = day −1, `last month` = month −1).
    case relative(DateGrain, offset: Int)
    /// A weekday (`on Friday`, Monday = 1).
    case weekday(Int, DateDirection)

    /// The precision of the expression.
    public var grain: DateGrain {
        switch self {
        case .day, .monthDay, .weekday: return .day
        case .monthOfYear, .month: return .month
        case .year: return .year
        case .relative(let grain, _): return grain
        }
    }
}

/// A date expression found in a text.
public struct DateMention: Sendable, Equatable {
    /// The expression as written (`January 20`, `last month`).
    public var text: String
    /// What it means.
    public var expression: DateExpression
    /// Scalar offset of the first scalar.
    public var start: Int
    /// Scalar offset one past the last scalar.
    public var end: Int

    /// The precision of the expression.
    public var grain: DateGrain { expression.grain }
}

/// Finds absolute and relative date expressions by scanning tokens.
public enum DateExtractor {
    /// Date expressions in a text.
    public static func dates(in text: String) -> [DateMention] {
        dates(in: AnalyzedText(text))
    }

    /// Date expressions in an analyzed text.
    public static func dates(in analyzed: AnalyzedText) -> [DateMention] {
        var scanner = DateScanner(analyzed: analyzed, tokens: analyzed.tokens)
        return scanner.run()
    }
}


private struct DateScanner {
    let lexicon = Lexicon.shared
    let words = DateWords.shared
    let analyzed: AnalyzedText
    let tokens: [Token]
    var results: [DateMention] = []
    var sentenceIndex = 0

    mutating func run() -> [DateMention] {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.kind != .number && !(token.kind == .word && words.triggers.contains(token)) {
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

    func attached(_ index: Int) -> Bool {
        index < tokens.count && !tokens[index].hasSpaceBefore && !tokens[index].startsParagraph
    }

    /// A plain integer token's value.
    func integer(_ index: Int, maxDigits: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .number, tokens[index].length <= maxDigits else { return nil }
        var value = 0
        for byte in analyzed.bytes[Int(tokens[index].start)..<Int(tokens[index].end)] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    func day(_ index: Int) -> (Int, Int)? {
        guard let value = integer(index, maxDigits: 2), (1...31).contains(value) else { return nil }
        if attached(index + 1), index + 1 < tokens.count, words.ordinalSuffixes.contains(tokens[index + 1]) {
            return (value, index + 2)
        }
        if attached(index + 1), index + 1 < tokens.count, tokens[index + 1].kind == .word { return nil }
        return (value, index + 1)
    }

    func year(_ index: Int) -> Int? {
        guard let value = integer(index, maxDigits: 4), tokens[index].length == 4, (1000...2100).contains(value) else { return nil }
        if attached(index + 1), index + 1 < tokens.count, tokens[index + 1].kind == .word || tokens[index + 1].kind == .symbol {
            return nil
        }
        return value
    }

    func month(_ index: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].isCapitalizedWord else { return nil }
        return lexicon.months[tokens[index]]
    }

    func isFullMonthName(_ index: Int) -> Bool { tokens[index].length >= 5 || month(index) == 5 || month(index) == 6 || month(index) == 7 }

    /// Whether a future-tense marker precedes `index` in its sentence.
    func futureTense(before index: Int) -> Bool {
        var cursor = index - 1
        var distance = 0
        while cursor >= 0 {
            let token = tokens[cursor]
            if token.kind == .punctuation, token.length == 1 {
                let byte = analyzed.bytes[Int(token.start)]
                if byte == 0x2E || byte == 0x3F || byte == 0x21 { return false }
            }
            let closing = token.kind == .closeQuote || (token.kind == .straightQuote && !token.hasSpaceBefore)
            if closing {
                // Someone else's words: their tense says nothing about the date, so skip the quotation.
                if token.startsParagraph { return false }
                cursor -= 1
                while cursor >= 0, tokens[cursor].kind != .openQuote, tokens[cursor].kind != .straightQuote {
                    if tokens[cursor].startsParagraph { return false }
                    cursor -= 1
                }
                if cursor >= 0, tokens[cursor].startsParagraph { return false }
                cursor -= 1
                continue
            }
            // The date sits inside a quotation: only the quoted words before it count.
            if token.kind == .openQuote || token.kind == .straightQuote { return false }
            distance += 1
            if words.futureMarkers.contains(token) { return true }
            let previous = cursor > 0 ? tokens[cursor - 1] : nil
            if distance <= 10, words.scheduledMarkers.contains(token), let previous, words.beForms.contains(previous) { return true }
            if distance <= 10, token.key == words.dueKey, cursor + 2 < index, tokens[cursor + 1].key == words.toKey,
               tokens[cursor + 2].isLowercaseWord, !lexicon.personDeterminers.contains(tokens[cursor + 2]) { return true }
            if distance <= 10, words.intentionMarkers.contains(token) || words.scheduleParticiples.contains(token) { return true }
            if token.startsParagraph { return false }
            cursor -= 1
        }
        return false
    }

    mutating func emit(_ expression: DateExpression, from first: Int, through last: Int) -> Int {
        let range = Int(tokens[first].start)..<Int(tokens[last].end)
        let span = analyzed.span(bytes: range)
        results.append(DateMention(text: analyzed.string(bytes: range), expression: expression, start: span.start, end: span.end))
        return last + 1
    }

    func relativeModifierBefore(_ index: Int) -> Bool { index > 0 && words.relativeModifiers[tokens[index - 1]] != nil }

    /// The direction a modifier before `index` gives (`last`, `next`, `this`), and the modifier's index.
    func modifier(before index: Int) -> (DateDirection, Int)? {
        guard index > 0, let direction = words.relativeModifiers[tokens[index - 1]], !tokens[index].startsParagraph else { return nil }
        return (direction, index - 1)
    }

    mutating func match(at index: Int) -> Int? {
        let token = tokens[index]
        if let monthNumber = month(index) {
            return matchMonth(monthNumber, at: index)
        }
        if token.kind == .number {
            if let (dayNumber, after) = day(index) {
                var monthIndex = after
                if monthIndex < tokens.count, tokens[monthIndex].key == words.ofKey { monthIndex += 1 }
                if let monthNumber = month(monthIndex) {
                    var last = monthIndex
                    if attached(last + 1), analyzed.token(last + 1, is: 0x2E) { last += 1 }
                    if let yearNumber = year(last + 1) {
                        return emit(.day(year: yearNumber, month: monthNumber, day: dayNumber), from: index, through: last + 1)
                    }
                    return emit(.monthDay(month: monthNumber, day: dayNumber), from: index, through: monthIndex)
                }
            }
            if let yearNumber = year(index) {
                if index > 0, tokens[index - 1].kind == .symbol { return nil }
                if index + 1 < tokens.count {
                    let next = tokens[index + 1]
                    if next.kind == .symbol || lexicon.scales[next] != nil || lexicon.currencyWords[next] != nil { return nil }
                    if next.key == words.perKey { return nil }
                }
                if yearNumber < 1900, !(index > 0 && words.yearCues.contains(tokens[index - 1])) { return nil }
                return emit(.year(yearNumber), from: index, through: index)
            }
            if let count = integer(index, maxDigits: 3), let ago = agoPhrase(after: index) {
                return emit(.relative(ago.0, offset: -count), from: index, through: ago.1)
            }
            return nil
        }
        guard token.kind == .word else { return nil }
        if let offset = words.relativeDays[token] {
            return emit(.relative(.day, offset: offset), from: index, through: index)
        }
        if let direction = words.relativeModifiers[token], index + 1 < tokens.count, let unit = words.relativeUnits[tokens[index + 1]] {
            let offset = direction == .previous ? -1 : (direction == .next ? 1 : 0)
            return emit(.relative(unit, offset: offset), from: index, through: index + 1)
        }
        if let monthNumber = words.partOfMonth[token] {
            if let yearNumber = year(index + 1) {
                return emit(.monthOfYear(year: yearNumber, month: monthNumber), from: index, through: index + 1)
            }
            return emit(.month(monthNumber, futureTense(before: index) ? .future : .past), from: index, through: index)
        }
        if token.isCapitalizedWord, let weekday = lexicon.weekdays[token] {
            let cued = index > 0 && (words.weekdayCues.contains(tokens[index - 1]) || relativeModifierBefore(index))
            if !cued, index + 1 < tokens.count, tokens[index + 1].isCapitalizedWord, !tokens[index + 1].startsParagraph { return nil }
            if let (direction, first) = modifier(before: index) {
                return emit(.weekday(weekday, direction), from: first, through: index)
            }
            return emit(.weekday(weekday, futureTense(before: index) ? .future : .past), from: index, through: index)
        }
        if let count = lexicon.numberWords[token], !token.isCapitalizedWord || index == 0 || tokens[index].startsParagraph
            || analyzed.token(index - 1, is: 0x2E), let ago = agoPhrase(after: index) {
            return emit(.relative(ago.0, offset: -count), from: index, through: ago.1)
        }
        return nil
    }

    /// `days ago` after a number: (grain, index of `ago`).
    func agoPhrase(after index: Int) -> (DateGrain, Int)? {
        guard index + 2 < tokens.count, let grain = words.agoUnits[tokens[index + 1]], tokens[index + 2].key == words.agoKey else { return nil }
        return (grain, index + 2)
    }

    mutating func matchMonth(_ monthNumber: Int, at index: Int) -> Int? {
        var next = index + 1
        if attached(next), analyzed.token(next, is: 0x2E) { next += 1 }
        if let (dayNumber, after) = day(next) {
            let last = after - 1
            var yearIndex = after
            if analyzed.token(yearIndex, is: 0x2C) { yearIndex += 1 }
            if let yearNumber = year(yearIndex) {
                return emit(.day(year: yearNumber, month: monthNumber, day: dayNumber), from: index, through: yearIndex)
            }
            return emit(.monthDay(month: monthNumber, day: dayNumber), from: index, through: last)
        }
        if let yearNumber = year(next) {
            return emit(.monthOfYear(year: yearNumber, month: monthNumber), from: index, through: next)
        }
        guard isFullMonthName(index) else { return nil }
        let cue = index > 0 && !tokens[index].startsParagraph
            && lexicon.monthCues.contains(tokens[index - 1])
        if lexicon.ambiguousMonths.contains(tokens[index]) && !cue { return nil }
        if let (direction, first) = modifier(before: index) {
            return emit(.month(monthNumber, direction), from: first, through: index)
        }
        if index + 1 < tokens.count, tokens[index + 1].isCapitalizedWord, !cue { return nil }
        return emit(.month(monthNumber, futureTense(before: index) ? .future : .past), from: index, through: index)
    }
}

/// Word lists of this extractor, compiled once.
final class DateWords: Sendable {
    /// The one compiled instance.
    static let shared = DateWords()
    let relativeDays = WordMap<Int>([("yesterday", -1), ("today", 0), ("tonight", 0), ("tomorrow", 1)])
    let relativeModifiers = WordMap<DateDirection>([("last", .previous), ("next", .next), ("this", .current), ("coming", .next)])
    let relativeUnits = WordMap<DateGrain>([("week", .week), ("month", .month), ("year", .year)])
    let agoUnits = WordMap<DateGrain>([
        ("day", .day), ("days", .day), ("week", .week), ("weeks", .week), ("month", .month), ("months", .month),
        ("year", .year), ("years", .year),
    ])
    /// Every word that can start a date expression; other words are skipped with one lookup.
    let triggers: WordSet = {
        let lexicon = Lexicon.shared
        var keys = lexicon.months.keys + lexicon.weekdays.keys + lexicon.numberWords.keys
        keys += ["yesterday", "today", "tonight", "tomorrow", "last", "next", "this", "coming"].map(WordKey.of)
        return WordSet(keys: keys + DateWords.partOfMonthPairs.map { WordKey.of($0.0) })
    }()

    /// `mid-October`, `early-March`, `late-May`: one hyphenated word naming part of a month.
    static let partOfMonthPairs: [(String, Int)] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                     "november", "december"]
        return ["mid", "early", "late", "end"].flatMap { part in names.enumerated().map { ("\(part)-\($1)", $0 + 1) } }
    }()

    /// Part-of-month words to month numbers.
    let partOfMonth = WordMap<Int>(DateWords.partOfMonthPairs)
    /// Words that put a sentence's recurring dates (months, weekdays) in the future.
    let futureMarkers = WordSet(["will", "shall", "'ll", "won't", "wont", "would", "upcoming"])
    /// Words before a weekday that make it a date even before a capitalized word (`on Sunday Tony Blair said`).
    let weekdayCues = WordSet(["on", "by", "until", "since", "from", "before", "after", "last", "next", "this", "every", "each"])
    /// After a form of `be`, a schedule for a later date (`is due to start in September`, `was expected on Monday`).
    let scheduledMarkers = WordSet(["due", "expected", "scheduled", "set", "planned", "poised", "slated"])
    /// Forms of `be` that make `due`/`expected` a schedule rather than a cause or a comparison.
    let beForms = WordSet(["is", "are", "was", "were", "be", "been", "'s", "being"])
    /// Participles that schedule a date on their own (`the final scheduled for Saturday`).
    let scheduleParticiples = WordSet(["scheduled", "slated", "pencilled", "penciled"])
    /// Verbs of intention that make a nearby date future (`hopes to list in July`).
    let intentionMarkers = WordSet(["plans", "intends", "aims", "hopes", "wants", "promised", "pledged", "vowed"])
    let yearCues = WordSet(["in", "since", "of", "from", "until", "by", "before", "after", "to", "between", "and", "year", "early", "late", "mid"])
    let ordinalSuffixes = WordSet(["st", "nd", "rd", "th"])
    let agoKey = WordKey.of("ago")
    let dueKey = WordKey.of("due")
    let toKey = WordKey.of("to")
    let ofKey = WordKey.of("of")
    let perKey = WordKey.of("per")
}
