/// The precision of a date expression, or what kind of value it has when it is not a calendar date.
public enum DateGrain: String, Sendable, Codable {
    /// A calendar day (`2025-01-20`), possibly with a part of the day (`2025-01-20TNI`).
    case day
    /// An ISO week (`2024-W48`) or a weekend (`2024-W47-WE`).
    case week
    /// A calendar month (`2024-08`).
    case month
    /// A quarter of a year (`2024-Q3`).
    case quarter
    /// A half of a year (`2024-H1`).
    case half
    /// A season (`2024-SU`).
    case season
    /// A calendar year (`1953`).
    case year
    /// A decade (`199` for the 1990s).
    case decade
    /// A century (`19` for the 20th century).
    case century
    /// A reference to the present, the past or the future (`PRESENT_REF`, `PAST_REF`, `FUTURE_REF`).
    case reference
    /// A length of time rather than a point in time (TIMEX3 type DURATION): an ISO 8601 duration (`P2Y`, `PT5H30M`).
    case duration
}

/// Which occurrence of a recurring date (a month, a weekday, a quarter) an expression means.
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

/// The year a part of a year (a quarter, a half, a season, a week of a month) belongs to.
public enum YearReference: Sendable, Equatable {
    /// Stated (`the fourth quarter of 1999`).
    case absolute(Int)
    /// Relative to publication (`the first quarter of next year` = +1, `of this year` = 0).
    case relative(Int)
    /// Not stated: the occurrence in this direction from publication (`the third quarter`).
    case implied(DateDirection)
}

/// The four seasons, in calendar order within a year (winter is December of its year to February of the next).
public enum Season: Int, Sendable, Equatable {
    case spring = 0, summer, fall, winter

    /// TIMEX3 season code.
    public var code: String { ["SP", "SU", "FA", "WI"][rawValue] }
}

/// What a date expression says, before resolution against a publication date.
public indirect enum DateExpression: Sendable, Equatable {
    /// A full calendar day (`20 January 2025`).
    case day(year: Int, month: Int, day: Int)
    /// A month and day without a year (`January 20`), with the direction tense gives it.
    case monthDay(month: Int, day: Int, DateDirection)
    /// A month of a given year (`August 2024`).
    case monthOfYear(year: Int, month: Int)
    /// A month without a year (`in October`, `last August`).
    case month(Int, DateDirection)
    /// A year (`1953`).
    case year(Int)
    /// A day, week, month, quarter, year or century relative to publication (`yesterday` = day −1, `last month` = month −1).
    case relative(DateGrain, offset: Int)
    /// A weekday (`on Friday`, Monday = 1).
    case weekday(Int, DateDirection)
    /// A weekend: `this`/`last`/`next` weekend (current/previous/next), `over the weekend` by tense (past/future).
    case weekend(DateDirection)
    /// A quarter (1–4) of a year.
    case quarter(Int, YearReference)
    /// A half (1–2) of a year.
    case half(Int, YearReference)
    /// A season of a year.
    case season(Season, YearReference)
    /// The n-th week of a month (`the first week of July` = 1, `the last week of July` = −1), as an ISO week.
    case weekOfMonth(Int, month: Int, YearReference)
    /// A decade by its first three digits (`the 1990s` = 199).
    case decade(Int)
    /// A century by its first two digits (`the 20th century` = 19).
    case century(Int)
    /// `PRESENT_REF`, `PAST_REF` or `FUTURE_REF`.
    case reference(String)
    /// An ISO 8601 duration (`P2Y`, `PT5H30M`, `PXW` for `several weeks`).
    case duration(String)
    /// A day with a part of the day (`last night` = yesterday + `NI`; `MO`, `AF`, `EV`, `NI`).
    case partOfDay(DateExpression, String)

    /// The precision of the expression.
    public var grain: DateGrain {
        switch self {
        case .day, .monthDay, .weekday, .partOfDay: return .day
        case .monthOfYear, .month: return .month
        case .year: return .year
        case .relative(let grain, _): return grain
        case .weekend, .weekOfMonth: return .week
        case .quarter: return .quarter
        case .half: return .half
        case .season: return .season
        case .decade: return .decade
        case .century: return .century
        case .reference: return .reference
        case .duration: return .duration
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

/// Finds absolute and relative date expressions and durations by scanning tokens.
public enum DateExtractor {
    /// Date expressions in a text.
    public static func dates(in text: String) -> [DateMention] {
        dates(in: AnalyzedText(text))
    }

    /// Date expressions in an analyzed text; the scan stops once `limit` are found.
    public static func dates(in analyzed: AnalyzedText, limit: Int = .max) -> [DateMention] {
        var scanner = DateScanner(analyzed: analyzed, tokens: analyzed.tokens)
        return scanner.run(limit: limit)
    }

    /// The mentions and the number of tokens the scanner examined beyond one pass (for the linearity test).
    static func scanWork(in text: String) -> (mentions: Int, work: Int) {
        let analyzed = AnalyzedText(text)
        var scanner = DateScanner(analyzed: analyzed, tokens: analyzed.tokens)
        let mentions = scanner.run(limit: .max).count
        return (mentions, scanner.work)
    }
}

/// What the verbs around a mention say about when it is.
enum Tense {
    case past, future, unknown
}

/// A number of units as written before a unit word: exact, or vague (`several`, `a few`).
struct Amount {
    var value: Double
    var vague: Bool
    /// Index of the first token after the amount.
    var next: Int
}

struct DateScanner: TokenScanner {
    let lexicon = Lexicon.shared
    let words = DateWords.shared
    let analyzed: AnalyzedText
    let tokens: [Token]
    var results: [DateMention] = []
    /// Index of the first token not inside an emitted mention: look-behind never reaches before it.
    var consumed = 0
    /// Tokens examined beyond the scan itself (look-behind and look-ahead for tense); bounded per mention.
    var work = 0

    /// How far back and ahead (in tokens) a tense marker is looked for: constants, so that a sentence of thousands
    /// of dates costs a bounded amount per date rather than the whole sentence each time.
    static let tenseWindow = 24
    static let tenseAhead = 10

    init(analyzed: AnalyzedText, tokens: [Token]) {
        self.analyzed = analyzed
        self.tokens = tokens
    }

    /// A number, a trigger word (month, weekday, `ago` …), a hyphenated word, or `'` before a number (`'90s`).
    func isCandidate(_ index: Int) -> Bool {
        let token = tokens[index]
        return token.kind == .number
            || (token.kind == .word && (words.triggers.contains(token) || token.flags.contains(.hyphenated)))
            || (token.kind == .singleQuote && index + 1 < tokens.count && tokens[index + 1].kind == .number)
    }

    // MARK: - Token helpers

    @inline(__always) func key(_ index: Int) -> UInt64 { index >= 0 && index < tokens.count ? tokens[index].key : 0 }

    @inline(__always) func isWord(_ index: Int, _ key: UInt64) -> Bool { index >= 0 && index < tokens.count && tokens[index].key == key }

    func attached(_ index: Int) -> Bool {
        index > 0 && index < tokens.count && !tokens[index].hasSpaceBefore && !tokens[index].startsParagraph
    }

    /// Whether `index` is the byte `ascii` written right after the previous token.
    func attachedByte(_ index: Int, _ ascii: UInt8) -> Bool { attached(index) && analyzed.token(index, is: ascii) }

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

    /// A number token's value, with `.` as the decimal point and `,` as a thousands separator.
    func decimal(_ index: Int) -> Double? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .number, tokens[index].length <= 12 else { return nil }
        var whole = 0.0
        var fraction = 0.0
        var scale = 0.0
        for byte in analyzed.bytes[Int(tokens[index].start)..<Int(tokens[index].end)] {
            switch byte {
            case 0x30...0x39:
                if scale > 0 {
                    fraction += Double(byte - 0x30) * scale
                    scale /= 10
                } else {
                    whole = whole * 10 + Double(byte - 0x30)
                }
            case 0x2E:
                guard scale == 0 else { return nil }
                scale = 0.1
            case 0x2C:
                guard scale == 0 else { return nil }
            default: return nil
            }
        }
        return whole + fraction
    }

    /// Whether a currency or other symbol is written right before `index` (`$12`, `£5`).
    func afterSymbol(_ index: Int) -> Bool {
        index > 0 && tokens[index - 1].kind == .symbol && !tokens[index].hasSpaceBefore
    }

    func day(_ index: Int) -> (Int, Int)? {
        guard let value = integer(index, maxDigits: 2), (1...31).contains(value) else { return nil }
        if afterSymbol(index) { return nil }
        if attached(index + 1), words.ordinalSuffixes.contains(tokens[index + 1]) {
            return (value, index + 2)
        }
        if attached(index + 1), tokens[index + 1].kind == .word { return nil }
        if attached(index + 1), index + 2 < tokens.count, analyzed.token(index + 1, is: 0x2F) || analyzed.token(index + 1, is: 0x3A) {
            return nil
        }
        return (value, index + 1)
    }

    func year(_ index: Int) -> Int? {
        guard let value = integer(index, maxDigits: 4), tokens[index].length == 4, (1000...2100).contains(value) else { return nil }
        if attached(index + 1), tokens[index + 1].kind == .word || tokens[index + 1].kind == .symbol {
            return nil
        }
        if afterSymbol(index) { return nil }
        if partOfDigitChain(index) { return nil }
        return value
    }

    /// Whether a number is one group of a phone number or code (`138-2010-2015`, `+86 2010`, `2010.3`): joined by
    /// hyphens, slashes or dots to other groups in a way no date or year range is.
    func partOfDigitChain(_ index: Int) -> Bool {
        // Walk the attached number/separator chain around the token, a few groups each side.
        var groups = [index]
        var cursor = index
        while groups.count < 5, cursor >= 2, attached(cursor), isSeparator(cursor - 1), attached(cursor - 1),
              tokens[cursor - 2].kind == .number {
            cursor -= 2
            groups.insert(cursor, at: 0)
        }
        if cursor >= 1, tokens[cursor - 1].kind == .symbol, analyzed.token(cursor - 1, is: 0x2B) { return true }
        cursor = index
        while groups.count < 5, cursor + 2 < tokens.count, attached(cursor + 1), isSeparator(cursor + 1), attached(cursor + 2),
              tokens[cursor + 2].kind == .number {
            cursor += 2
            groups.append(cursor)
        }
        if groups.count == 1 { return false }
        if groups.count >= 3 { return true }
        // Two groups: a year range (`1998-2000`, `2003-04`) is fine; anything else joined to a year is a code.
        let other = groups[0] == index ? groups[1] : groups[0]
        let otherLength = tokens[other].length
        if analyzed.token(groups[0] + 1, is: 0x2D) || analyzed.token(groups[0] + 1, is: 0x2F) {
            if otherLength == 4, let value = integer(other, maxDigits: 4), (1000...2100).contains(value) { return false }
            if otherLength == 2, other > index { return false }
        }
        return true
    }

    func isSeparator(_ index: Int) -> Bool {
        analyzed.token(index, is: 0x2D) || analyzed.token(index, is: 0x2F) || analyzed.token(index, is: 0x2E)
    }

    /// A month name at `index`: capitalized, or lower-case when a day or year follows (`april 22`).
    func month(_ index: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .word, let number = lexicon.months[tokens[index]] else { return nil }
        if tokens[index].isCapitalizedWord { return number }
        // Lower case: only a full, unambiguous name directly followed by a day or year.
        guard tokens[index].length >= 4, !lexicon.ambiguousMonths.contains(tokens[index]) else { return nil }
        let next = index + 1
        guard next < tokens.count, tokens[next].kind == .number, integer(next, maxDigits: 4) != nil else {
            return words.lowercaseMonthCues.contains(key: key(index - 1)) ? number : nil
        }
        return number
    }

    func isFullMonthName(_ index: Int) -> Bool { tokens[index].length >= 5 || month(index) == 5 || month(index) == 6 || month(index) == 7 }

    // MARK: - Tense

    /// Past or future as the nearest verb around `first...last` says: future markers (`will`, `is to`, `plans`,
    /// `scheduled for`, `due to`) against past tense (`-ed`, `said`, `was`, `since`, `ago`). Looks at most
    /// `tenseWindow` tokens back and `tenseAhead` ahead within the sentence; the nearer cue wins, back on a tie.
    mutating func tense(around first: Int, through last: Int) -> Tense {
        var back: (Tense, Int)?
        var cursor = first - 1
        var distance = 0
        let floor = max(0, first - Self.tenseWindow)
        defer { work += first - max(cursor, floor) }
        backward: while cursor >= floor {
            let token = tokens[cursor]
            if token.kind == .punctuation, token.length == 1 {
                let byte = analyzed.bytes[Int(token.start)]
                if byte == 0x2E || byte == 0x3F || byte == 0x21 || byte == 0x3B { break }
            }
            let closing = token.kind == .closeQuote || (token.kind == .straightQuote && !token.hasSpaceBefore)
            if closing {
                // Someone else's words: their tense says nothing about the date, so skip the quotation.
                if token.startsParagraph { break }
                cursor -= 1
                while cursor >= floor, tokens[cursor].kind != .openQuote, tokens[cursor].kind != .straightQuote {
                    if tokens[cursor].startsParagraph { break backward }
                    cursor -= 1
                }
                if cursor < floor || tokens[cursor].startsParagraph { break }
                cursor -= 1
                continue
            }
            // The date sits inside a quotation: only the quoted words before it count.
            if token.kind == .openQuote || token.kind == .straightQuote { break }
            distance += 1
            if let cue = cue(at: cursor, before: first, distance: distance, forward: false) {
                back = (cue, distance)
                break
            }
            if token.startsParagraph { break }
            cursor -= 1
        }
        var ahead: (Tense, Int)?
        var weak: Tense?
        var forward = last + 1
        let ceiling = min(tokens.count, last + 1 + Self.tenseAhead)
        while forward < ceiling {
            work += 1
            let token = tokens[forward]
            if token.startsParagraph { break }
            if token.kind == .punctuation, token.length == 1 {
                let byte = analyzed.bytes[Int(token.start)]
                if byte == 0x2E || byte == 0x3F || byte == 0x21 || byte == 0x3B { break }
            }
            if token.kind == .openQuote || token.kind == .closeQuote || token.kind == .straightQuote { break }
            // A new clause (`… and expects`, `… that it would`) has its own tense.
            if words.clauseBreaks.contains(token) { break }
            // `…, officials said`: the attribution's tense says when it was said, not when the date is.
            if words.reportingVerbs.contains(token) {
                if weak == nil { weak = words.pastVerbs.contains(token) || isRegularPast(forward) ? .past : nil }
                forward += 1
                continue
            }
            if let cue = cue(at: forward, before: tokens.count, distance: forward - last, forward: true) {
                ahead = (cue, forward - last)
                break
            }
            forward += 1
        }
        if back == nil, ahead == nil, let weak { return weak }
        switch (back, ahead) {
        case (nil, nil): return .unknown
        case (let back?, nil): return back.0
        case (nil, let ahead?): return ahead.0
        case (let back?, let ahead?): return back.1 <= ahead.1 ? back.0 : ahead.0
        }
    }

    /// The tense a word at `index` marks, if it marks one.
    func cue(at index: Int, before limit: Int, distance: Int, forward: Bool) -> Tense? {
        let token = tokens[index]
        guard token.kind == .word else { return nil }
        // One lookup rejects most words: neither a listed cue nor an `-ed` form.
        if !words.anyCue.contains(token) && !isRegularPast(index) { return nil }
        // After the date only verbs count: `since`, `next`, `last` there belong to another date.
        if forward {
            if words.futureVerbs.contains(token) { return .future }
        } else if words.futureMarkers.contains(token) {
            return .future
        }
        if words.intentionMarkers.contains(token) || words.scheduleParticiples.contains(token) { return .future }
        let previous = index > 0 ? tokens[index - 1] : nil
        if words.scheduledMarkers.contains(token), let previous, words.beForms.contains(previous) { return .future }
        if token.key == words.dueKey, index + 2 < limit, tokens[index + 1].key == words.toKey,
           tokens[index + 2].isLowercaseWord, !lexicon.personDeterminers.contains(tokens[index + 2]) { return .future }
        // `is to visit`, `are to meet`: a plan.
        if words.presentBe.contains(token), index + 2 < limit, tokens[index + 1].key == words.toKey, tokens[index + 2].isLowercaseWord {
            return .future
        }
        // `is holding a rally on Saturday`: the present progressive of a plan.
        if words.presentBe.contains(token), index + 1 < limit, isProgressive(index + 1) { return .future }
        if !forward, words.pastMarkers.contains(token) { return .past }
        if words.pastVerbs.contains(token) || isRegularPast(index) {
            // An adjective (`the lost territory`) or a passive after `be` (`to be published`) marks no tense by itself.
            if let previous, lexicon.personDeterminers.contains(previous) || words.determiners.contains(previous) { return nil }
            if let previous, words.infinitiveBe.contains(previous) { return nil }
            return .past
        }
        return nil
    }

    /// A lower-case word ending in `-ed` that is a verb form rather than a noun or adjective (`need`, `hundred`).
    func isRegularPast(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.isLowercaseWord, token.length >= 5 else { return false }
        let end = Int(token.end)
        guard analyzed.bytes[end - 1] == 0x64, analyzed.bytes[end - 2] == 0x65 else { return false }
        return !words.notPastTense.contains(token)
    }

    func isProgressive(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.isLowercaseWord, token.length >= 5 else { return false }
        let end = Int(token.end)
        return analyzed.bytes[end - 1] == 0x67 && analyzed.bytes[end - 2] == 0x6E && analyzed.bytes[end - 3] == 0x69
            && !words.notProgressive.contains(token)
    }

    /// The direction tense gives a recurring date; `fallback` when no verb says.
    mutating func direction(around first: Int, through last: Int, fallback: DateDirection) -> DateDirection {
        switch tense(around: first, through: last) {
        case .past: return .past
        case .future: return .future
        case .unknown: return fallback
        }
    }

    // MARK: - Emitting

    mutating func emit(_ expression: DateExpression, from first: Int, through last: Int) -> Int {
        let first = max(first, consumed)
        let range = Int(tokens[first].start)..<Int(tokens[last].end)
        let span = analyzed.span(bytes: range)
        results.append(DateMention(text: analyzed.string(bytes: range), expression: expression, start: span.start, end: span.end))
        consumed = last + 1
        return last + 1
    }

    /// `the` (or another word of `set`) right before `index` when it is not inside an earlier mention.
    func leading(_ set: WordSet, before index: Int) -> Int {
        if index - 1 >= consumed, index > 0, !tokens[index].startsParagraph, set.contains(tokens[index - 1]) { return index - 1 }
        return index
    }

    func relativeModifierBefore(_ index: Int) -> Bool { index > 0 && words.relativeModifiers[tokens[index - 1]] != nil }

    /// The direction a modifier before `index` gives (`last`, `next`, `this`), and the modifier's index.
    func modifier(before index: Int) -> (DateDirection, Int)? {
        guard index > 0, index - 1 >= consumed, let direction = words.relativeModifiers[tokens[index - 1]],
              !tokens[index].startsParagraph else { return nil }
        return (direction, index - 1)
    }

    func offset(of direction: DateDirection) -> Int { direction == .previous ? -1 : (direction == .next ? 1 : 0) }

    // MARK: - Matching

    mutating func match(at index: Int) -> Int? {
        let token = tokens[index]
        if token.kind == .singleQuote { return matchApostropheDecade(at: index) }
        if let monthNumber = month(index) {
            return matchMonth(monthNumber, at: index)
        }
        if token.kind == .number { return matchNumber(at: index) }
        guard token.kind == .word else { return nil }
        // The most frequent triggers (`a`, `an`, `two`) can only start a duration or a count back from now.
        if lexicon.numberWords[token] != nil { return matchDuration(at: index) }
        if let offset = words.relativeDays[token] {
            return matchRelativeDay(offset, at: index)
        }
        if let direction = words.relativeModifiers[token] {
            if index + 1 < tokens.count, !tokens[index + 1].startsParagraph, let next = matchModifier(direction, at: index) { return next }
            // Only `past` has another reading (`the past`).
            if token.key != words.pastKey { return nil }
        }
        if let monthNumber = words.partOfMonth[token] {
            if let yearNumber = year(index + 1) {
                return emit(.monthOfYear(year: yearNumber, month: monthNumber), from: index, through: index + 1)
            }
            return emit(.month(monthNumber, direction(around: index, through: index, fallback: .nearest)), from: index, through: index)
        }
        if token.isCapitalizedWord, let weekday = lexicon.weekdays[token] {
            return matchWeekday(weekday, at: index)
        }
        if let reference = words.references[token] {
            if let next = matchReference(reference, at: index) { return next }
        }
        if let season = words.seasons[token] {
            if let next = matchSeason(season, at: index) { return next }
        }
        if let quarter = matchQuarterWord(at: index) { return quarter }
        if let unit = words.calendarUnits[token] {
            if let next = matchUnitWord(unit, at: index) { return next }
        }
        if token.key == words.centuryKey, let next = matchCentury(at: index) { return next }
        // `over the weekend`, `at the weekend`.
        if token.key == words.weekendKey, index >= 2, index - 2 >= consumed, tokens[index - 1].key == words.theKey,
           words.weekendCues.contains(tokens[index - 2]) {
            return emit(.weekend(direction(around: index - 1, through: index, fallback: .past)), from: index - 1, through: index)
        }
        // `for years`, `for months`: a vague duration.
        if let unit = words.durationUnits[token], unit.plural, index > 0, index - 1 >= consumed,
           tokens[index - 1].key == words.forKey, !isWord(index + 1, words.ofKey) {
            return emit(.duration(isoDuration(Amount(value: 0, vague: true, next: index + 1), unit)), from: index, through: index)
        }
        if token.flags.contains(.hyphenated), let next = matchHyphenated(at: index) { return next }
        if let next = matchDuration(at: index) { return next }
        return nil
    }

    // MARK: Numbers

    mutating func matchNumber(at index: Int) -> Int? {
        if let next = matchNumericDate(at: index) { return next }
        if let (dayNumber, after) = day(index) {
            var monthIndex = after
            if monthIndex < tokens.count, tokens[monthIndex].key == words.ofKey { monthIndex += 1 }
            if let monthNumber = month(monthIndex) {
                var last = monthIndex
                if attachedByte(last + 1, 0x2E) { last += 1 }
                var yearIndex = last + 1
                if analyzed.token(yearIndex, is: 0x2C) { yearIndex += 1 }
                if let yearNumber = year(yearIndex) {
                    return emit(.day(year: yearNumber, month: monthNumber, day: dayNumber), from: index, through: yearIndex)
                }
                let direction = direction(around: index, through: monthIndex, fallback: .nearest)
                return emit(.monthDay(month: monthNumber, day: dayNumber, direction), from: index, through: monthIndex)
            }
        }
        if let next = matchDecade(at: index) { return next }
        if let next = matchNumberQuarter(at: index) { return next }
        if let next = matchDuration(at: index) { return next }
        if let yearNumber = year(index) {
            if index > 0, tokens[index - 1].kind == .symbol { return nil }
            if index + 1 < tokens.count {
                let next = tokens[index + 1]
                if next.kind == .symbol || lexicon.scales[next] != nil || lexicon.currencyWords[next] != nil { return nil }
                if next.key == words.perKey { return nil }
                // `2000 people`: a count, unless a date word leads (`in 2000 people moved`).
                if words.countNouns.contains(next), !(index > 0 && (words.yearCues.contains(tokens[index - 1]) || words.determiners.contains(tokens[index - 1]))) {
                    return nil
                }
                // A model year (`a 1987 Chevrolet`, `his 1964 Ford`).
                if !next.startsParagraph, words.carMakes.contains(next), !(index > 0 && words.yearCues.contains(tokens[index - 1])) { return nil }
                if next.isCapitalizedWord, !next.startsParagraph, index > 0, words.modelYearDeterminers.contains(tokens[index - 1]),
                   lexicon.months[next] == nil {
                    return nil
                }
            }
            if yearNumber < 1900, !(index > 0 && words.yearCues.contains(tokens[index - 1])) { return nil }
            let first = leading(words.yearModifiers, before: index)
            return emit(.year(yearNumber), from: first, through: index)
        }
        return nil
    }

    /// `2010-01-01`, `02/22/2016`, `22/04`, `4/22`, `22.04.2016`.
    mutating func matchNumericDate(at index: Int) -> Int? {
        let token = tokens[index]
        if afterSymbol(index) { return nil }
        // One number token with two inner dots: `22.04.2016`.
        if token.length == 10, let parts = dottedDate(index) {
            return emit(.day(year: parts.2, month: parts.1, day: parts.0), from: index, through: index)
        }
        guard index + 2 < tokens.count, attached(index + 1), attached(index + 2), tokens[index + 2].kind == .number else { return nil }
        let separator: UInt8
        if analyzed.token(index + 1, is: 0x2D) { separator = 0x2D } else if analyzed.token(index + 1, is: 0x2F) { separator = 0x2F } else { return nil }
        // Another number glued on after the date makes it a code, not a date.
        func glued(_ after: Int) -> Bool {
            after + 1 < tokens.count && attached(after) && (isSeparator(after) && attached(after + 1) && tokens[after + 1].kind == .number
                || tokens[after].kind == .number)
        }
        if separator == 0x2D {
            guard token.length == 4, let y = integer(index, maxDigits: 4), (1000...2100).contains(y),
                  index + 4 < tokens.count, tokens[index + 2].length == 2, let m = integer(index + 2, maxDigits: 2),
                  analyzed.token(index + 3, is: 0x2D), attached(index + 3), attached(index + 4), tokens[index + 4].length == 2,
                  let d = integer(index + 4, maxDigits: 2), (1...12).contains(m), (1...CalendarDate.daysIn(month: m, year: y)).contains(d),
                  !glued(index + 5), index == 0 || !(tokens[index - 1].kind == .number && attached(index)) else { return nil }
            return emit(.day(year: y, month: m, day: d), from: index, through: index + 4)
        }
        guard let a = integer(index, maxDigits: 2), let b = integer(index + 2, maxDigits: 2), tokens[index + 2].length <= 2 else { return nil }
        if index > 0, attached(index), isSeparator(index - 1) { return nil }
        if index + 4 < tokens.count, analyzed.token(index + 3, is: 0x2F), attached(index + 3), attached(index + 4),
           tokens[index + 4].kind == .number, tokens[index + 4].length == 4 || tokens[index + 4].length == 2,
           let rawYear = integer(index + 4, maxDigits: 4), !glued(index + 5) {
            let y = tokens[index + 4].length == 2 ? (rawYear < 50 ? 2000 + rawYear : 1900 + rawYear) : rawYear
            guard let (m, d) = monthAndDay(a, b), (1000...2100).contains(y), d <= CalendarDate.daysIn(month: m, year: y) else { return nil }
            return emit(.day(year: y, month: m, day: d), from: index, through: index + 4)
        }
        // Two parts only: a fraction or score unless a date cue precedes or one part can only be a day.
        if glued(index + 3) { return nil }
        guard let (m, d) = monthAndDay(a, b), d <= CalendarDate.daysIn(month: m, year: 2024) else { return nil }
        let cued = index > 0 && (words.numericDateCues.contains(tokens[index - 1]) || lexicon.weekdays[tokens[index - 1]] != nil)
        let unmistakable = max(a, b) > 12 && (index + 3 >= tokens.count || tokens[index + 3].kind != .word
            || tokens[index + 3].isCapitalizedWord || words.numericDateCues.contains(tokens[index + 3]))
        guard cued || unmistakable else { return nil }
        let direction = direction(around: index, through: index + 2, fallback: .nearest)
        return emit(.monthDay(month: m, day: d, direction), from: index, through: index + 2)
    }

    /// Month and day of `a/b`: month first (US) unless the first part can only be a day.
    func monthAndDay(_ a: Int, _ b: Int) -> (Int, Int)? {
        if (1...12).contains(a), (1...31).contains(b) { return (a, b) }
        if (13...31).contains(a), (1...12).contains(b) { return (b, a) }
        return nil
    }

    func dottedDate(_ index: Int) -> (Int, Int, Int)? {
        let bytes = analyzed.bytes[Int(tokens[index].start)..<Int(tokens[index].end)]
        let base = bytes.startIndex
        guard bytes[base + 2] == 0x2E, bytes[base + 5] == 0x2E else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for offset in range {
                let byte = bytes[base + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let d = number(0..<2), let m = number(3..<5), let y = number(6..<10), (1...12).contains(m), (1900...2100).contains(y),
              (1...CalendarDate.daysIn(month: m, year: y)).contains(d) else { return nil }
        return (d, m, y)
    }

    /// `1990s`, `1990's`, `the 1990s`, `the mid-1990s` (this token form), `the 90s`.
    mutating func matchDecade(at index: Int) -> Int? {
        guard let value = integer(index, maxDigits: 4), value % 10 == 0, index + 1 < tokens.count, attached(index + 1) else { return nil }
        var sIndex = index + 1
        var apostrophe = false
        if tokens[sIndex].kind == .singleQuote, attached(sIndex + 1) {
            sIndex += 1
            apostrophe = true
        }
        guard sIndex < tokens.count, tokens[sIndex].key == words.sKey else { return nil }
        if afterSymbol(index) { return nil }
        // `1990's results` is the year's; `the 1990's` the decade.
        if apostrophe, !(index > 0 && index - 1 >= consumed && (words.decadeLead.contains(tokens[index - 1]) || words.yearModifiers.contains(tokens[index - 1]))) {
            return nil
        }
        if tokens[index].length == 4, (1000...2090).contains(value) {
            let first = leading(words.decadeLead, before: leading(words.yearModifiers, before: index))
            return emit(.decade(value / 10), from: first, through: sIndex)
        }
        guard tokens[index].length == 2 else { return nil }
        // `the 90s` is a decade, `in their 90s` an age.
        guard index > 0, index - 1 >= consumed, words.decadeLead.contains(tokens[index - 1]) || words.yearModifiers.contains(tokens[index - 1]) else {
            return nil
        }
        let first = leading(words.decadeLead, before: leading(words.yearModifiers, before: index))
        return emit(.decade(twoDigitDecade(value)), from: first, through: sIndex)
    }

    func twoDigitDecade(_ value: Int) -> Int { value <= 20 ? 200 + value / 10 : 190 + value / 10 }

    /// `'90s`, `’80s`.
    mutating func matchApostropheDecade(at index: Int) -> Int? {
        guard index + 2 < tokens.count, attached(index + 1), tokens[index + 1].length == 2, let value = integer(index + 1, maxDigits: 2),
              value % 10 == 0, attached(index + 2), tokens[index + 2].key == words.sKey else { return nil }
        let first = leading(words.decadeLead, before: leading(words.yearModifiers, before: index))
        return emit(.decade(twoDigitDecade(value)), from: first, through: index + 2)
    }

    /// `3Q`, `1Q 2024`, `3Q04`.
    mutating func matchNumberQuarter(at index: Int) -> Int? {
        guard let value = integer(index, maxDigits: 1), (1...4).contains(value), attached(index + 1), tokens[index + 1].length == 1,
              analyzed.bytes[Int(tokens[index + 1].start)] | 0x20 == 0x71 else { return nil }
        if let yearNumber = year(index + 2) { return emit(.quarter(value, .absolute(yearNumber)), from: index, through: index + 2) }
        return emit(.quarter(value, .implied(direction(around: index, through: index + 1, fallback: .nearest))), from: index, through: index + 1)
    }

    // MARK: Months and weekdays

    mutating func matchMonth(_ monthNumber: Int, at index: Int) -> Int? {
        var next = index + 1
        if attachedByte(next, 0x2E) { next += 1 }
        if let (dayNumber, after) = day(next) {
            let last = after - 1
            var yearIndex = after
            if analyzed.token(yearIndex, is: 0x2C) { yearIndex += 1 }
            if let yearNumber = year(yearIndex) {
                return emit(.day(year: yearNumber, month: monthNumber, day: dayNumber), from: index, through: yearIndex)
            }
            let direction = direction(around: index, through: last, fallback: .nearest)
            return emit(.monthDay(month: monthNumber, day: dayNumber, direction), from: index, through: last)
        }
        if let yearNumber = year(next) {
            return emit(.monthOfYear(year: yearNumber, month: monthNumber), from: leading(words.yearModifiers, before: index), through: next)
        }
        // `April of 1987`, `Dec, 2018` (not `In December, 2000 people`).
        if next < tokens.count, tokens[next].key == words.ofKey || analyzed.token(next, is: 0x2C), let yearNumber = year(next + 1),
           next + 2 >= tokens.count || !tokens[next + 2].isLowercaseWord || tokens[next + 2].key == words.andKey
            || lexicon.monthCues.contains(tokens[next + 2]) {
            return emit(.monthOfYear(year: yearNumber, month: monthNumber), from: index, through: next + 1)
        }
        guard isFullMonthName(index) || tokens[index].isLowercaseWord else { return nil }
        let cue = index > 0 && !tokens[index].startsParagraph
            && lexicon.monthCues.contains(tokens[index - 1])
        if lexicon.ambiguousMonths.contains(tokens[index]) && !cue { return nil }
        if let (direction, first) = modifier(before: index) {
            return emit(.month(monthNumber, direction), from: first, through: index)
        }
        if index + 1 < tokens.count, tokens[index + 1].isCapitalizedWord, !cue { return nil }
        let first = leading(words.yearModifiers, before: index)
        return emit(.month(monthNumber, direction(around: index, through: index, fallback: .nearest)), from: first, through: index)
    }

    mutating func matchWeekday(_ weekday: Int, at index: Int) -> Int? {
        // `Sunday, March 10`, `Friday 22 November 2024`: one mention, the day's.
        var dateStart = index + 1
        if analyzed.token(dateStart, is: 0x2C) { dateStart += 1 }
        if dateStart < tokens.count, !tokens[dateStart].startsParagraph, month(dateStart) != nil || tokens[dateStart].kind == .number {
            let saved = (results.count, consumed)
            let end = month(dateStart).flatMap { matchMonth($0, at: dateStart) } ?? (tokens[dateStart].kind == .number ? matchNumber(at: dateStart) : nil)
            if let end, results.count == saved.0 + 1 {
                let mention = results.removeLast()
                consumed = saved.1
                switch mention.expression {
                case .day, .monthDay:
                    return emit(mention.expression, from: index, through: end - 1)
                default:
                    break
                }
            }
            results.removeSubrange(saved.0...)
            consumed = saved.1
        }
        let cued = index > 0 && (words.weekdayCues.contains(tokens[index - 1]) || relativeModifierBefore(index))
        let part = partOfDay(after: index)
        if part == nil, !cued, index + 1 < tokens.count, tokens[index + 1].isCapitalizedWord, !tokens[index + 1].startsParagraph { return nil }
        var last = index
        var expression: DateExpression
        var first = index
        if let (direction, modifierIndex) = modifier(before: index) {
            expression = .weekday(weekday, direction)
            first = modifierIndex
        } else {
            expression = .weekday(weekday, direction(around: index, through: part?.1 ?? index, fallback: .past))
        }
        if let (code, partIndex) = part {
            expression = .partOfDay(expression, code)
            last = partIndex
        }
        return emit(expression, from: first, through: last)
    }

    /// `morning`, `night` … right after `index`: the TIMEX3 part-of-day code and its index.
    func partOfDay(after index: Int) -> (String, Int)? {
        guard index + 1 < tokens.count, !tokens[index + 1].startsParagraph, let code = words.partsOfDay[tokens[index + 1]] else { return nil }
        return (code, index + 1)
    }

    mutating func matchRelativeDay(_ offset: Int, at index: Int) -> Int? {
        // `the day after tomorrow`, `the day before yesterday`.
        if index >= 2, index - 2 >= consumed, tokens[index - 2].key == words.dayKey, index >= 1,
           (offset == 1 && tokens[index - 1].key == words.afterKey) || (offset == -1 && tokens[index - 1].key == words.beforeKey) {
            let first = leading(words.theSet, before: index - 2)
            return emit(.relative(.day, offset: offset * 2), from: first, through: index)
        }
        var expression = DateExpression.relative(.day, offset: offset)
        var last = index
        if tokens[index].key == words.tonightKey {
            expression = .partOfDay(expression, "NI")
        } else if let (code, partIndex) = partOfDay(after: index) {
            expression = .partOfDay(expression, code)
            last = partIndex
        }
        return emit(expression, from: index, through: last)
    }

    /// After `last`, `next`, `this`, `coming`, `past`, `recent`: a unit, a season, a quarter, a part of the day, or a duration.
    mutating func matchModifier(_ direction: DateDirection, at index: Int) -> Int? {
        let next = tokens[index + 1]
        let first = leading(words.relativeLead, before: index)
        let isPast = tokens[index].key == words.pastKey
        let isRecent = tokens[index].key == words.recentKey
        // `the past three years`, `the next five years`, `the last 12 months`, `the coming weeks`, `recent years`.
        if let amount = amount(at: index + 1), let (unit, unitIndex) = durationUnit(at: amount.next), amount.value != 1 || amount.vague {
            return emit(.duration(isoDuration(amount, unit)), from: first, through: unitIndex)
        }
        if let unit = words.durationUnits[next], unit.plural, (direction == .next || isPast || isRecent) {
            return emit(.duration(isoDuration(Amount(value: 0, vague: true, next: index + 2), unit)), from: first, through: index + 1)
        }
        if isRecent { return nil }
        // `the last week of July` is read by `week`.
        if direction == .previous, next.key == words.weekKey, isWord(index + 2, words.ofKey), month(index + 3) != nil { return nil }
        // `the last decade`, `the last year`: one unit back from now, a duration.
        if direction == .previous, first < index, !isPast, tokens[index].key == words.lastKey, let unit = words.durationUnits[next], !unit.plural,
           unit.code != "Q" {
            return emit(.duration(isoDuration(Amount(value: 1, vague: false, next: index + 2), unit)), from: first, through: index + 1)
        }
        if isPast {
            // `the past year`, `the past week`: TIMEX3 durations of one unit.
            guard first < index, let unit = words.durationUnits[next], !unit.plural else { return nil }
            return emit(.duration(isoDuration(Amount(value: 1, vague: false, next: index + 2), unit)), from: first, through: index + 1)
        }
        if let grain = words.relativeUnits[next] {
            // `the last quarter of 2024` is the fourth quarter: the quarter word reads it.
            if grain == .quarter, yearAfter(index + 1) != nil { return nil }
            // `the next day` as in a narrative is relative to the story, not to publication: only `next week` etc.
            return emit(.relative(grain, offset: offset(of: direction)), from: index, through: index + 1)
        }
        if next.key == words.weekendKey {
            return emit(.weekend(direction), from: index, through: index + 1)
        }
        if let code = words.partsOfDay[next], direction != .next {
            // `last night`, `this morning`.
            let dayOffset = direction == .previous ? -1 : 0
            return emit(.partOfDay(.relative(.day, offset: dayOffset), code), from: index, through: index + 1)
        }
        if let season = words.seasons[next] {
            return emit(.season(season, .implied(direction)), from: index, through: index + 1)
        }
        return nil
    }

    // MARK: References, seasons, quarters, units

    mutating func matchReference(_ reference: String, at index: Int) -> Int? {
        let token = tokens[index]
        switch token.key {
        case words.pastKey:
            // `the past`, `in the past` — not `the past year` (a duration) nor `walked past`.
            guard index > 0, index - 1 >= consumed, tokens[index - 1].key == words.theKey else { return nil }
            if index + 1 < tokens.count, !tokens[index + 1].startsParagraph,
               words.durationUnits[tokens[index + 1]] != nil || amount(at: index + 1) != nil || tokens[index + 1].isLowercaseWord
                && !words.afterReference.contains(tokens[index + 1]) {
                return nil
            }
            return emit(.reference(reference), from: index - 1, through: index)
        case words.futureKey:
            var first = index
            if index > 0, index - 1 >= consumed, words.futureAdjectives.contains(tokens[index - 1]) { first = index - 1 }
            guard first > 0, first - 1 >= consumed, tokens[first - 1].key == words.theKey else { return nil }
            if index + 1 < tokens.count, tokens[index + 1].isLowercaseWord, !words.afterReference.contains(tokens[index + 1]) { return nil }
            return emit(.reference(reference), from: first - 1, through: index)
        case words.presentKey:
            guard index > 0, index - 1 >= consumed, tokens[index - 1].key == words.atKey || tokens[index - 1].key == words.theKey else { return nil }
            if index + 1 < tokens.count, tokens[index + 1].isLowercaseWord, !words.afterReference.contains(tokens[index + 1]) { return nil }
            return emit(.reference(reference), from: index - 1, through: index)
        case words.momentKey:
            guard index >= 2, index - 2 >= consumed, tokens[index - 1].key == words.theKey, tokens[index - 2].key == words.atKey else { return nil }
            return emit(.reference(reference), from: index - 2, through: index)
        case words.daysKey:
            guard index > 0, index - 1 >= consumed, tokens[index - 1].key == words.theseKey else { return nil }
            return emit(.reference(reference), from: index - 1, through: index)
        default:
            // `now`, `currently`, `recently`: not `now-defunct` (another token), nor `Now` as a name.
            if token.isCapitalizedWord, !token.flags.contains(.lineStart), index > 0, !analyzed.token(index - 1, is: 0x2E),
               tokens[index - 1].kind == .word { return nil }
            return emit(.reference(reference), from: index, through: index)
        }
    }

    mutating func matchSeason(_ season: Season, at index: Int) -> Int? {
        let token = tokens[index]
        // `Arab Spring`, `Prague Spring`: a name.
        if token.isCapitalizedWord, index > 0, tokens[index - 1].isCapitalizedWord, !tokens[index].startsParagraph { return nil }
        var last = index
        var year: YearReference?
        if let yearNumber = self.year(index + 1) {
            year = .absolute(yearNumber)
            last = index + 1
        } else if isWord(index + 1, words.ofKey), let yearNumber = self.year(index + 2) {
            year = .absolute(yearNumber)
            last = index + 2
        } else if isWord(index + 1, words.ofKey), let direction = words.relativeModifiers[tokens[min(index + 2, tokens.count - 1)]],
                  index + 3 < tokens.count, tokens[index + 3].key == words.yearKey {
            year = .relative(offset(of: direction))
            last = index + 3
        }
        var first = index
        if let (direction, modifierIndex) = modifier(before: index) {
            first = modifierIndex
            if year == nil { year = .implied(direction) }
        } else {
            let lead = leading(words.yearModifiers, before: index)
            let article = leading(words.theSet, before: lead)
            let cueIndex = article - 1
            let cued = cueIndex >= consumed && cueIndex >= 0 && words.seasonCues.contains(tokens[cueIndex]) && !tokens[article].startsParagraph
            if year == nil {
                // `fall` is a verb and a noun: only with a cue and `the` (`in the fall`), a modifier or a year.
                if season == .fall, token.key == words.fallKey, !(cued && article < lead) { return nil }
                guard cued || lead < index else { return nil }
                if index + 1 < tokens.count, tokens[index + 1].isCapitalizedWord, token.isCapitalizedWord { return nil }
                year = .implied(direction(around: article, through: index, fallback: .nearest))
            }
            first = article
        }
        guard let year else { return nil }
        return emit(.season(season, year), from: first, through: last)
    }

    /// `the third quarter`, `the fourth quarter of 1999`, `Q3 2024`, `the first half of 2024`, `third-quarter`, `H1 2024`.
    mutating func matchQuarterWord(at index: Int) -> Int? {
        let token = tokens[index]
        // Q1–Q4, H1–H2 as one word.
        if token.length == 2, token.isCapitalizedWord {
            let letter = analyzed.bytes[Int(token.start)]
            let digit = Int(analyzed.bytes[Int(token.start) + 1]) - 0x30
            if letter == 0x51 || letter == 0x48, (1...(letter == 0x51 ? 4 : 2)).contains(digit) {
                let make: (YearReference) -> DateExpression = { letter == 0x51 ? .quarter(digit, $0) : .half(digit, $0) }
                if let (year, last) = yearAfter(index) { return emit(make(year), from: index, through: last) }
                guard letter == 0x51 else { return nil }
                return emit(make(.implied(direction(around: index, through: index, fallback: .nearest))), from: index, through: index)
            }
            return nil
        }
        let isQuarter = token.key == words.quarterKey
        guard isQuarter || token.key == words.halfKey, index > 0, index - 1 >= consumed else { return nil }
        // The ordinal before: `third`, `3rd`, `final`, `last` (with `of` after).
        var ordinalIndex = index - 1
        var fiscal = false
        if tokens[ordinalIndex].key == words.fiscalKey, ordinalIndex > consumed {
            fiscal = true
            ordinalIndex -= 1
        }
        var ordinal = words.ordinals[tokens[ordinalIndex]]
        var ordinalFirst = ordinalIndex
        if ordinal == nil, tokens[ordinalIndex].kind == .word, words.ordinalSuffixes.contains(tokens[ordinalIndex]), ordinalIndex - 1 >= consumed,
           attached(ordinalIndex), let value = integer(ordinalIndex - 1, maxDigits: 1) {
            ordinal = value
            ordinalFirst = ordinalIndex - 1
        }
        _ = fiscal
        let limit = isQuarter ? 4 : 2
        guard var number = ordinal, number == -1 || (1...limit).contains(number) else { return nil }
        let yearInfo = yearAfter(index)
        if number == -1 {
            // `last quarter` alone is relative; `the last quarter of 2024` is the fourth.
            guard yearInfo != nil else { return nil }
            number = limit
        }
        let first = leading(words.theSet, before: ordinalFirst)
        if let (year, last) = yearInfo {
            return emit(isQuarter ? .quarter(number, year) : .half(number, year), from: first, through: last)
        }
        // A half needs its year: `the second half` is as often a match's as a year's.
        guard isQuarter else { return nil }
        return emit(.quarter(number, .implied(direction(around: first, through: index, fallback: .nearest))), from: first, through: index)
    }

    /// A year after a quarter or half: `of 1999`, `1999`, `, 1999`, `of this year`, `of the year`, `of last year`.
    func yearAfter(_ index: Int) -> (YearReference, Int)? {
        if let yearNumber = year(index + 1) { return (.absolute(yearNumber), index + 1) }
        if let yearNumber = fiscalYear(index + 1) { return (.absolute(yearNumber), index + 1) }
        guard isWord(index + 1, words.ofKey) || analyzed.token(index + 1, is: 0x2C) else { return nil }
        if let yearNumber = year(index + 2) { return (.absolute(yearNumber), index + 2) }
        guard isWord(index + 1, words.ofKey), index + 3 < tokens.count, tokens[index + 3].key == words.yearKey else { return nil }
        if tokens[index + 2].key == words.theKey { return (.relative(0), index + 3) }
        if let direction = words.relativeModifiers[tokens[index + 2]] { return (.relative(offset(of: direction)), index + 3) }
        return nil
    }

    /// `FY2024`, `FY24` as one word.
    func fiscalYear(_ index: Int) -> Int? {
        guard index < tokens.count, tokens[index].kind == .word, tokens[index].length == 4 || tokens[index].length == 6 else { return nil }
        let start = Int(tokens[index].start)
        guard analyzed.bytes[start] | 0x20 == 0x66, analyzed.bytes[start + 1] | 0x20 == 0x79 else { return nil }
        var value = 0
        for offset in 2..<tokens[index].length {
            let byte = analyzed.bytes[start + offset]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return tokens[index].length == 4 ? (value < 50 ? 2000 + value : 1900 + value) : value
    }

    /// Words like `year`, `week`, `day` that end a phrase begun before them: `the year before`, `the previous
    /// year`, `the following day`, `the last week of July`.
    mutating func matchUnitWord(_ grain: DateGrain, at index: Int) -> Int? {
        guard index > 0, index - 1 >= consumed else { return nil }
        let previous = tokens[index - 1]
        // `the last week of July`, `the first week of March 2024`.
        if grain == .week, let ordinal = words.ordinals[previous], index + 2 < tokens.count, tokens[index + 1].key == words.ofKey,
           let monthNumber = month(index + 2), ordinal == -1 || (1...5).contains(ordinal) {
            let first = leading(words.theSet, before: index - 1)
            if let yearNumber = year(index + 3) {
                return emit(.weekOfMonth(ordinal, month: monthNumber, .absolute(yearNumber)), from: first, through: index + 3)
            }
            let direction = direction(around: first, through: index + 2, fallback: .nearest)
            return emit(.weekOfMonth(ordinal, month: monthNumber, .implied(direction)), from: first, through: index + 2)
        }
        guard previous.key == words.theKey || words.sequenceAdjectives[previous] != nil else { return nil }
        // `the end of the year`, `the rest of the month`: the publication's own.
        if previous.key == words.theKey, grain != .day, index >= 3, index - 3 >= consumed, tokens[index - 2].key == words.ofKey,
           words.partOfPeriod.contains(tokens[index - 3]) {
            return emit(.relative(grain, offset: 0), from: leading(words.theSet, before: index - 3), through: index)
        }
        // `the previous year`, `the following week`, `the year-earlier`.
        if let step = words.sequenceAdjectives[previous], index >= 2, index - 2 >= consumed, tokens[index - 2].key == words.theKey {
            return emit(.relative(grain, offset: step), from: index - 2, through: index)
        }
        // `the year before`, `the week earlier` (not `the day after tomorrow`, which `tomorrow` reads).
        if index + 2 < tokens.count, words.relativeDays[tokens[index + 2]] != nil { return nil }
        if previous.key == words.theKey, index + 1 < tokens.count, let step = words.trailingSteps[tokens[index + 1]],
           index + 2 >= tokens.count || !(tokens[index + 2].kind == .word && tokens[index + 2].isLowercaseWord
               && words.determiners.contains(tokens[index + 2])) {
            return emit(.relative(grain, offset: step), from: index - 1, through: index + 1)
        }
        return nil
    }

    /// `the 20th century`, `the nineteenth century`, `the last century`.
    mutating func matchCentury(at index: Int) -> Int? {
        guard index > 0, index - 1 >= consumed else { return nil }
        let previous = tokens[index - 1]
        if let direction = words.relativeModifiers[previous] {
            return emit(.relative(.century, offset: offset(of: direction)), from: leading(words.theSet, before: index - 1), through: index)
        }
        var ordinal = words.centuryOrdinals[previous]
        var first = index - 1
        if ordinal == nil, words.ordinalSuffixes.contains(previous), index >= 2, index - 2 >= consumed, attached(index - 1),
           let value = integer(index - 2, maxDigits: 2) {
            ordinal = value
            first = index - 2
        }
        guard let ordinal, (1...30).contains(ordinal) else { return nil }
        return emit(.century(ordinal - 1), from: leading(words.theSet, before: first), through: index)
    }

    // MARK: Durations

    /// A number of units before a unit word: digits (`5`, `2.5`, `5 1/2`), number words (`two`, `twenty-five`),
    /// `a`/`an`, `half a`, `a couple of`, or vague (`several`, `a few`, `many`); `and a half` after.
    func amount(at index: Int) -> Amount? {
        guard index >= 0, index < tokens.count else { return nil }
        let token = tokens[index]
        var value: Double
        var next = index + 1
        if token.kind == .number {
            if afterSymbol(index) { return nil }
            guard let number = decimal(index) else { return nil }
            value = number
            // `5 1/2`.
            if next + 2 < tokens.count, tokens[next].kind == .number, attached(next + 1), analyzed.token(next + 1, is: 0x2F), attached(next + 2),
               let numerator = integer(next, maxDigits: 2), let denominator = integer(next + 2, maxDigits: 2), denominator > numerator, numerator > 0 {
                value += Double(numerator) / Double(denominator)
                next += 3
            }
        } else if token.kind == .word {
            if token.key == words.halfKey, next < tokens.count, tokens[next].key == words.aKey || tokens[next].key == words.anKey {
                return Amount(value: 0.5, vague: false, next: next + 1)
            }
            if token.key == words.aKey, isWord(next, words.coupleKey), isWord(next + 1, words.ofKey) {
                return Amount(value: 2, vague: false, next: next + 2)
            }
            if token.key == words.aKey, isWord(next, words.fewKey) { return Amount(value: 0, vague: true, next: next + 1) }
            if words.vagueAmounts.contains(token) { return Amount(value: 0, vague: true, next: next) }
            if let number = lexicon.numberWords[token] {
                value = Double(number)
                if token.key != words.aKey, token.key != words.anKey, next < tokens.count, let ones = lexicon.numberWords[tokens[next]],
                   number >= 20, number % 10 == 0, ones < 10, tokens[next].key != words.aKey, tokens[next].key != words.anKey {
                    value += Double(ones)
                    next += 1
                }
            } else if token.flags.contains(.hyphenated), let number = hyphenatedNumber(index) {
                value = Double(number)
            } else {
                return nil
            }
        } else {
            return nil
        }
        // `two and a half`.
        if isWord(next, words.andKey), isWord(next + 1, words.aKey), isWord(next + 2, words.halfKey) {
            value += 0.5
            next += 3
        }
        return Amount(value: value, vague: false, next: next)
    }

    /// `twenty-five` as one hyphenated word.
    func hyphenatedNumber(_ index: Int) -> Int? {
        let parts = hyphenParts(index)
        guard parts.count == 2, let tens = lexicon.numberWords[word(parts[0])], let ones = lexicon.numberWords[word(parts[1])],
              tens >= 20, tens % 10 == 0, ones < 10 else { return nil }
        return tens + ones
    }

    /// A duration unit at `index`: a word (`hours`, `years`) or, glued to a number, an abbreviation (`3h`, `90min`).
    func durationUnit(at index: Int) -> (DurationUnit, Int)? {
        guard index < tokens.count, !tokens[index].startsParagraph else { return nil }
        // `10-year`, `24-hour`: a number, a hyphen and a singular unit (not `10-year-old`, one word after the hyphen).
        if analyzed.token(index, is: 0x2D), attached(index), attached(index + 1), index + 1 < tokens.count,
           let unit = words.durationUnits[tokens[index + 1]], !unit.plural, tokens[index - 1].kind == .number {
            return (unit, index + 1)
        }
        guard tokens[index].kind == .word else { return nil }
        if let unit = words.durationUnits[tokens[index]] { return (unit, index) }
        if attached(index), tokens[index - 1].kind == .number, let unit = words.gluedUnits[tokens[index]] { return (unit, index) }
        return nil
    }

    /// `5 1/2 hours`, `an hour`, `several weeks`, `three days ago`, `three weeks from tomorrow`, `in two weeks`.
    mutating func matchDuration(at index: Int) -> Int? {
        guard let amount = amount(at: index), let (unit, unitIndex) = durationUnit(at: amount.next) else { return nil }
        let token = tokens[index]
        let isArticle = token.key == words.aKey || token.key == words.anKey
        // A number word capitalized mid-sentence is part of a name (`Three Days of the Condor`).
        if token.isCapitalizedWord, !token.flags.contains(.lineStart), index > 0, !analyzed.token(index - 1, is: 0x2E),
           tokens[index - 1].kind == .word { return nil }
        var last = unitIndex
        var value = amount
        // `an hour and a half`.
        if !amount.vague, isWord(last + 1, words.andKey), isWord(last + 2, words.aKey), isWord(last + 3, words.halfKey) {
            value.value += 0.5
            last += 3
        }
        let after = last + 1
        // A fraction, not a time: `a quarter of the population`, `three quarters of voters`.
        if unit.code == "Q", isWord(after, words.ofKey) { return nil }
        // An ordinal: `a second term`, `for a second time`.
        if isArticle, unit.code == "S", !unit.plural, after < tokens.count, tokens[after].kind == .word { return nil }
        // A rate: `24 hours a day`, `seven days a week`, `20 hours per week`.
        if isWord(after, words.aKey) || isWord(after, words.perKey), durationUnit(at: after + 1) != nil { return nil }
        // Ages: `52 years old`, `aged 52 years`, `52 years of age`.
        if isWord(after, words.oldKey) || (isWord(after, words.ofKey) && isWord(after + 1, words.ageKey)) { return nil }
        if index > 0, words.ageCues.contains(tokens[index - 1]) { return nil }
        // Rates and repetitions: `twice a week`, `$5 a day`, `every two weeks`, `per hour`.
        if index > 0, index - 1 >= consumed, words.rateCues.contains(tokens[index - 1]) { return nil }
        if isArticle {
            // `a year` is a duration after `for`, `than`, `spent`…, a date before `ago`/`earlier`; otherwise often a rate.
            guard index > 0, !tokens[index].startsParagraph else { return nil }
            let previous = tokens[index - 1]
            if previous.kind == .number || previous.kind == .symbol || words.rateNouns.contains(previous) { return nil }
            let dated = isWord(after, words.agoKey) || isWord(after, words.earlierKey)
            guard dated || words.durationCues.contains(previous) || isRegularPast(index - 1) || words.pastVerbs.contains(previous) else {
                return nil
            }
        }
        // Dates counted from publication: `three days ago`, `a year earlier`.
        if let grain = unit.grain, !value.vague, value.value >= 1, value.value == value.value.rounded(),
           isWord(after, words.agoKey) || isWord(after, words.earlierKey) {
            return emit(.relative(grain, offset: -Int(value.value)), from: index, through: after)
        }
        // `three weeks from tomorrow`, `two weeks from now`.
        if let grain = unit.grain, !value.vague, value.value >= 1, value.value == value.value.rounded(), isWord(after, words.fromKey),
           after + 1 < tokens.count {
            let count = Int(value.value)
            if let base = words.relativeDays[tokens[after + 1]], tokens[after + 1].key != words.tonightKey {
                let days = grain == .day ? count : (grain == .week ? 7 * count : 0)
                if days > 0 { return emit(.relative(.day, offset: base + days), from: index, through: after + 1) }
            }
            if tokens[after + 1].key == words.nowKey {
                return emit(.relative(grain, offset: count), from: index, through: after + 1)
            }
        }
        // `in two weeks` (not `rose 5% in two weeks`): a date ahead.
        if let grain = unit.grain, !value.vague, value.value >= 1, value.value == value.value.rounded(), index > 0, index - 1 >= consumed,
           tokens[index - 1].key == words.inKey, !isArticle || unit.calendar {
            if tense(around: index - 1, through: last) != .past {
                return emit(.relative(grain, offset: Int(value.value)), from: index - 1, through: last)
            }
        }
        if value.value == 0, !value.vague { return nil }
        return emit(.duration(isoDuration(value, unit)), from: index, through: last)
    }

    /// A hyphenated word: `two-year`, `third-quarter`, `mid-1990s`, `24-hour` is a number then `-hour`.
    mutating func matchHyphenated(at index: Int) -> Int? {
        // The first and last parts, found without building the list (most hyphenated words are no date).
        let start = Int(tokens[index].start)
        let end = Int(tokens[index].end)
        var firstEnd = start
        while firstEnd < end, analyzed.bytes[firstEnd] != 0x2D { firstEnd += 1 }
        var lastStart = end
        while lastStart > start, analyzed.bytes[lastStart - 1] != 0x2D { lastStart -= 1 }
        guard firstEnd < end, lastStart > start else { return nil }
        let firstWord = word(start..<firstEnd)
        let lastWord = word(lastStart..<end)
        let plain = firstEnd + 1 == lastStart
        guard words.yearModifiers.contains(firstWord) || words.ordinals[firstWord] != nil || words.durationUnits[lastWord] != nil
            || words.hyphenatedSteps[tokens[index]] != nil else {
            return nil
        }
        let parts = plain ? [start..<firstEnd, lastStart..<end] : hyphenParts(index)
        // `the mid-1990s`, `mid-2024`.
        if parts.count == 2, words.yearModifiers.contains(word(parts[0])) {
            let digits = parts[1]
            if let yearNumber = digitValue(digits), digits.count == 4, (1000...2100).contains(yearNumber) {
                return emit(.year(yearNumber), from: leading(words.theSet, before: index), through: index)
            }
            if digits.count == 5, analyzed.bytes[digits.upperBound - 1] == 0x73, let value = digitValue(digits.lowerBound..<digits.upperBound - 1),
               value % 10 == 0 {
                return emit(.decade(value / 10), from: leading(words.theSet, before: index), through: index)
            }
            return nil
        }
        // `the year-earlier period`, `year-ago levels`.
        if plain, let step = words.hyphenatedSteps[tokens[index]], let grain = words.calendarUnits[firstWord] {
            return emit(.relative(grain, offset: step), from: index, through: index)
        }
        // `third-quarter`, `first-half`.
        if parts.count == 2, let ordinal = words.ordinals[word(parts[0])], ordinal > 0 {
            if lastWord.key == words.quarterKey, ordinal <= 4 {
                if let (year, last) = yearAfter(index) { return emit(.quarter(ordinal, year), from: index, through: last) }
                return emit(.quarter(ordinal, .implied(direction(around: index, through: index, fallback: .nearest))), from: index, through: index)
            }
            if lastWord.key == words.halfKey, ordinal <= 2, let (year, last) = yearAfter(index) {
                return emit(.half(ordinal, year), from: index, through: last)
            }
            return nil
        }
        // `two-year`, `twenty-five-year`, `three-month`: a duration used as an adjective (not `two-year-old`).
        guard let unit = words.durationUnits[lastWord], !unit.plural else { return nil }
        var number: Int?
        if parts.count == 2 {
            number = lexicon.numberWords[word(parts[0])]
            if let value = number, value <= 1 { number = nil }
            if let value = digitValue(parts[0]) { number = value }
        } else if parts.count == 3, let tens = lexicon.numberWords[word(parts[0])], let ones = lexicon.numberWords[word(parts[1])],
                  tens >= 20, tens % 10 == 0, ones < 10 {
            number = tens + ones
        }
        guard let number, number > 0 else { return nil }
        if index > 0, words.rateCues.contains(tokens[index - 1]) { return nil }
        return emit(.duration(isoDuration(Amount(value: Double(number), vague: false, next: index + 1), unit)), from: index, through: index)
    }

    /// Byte ranges of a hyphenated word's parts (at most 4).
    func hyphenParts(_ index: Int) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = Int(tokens[index].start)
        let end = Int(tokens[index].end)
        var cursor = start
        while cursor < end, parts.count < 4 {
            if analyzed.bytes[cursor] == 0x2D {
                parts.append(start..<cursor)
                start = cursor + 1
            }
            cursor += 1
        }
        if parts.count < 4 { parts.append(start..<end) }
        return parts
    }

    /// A token-like key for a byte range, to look it up in the word tables.
    func word(_ range: Range<Int>) -> Token {
        var hash = WordKey.seed
        for offset in range { hash = WordKey.combine(hash, analyzed.bytes[offset]) }
        return Token(start: Int32(range.lowerBound), end: Int32(range.upperBound), kind: .word, flags: [], key: hash)
    }

    func digitValue(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 6 else { return nil }
        var value = 0
        for offset in range {
            let byte = analyzed.bytes[offset]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// The ISO 8601 duration of an amount of a unit; fractions go to the next smaller unit when exact
    /// (`5 1/2 hours` = `PT5H30M`, `2.5 years` = `P2Y6M`), vague amounts are `X` (`PXW`).
    func isoDuration(_ amount: Amount, _ unit: DurationUnit) -> String {
        let prefix = unit.time ? "PT" : "P"
        if amount.vague { return prefix + "X" + unit.code }
        let whole = amount.value.rounded(.down)
        let fraction = amount.value - whole
        func number(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
        if fraction == 0 { return prefix + number(unit.multiplier * whole) + unit.code }
        if let smaller = unit.smaller {
            let rest = fraction * smaller.factor
            if rest == rest.rounded() {
                let head = whole > 0 ? number(unit.multiplier * whole) + unit.code : ""
                let separator = !unit.time && smaller.time ? "T" : ""
                return prefix + head + separator + number(rest) + smaller.code
            }
        }
        return prefix + number(unit.multiplier * amount.value) + unit.code
    }
}

/// A unit of a duration and how it is written in ISO 8601 / TIMEX3.
struct DurationUnit: Sendable {
    /// `Y`, `M`, `W`, `D`, `H` (after `T`), `DE`, `CE`, `Q`.
    var code: String
    /// Whether the code goes after `T` (hours, minutes, seconds).
    var time: Bool
    /// Whether the written word was plural.
    var plural: Bool
    /// The date grain an expression counted in this unit resolves to (`3 days ago` → day).
    var grain: DateGrain?
    /// Whether the unit names a calendar span (day and longer) rather than a clock time.
    var calendar: Bool
    /// Units per written unit (a fortnight is 2 weeks).
    var multiplier: Double = 1
    /// The next smaller unit for fractions: its code, whether after `T`, and how many make one of this unit.
    var smaller: (code: String, time: Bool, factor: Double)?
}

/// Word lists of this extractor, compiled once.
final class DateWords: Sendable {
    /// The one compiled instance.
    static let shared = DateWords()
    let relativeDays = WordMap<Int>([("yesterday", -1), ("today", 0), ("tonight", 0), ("tomorrow", 1)])
    let relativeModifiers = WordMap<DateDirection>([
        ("last", .previous), ("next", .next), ("this", .current), ("coming", .next), ("past", .previous), ("recent", .previous),
    ])
    let relativeUnits = WordMap<DateGrain>([("week", .week), ("month", .month), ("year", .year), ("quarter", .quarter)])
    /// Unit words that end phrases begun before them (`the year before`, `the previous month`).
    static let calendarUnitPairs: [(String, DateGrain)] = [("day", .day), ("week", .week), ("month", .month), ("quarter", .quarter), ("year", .year)]
    let calendarUnits = WordMap<DateGrain>(DateWords.calendarUnitPairs)
    let partsOfDay = WordMap<String>([("morning", "MO"), ("afternoon", "AF"), ("evening", "EV"), ("night", "NI")])
    static let referencePairs: [(String, String)] = [
        ("now", "PRESENT_REF"), ("currently", "PRESENT_REF"), ("presently", "PRESENT_REF"), ("nowadays", "PRESENT_REF"),
        ("present", "PRESENT_REF"), ("moment", "PRESENT_REF"), ("days", "PRESENT_REF"),
        ("recently", "PAST_REF"), ("lately", "PAST_REF"), ("past", "PAST_REF"), ("future", "FUTURE_REF"),
    ]
    let references = WordMap<String>(DateWords.referencePairs)
    static let seasonPairs: [(String, Season)] = [("spring", .spring), ("summer", .summer), ("autumn", .fall), ("fall", .fall), ("winter", .winter)]
    let seasons = WordMap<Season>(DateWords.seasonPairs)
    let ordinals = WordMap<Int>([
        ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("final", -1), ("last", -1),
        ("1st", 1), ("2nd", 2), ("3rd", 3), ("4th", 4),
    ])
    let centuryOrdinals = WordMap<Int>([
        ("sixteenth", 16), ("seventeenth", 17), ("eighteenth", 18), ("nineteenth", 19), ("twentieth", 20), ("twenty-first", 21),
    ])
    /// `the previous year` −1, `the following year` +1.
    let sequenceAdjectives = WordMap<Int>([("previous", -1), ("prior", -1), ("preceding", -1), ("following", 1), ("current", 0), ("latest", -1)])
    /// `the year before` −1, `the year after` +1.
    let trailingSteps = WordMap<Int>([("before", -1), ("earlier", -1), ("after", 1), ("later", 1)])
    /// `year-earlier`, `year-ago`, `month-earlier`: one unit back from publication.
    let hyphenatedSteps = WordMap<Int>([("year-earlier", -1), ("year-ago", -1), ("month-earlier", -1), ("week-earlier", -1)])
    /// Words before `of the year` that name a part of the current one (`the end of the year`).
    let partOfPeriod = WordSet(["end", "start", "beginning", "middle", "rest", "remainder", "close", "turn"])
    let durationUnits: WordMap<DurationUnit> = {
        let hour: (String, Bool, Double)? = ("M", true, 60)
        let minute: (String, Bool, Double)? = ("S", true, 60)
        let day: (String, Bool, Double)? = ("H", true, 24)
        let year: (String, Bool, Double)? = ("M", false, 12)
        let week: (String, Bool, Double)? = ("D", false, 7)
        func unit(_ code: String, time: Bool = false, plural: Bool, grain: DateGrain?, multiplier: Double = 1,
                  smaller: (String, Bool, Double)?) -> DurationUnit {
            DurationUnit(code: code, time: time, plural: plural, grain: grain, calendar: !time, multiplier: multiplier,
                         smaller: smaller.map { (code: $0.0, time: $0.1, factor: $0.2) })
        }
        var pairs: [(String, DurationUnit)] = []
        for (singular, plurals, code, time, grain, smaller) in [
            ("second", ["seconds", "secs"], "S", true, nil, nil), ("minute", ["minutes", "mins"], "M", true, nil, minute),
            ("hour", ["hours", "hrs"], "H", true, nil, hour), ("day", ["days"], "D", false, DateGrain.day, day),
            ("week", ["weeks"], "W", false, DateGrain.week, week), ("month", ["months"], "M", false, DateGrain.month, nil),
            ("quarter", ["quarters"], "Q", false, nil, nil), ("year", ["years", "yrs"], "Y", false, DateGrain.year, year),
            ("decade", ["decades"], "DE", false, nil, nil), ("century", ["centuries"], "CE", false, nil, nil),
        ] as [(String, [String], String, Bool, DateGrain?, (String, Bool, Double)?)] {
            pairs.append((singular, unit(code, time: time, plural: false, grain: grain, smaller: smaller)))
            for plural in plurals { pairs.append((plural, unit(code, time: time, plural: true, grain: grain, smaller: smaller))) }
        }
        pairs.append(("fortnight", unit("W", plural: false, grain: nil, multiplier: 2, smaller: nil)))
        pairs.append(("fortnights", unit("W", plural: true, grain: nil, multiplier: 2, smaller: nil)))
        return WordMap(pairs)
    }()
    /// Abbreviations glued to a number: `3h`, `90min`, `2hrs`, `5yrs`.
    let gluedUnits = WordMap<DurationUnit>([
        ("h", DurationUnit(code: "H", time: true, plural: false, grain: nil, calendar: false, smaller: ("M", true, 60))),
        ("hr", DurationUnit(code: "H", time: true, plural: false, grain: nil, calendar: false, smaller: ("M", true, 60))),
        ("min", DurationUnit(code: "M", time: true, plural: false, grain: nil, calendar: false, smaller: ("S", true, 60))),
        ("yr", DurationUnit(code: "Y", time: false, plural: false, grain: .year, calendar: true, smaller: ("M", false, 12))),
    ])
    /// Every word that can start a date expression; other words are skipped with one lookup.
    let triggers: WordSet = {
        let lexicon = Lexicon.shared
        var keys = lexicon.months.keys + lexicon.weekdays.keys + lexicon.numberWords.keys
        keys += ["yesterday", "today", "tonight", "tomorrow", "last", "next", "this", "coming", "past", "recent",
                 "quarter", "half", "century", "several", "few", "many", "couple", "years", "months", "weeks", "decades", "hours", "minutes", "weekend"].map(WordKey.of)
        keys += (DateWords.referencePairs.map(\.0) + DateWords.seasonPairs.map(\.0) + DateWords.calendarUnitPairs.map(\.0)).map(WordKey.of)
        keys += ["q1", "q2", "q3", "q4", "h1", "h2"].map(WordKey.of)
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
    static let futureMarkersList: [String] = ["will", "shall", "'ll", "won't", "wont", "would", "upcoming", "tomorrow", "next", "soon"]
    let futureMarkers = WordSet(DateWords.futureMarkersList)
    /// Future markers that still count after the date (`On Friday, the team will …`).
    let futureVerbs = WordSet(["will", "shall", "'ll", "won't", "wont", "would"])
    /// Words after a date that start another clause, whose tense is its own.
    let clauseBreaks = WordSet(["and", "but", "while", "whereas", "although", "though", "that", "which", "who", "because", "after", "before", "as", "if", "unless"])
    /// Attribution verbs: after a date (`…, officials said`) they only decide when nothing else does.
    let reportingVerbs = WordSet(["said", "says", "told", "added", "reported", "announced", "stated", "according", "explained", "warned", "insisted", "claimed"])
    /// Words before a weekday that make it a date even before a capitalized word (`on Sunday Tony Blair said`).
    let weekdayCues = WordSet(["on", "by", "until", "since", "from", "before", "after", "last", "next", "this", "every", "each"])
    /// After a form of `be`, a schedule for a later date (`is due to start in September`, `was expected on Monday`).
    static let scheduledMarkersList: [String] = ["due", "expected", "scheduled", "set", "planned", "poised", "slated", "forecast", "likely"]
    let scheduledMarkers = WordSet(DateWords.scheduledMarkersList)
    /// Forms of `be` that make `due`/`expected` a schedule rather than a cause or a comparison.
    let beForms = WordSet(["is", "are", "was", "were", "be", "been", "'s", "being"])
    /// Every word `cue(at:)` looks at besides `-ed` forms.
    let anyCue = WordSet(DateWords.futureMarkersList + DateWords.scheduledMarkersList + DateWords.presentBeList
        + DateWords.scheduleParticiplesList + DateWords.intentionMarkersList + DateWords.pastMarkersList + DateWords.pastVerbList
        + ["due"])
    /// Present forms of `be` (`is to visit`, `is holding`).
    static let presentBeList: [String] = ["is", "are", "'re", "am"]
    let presentBe = WordSet(DateWords.presentBeList)
    /// `be` forms before a participle that make it passive or infinitive rather than past (`to be published`).
    let infinitiveBe = WordSet(["be", "being", "been"])
    /// Participles that schedule a date on their own (`the final scheduled for Saturday`).
    static let scheduleParticiplesList: [String] = ["scheduled", "slated", "pencilled", "penciled", "planned", "proposed"]
    let scheduleParticiples = WordSet(DateWords.scheduleParticiplesList)
    /// Verbs of intention that make a nearby date future (`hopes to list in July`).
    static let intentionMarkersList: [String] = [
        "plans", "planning", "intends", "aims", "hopes", "wants", "promised", "pledged", "vowed", "expects", "expect",
        "ahead",
    ]
    let intentionMarkers = WordSet(DateWords.intentionMarkersList)
    /// Words that put a date in the past (`since the Oct. 23 slaying`).
    static let pastMarkersList: [String] = ["since", "ago", "earlier", "previously", "already", "last", "former", "yesterday"]
    let pastMarkers = WordSet(DateWords.pastMarkersList)
    /// Irregular past-tense verbs.
    static let pastVerbList: [String] = [
        "said", "told", "was", "were", "had", "did", "came", "went", "shrank", "swam", "drank", "sprang", "slew", "spread", "took", "made", "gave", "got", "met", "held", "began", "won",
        "lost", "left", "saw", "fell", "rose", "sold", "bought", "paid", "spent", "brought", "thought", "found", "became", "ran",
        "struck", "wrote", "spoke", "broke", "chose", "drove", "flew", "grew", "knew", "threw", "wore", "shot", "fought", "caught",
        "taught", "sought", "led", "fled", "felt", "kept", "sent", "meant", "stood", "forgot", "hid", "drew", "rode", "rang",
        "sang", "sank", "swore", "tore", "woke", "sat", "dealt", "built", "lent", "bent", "slid", "stole", "froze", "swept",
        "wept", "hung", "sprang", "strode", "withdrew", "overtook", "undertook", "upheld", "arose", "awoke", "beat", "bore",
        "shook", "spun", "stuck", "stung", "swung", "understood", "underwent", "wound",
    ]
    let pastVerbs = WordSet(DateWords.pastVerbList)
    /// Words ending in `-ed` that are not past tense.
    let notPastTense = WordSet([
        "need", "speed", "seed", "feed", "breed", "proceed", "exceed", "succeed", "indeed", "hundred", "shed", "bleed", "greed",
        "steed", "weed", "creed", "embed", "scheduled", "planned", "proposed", "expected", "pencilled", "penciled", "based",
        "so-called", "alleged", "armed", "united", "limited", "detailed", "related", "concerned", "interested", "supposed",
        "advanced", "skilled", "sacred", "wicked", "naked", "beloved", "rugged", "ragged",
    ])
    let notProgressive = WordSet(["thing", "nothing", "something", "anything", "everything", "king", "ring", "spring", "string",
                                  "during", "morning", "evening", "according", "including", "building", "meeting", "ceiling"])
    let determiners = WordSet(["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"])
    let yearCues = WordSet(["in", "since", "of", "from", "until", "by", "before", "after", "to", "between", "and", "year", "early", "late", "mid"])
    /// `early`, `late`, `mid` written before a year, month, season or decade (kept in the span).
    let yearModifiers = WordSet(["early", "late", "mid"])
    let decadeLead = WordSet(["the"])
    let theSet = WordSet(["the"])
    /// `the` before `last`/`next`/`past`/`coming` (`the past three years`).
    let relativeLead = WordSet(["the"])
    /// Words after `the past`/`the future`/`at present` that keep it a reference (`in the past decade` is not one).
    let afterReference = WordSet(["and", "or", "but", "as", "when", "where", "with", "to", "for", "of", "is", "was", "will", "has",
                                  "have", "had", "are", "were", "the", "a", "an", "it", "he", "she", "they", "we", "that", "this",
                                  "there", "been", "would", "could", "should", "may", "might", "in", "on", "at", "by", "from"])
    let futureAdjectives = WordSet(["near", "foreseeable", "distant", "immediate"])
    /// Words before a bare season that make it a date (`in spring`, `by the summer`).
    let seasonCues = WordSet(["in", "by", "until", "till", "since", "during", "through", "throughout", "over", "before", "after", "from",
                              "of", "for", "this", "last", "next", "early", "late"])
    /// Words before a lower-case month that make it a date without a day (`in april`).
    let lowercaseMonthCues = WordSet(["in", "since", "until", "last", "next", "this", "during", "by", "early", "late", "mid"])
    /// Words before a two-part numeric date (`on 4/22`).
    let numericDateCues = WordSet(["on", "since", "until", "till", "by", "from", "before", "after", "through", "dated", "of", "to"])
    /// Determiners before a model year (`a 1987 Chevrolet`).
    let modelYearDeterminers = WordSet(["a", "an", "his", "her", "my", "their", "our", "your", "its"])
    let carMakes = WordSet(["chevrolet", "chevy", "ford", "cadillac", "buick", "toyota", "honda", "porsche", "ferrari", "mercedes",
                            "bmw", "volkswagen", "vw", "chrysler", "dodge", "jeep", "pontiac", "oldsmobile", "plymouth", "jaguar",
                            "volvo", "nissan", "mazda", "datsun", "lamborghini", "corvette", "mustang", "camaro", "audi", "fiat",
                            "rolls-royce", "bentley", "aston", "peugeot", "renault", "citroen", "saab", "subaru", "hyundai", "kia",
                            "lexus", "model", "vintage"])
    /// Words before an amount that make it an age (`aged 52 years`).
    let ageCues = WordSet(["aged", "age", "ages"])
    /// Words before an amount that make it a rate or repetition (`twice a week`, `every two weeks`).
    let rateCues = WordSet(["every", "each", "per", "once", "twice", "thrice", "times"])
    /// Nouns before `a day`/`an hour` that make it a rate (`30 miles an hour`, `calories a day`).
    let rateNouns = WordSet(["miles", "kilometres", "kilometers", "km", "dollars", "pounds", "euros", "people", "calories",
                             "cigarettes", "times", "barrels", "litres", "liters", "meals", "hours", "shifts", "cents", "units"])
    /// Words before `a`/`an` + unit that make it a duration (`for an hour`, `more than a year`).
    let durationCues = WordSet([
        "for", "in", "within", "over", "about", "around", "nearly", "almost", "than", "only", "just", "least", "after", "spent",
        "took", "takes", "take", "lasted", "lasts", "last", "wait", "waited", "half", "under", "up", "barely", "roughly", "some",
        "another", "quarter", "of", "during", "throughout", "past", "once", "full", "whole", "entire", "extra", "additional", "by",
    ])
    let vagueAmounts = WordSet(["several", "few", "many"])
    let ordinalSuffixes = WordSet(["st", "nd", "rd", "th"])
    let agoKey = WordKey.of("ago")
    let dueKey = WordKey.of("due")
    let toKey = WordKey.of("to")
    let ofKey = WordKey.of("of")
    let perKey = WordKey.of("per")
    let andKey = WordKey.of("and")
    let theKey = WordKey.of("the")
    let aKey = WordKey.of("a")
    let anKey = WordKey.of("an")
    let atKey = WordKey.of("at")
    let inKey = WordKey.of("in")
    let fromKey = WordKey.of("from")
    let nowKey = WordKey.of("now")
    let oneKey = WordKey.of("one")
    let sKey = WordKey.of("s")
    let dayKey = WordKey.of("day")
    let daysKey = WordKey.of("days")
    let theseKey = WordKey.of("these")
    let yearKey = WordKey.of("year")
    let afterKey = WordKey.of("after")
    let beforeKey = WordKey.of("before")
    let earlierKey = WordKey.of("earlier")
    let tonightKey = WordKey.of("tonight")
    let weekendKey = WordKey.of("weekend")
    let pastKey = WordKey.of("past")
    let recentKey = WordKey.of("recent")
    let futureKey = WordKey.of("future")
    let presentKey = WordKey.of("present")
    let momentKey = WordKey.of("moment")
    let quarterKey = WordKey.of("quarter")
    let halfKey = WordKey.of("half")
    let fiscalKey = WordKey.of("fiscal")
    let centuryKey = WordKey.of("century")
    let fallKey = WordKey.of("fall")
    let oldKey = WordKey.of("old")
    let ageKey = WordKey.of("age")
    let coupleKey = WordKey.of("couple")
    let fewKey = WordKey.of("few")
    let forKey = WordKey.of("for")
    let weekKey = WordKey.of("week")
    let lastKey = WordKey.of("last")
    /// Words before `the weekend` that make it a date.
    let weekendCues = WordSet(["over", "at", "during", "on", "for", "until", "by", "since", "after", "before", "through", "throughout"])
    /// Plural nouns after a four-digit number that make it a count (`2000 people`).
    let countNouns = WordSet([
        "people", "men", "women", "children", "jobs", "workers", "troops", "soldiers", "homes", "houses", "cars", "votes", "units",
        "tonnes", "tons", "staff", "employees", "students", "residents", "cases", "deaths", "copies", "pupils", "patients", "fans",
        "passengers", "members", "families", "acres", "miles", "feet", "metres", "meters", "km", "kilometres", "police", "officers",
        "protesters", "voters", "customers", "users", "shares", "barrels", "points", "runs", "yards", "words", "pages",
    ])
}
