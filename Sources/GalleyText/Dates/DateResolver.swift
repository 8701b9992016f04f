/// The outcome of resolving a date expression: an ISO value or the reason there is none.
public enum DateResolution: Sendable, Equatable {
    /// A TIMEX3 value: `2025-01-20`, `2024-W48`, `2024-08`, `2024-Q3`, `2024-SU`, `1953`, `199`, `PRESENT_REF`, `P2Y`.
    case value(String)
    /// Why no value could be given.
    case unresolved(reason: String)

    /// The value when resolved.
    public var value: String? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// Resolves date expressions against a publication date, to TIMEX3 values.
///
/// Rules: a recurring date without a year (a month, a month-day, a quarter, a season, a week of a month) takes the
/// occurrence the tense around it points to — the latest not after publication in past tense, the earliest not
/// before it in future tense, the nearest when no verb says; a weekday without a tense is the past one; `last`/`next`
/// are strictly before/after; weeks resolve to ISO weeks (`2024-W48`). Durations, decades, centuries and the
/// present/past/future references need no publication date.
public enum DateResolver {
    /// Resolves one expression; `published` is the document's publication day, when known.
    ///
    /// A value whose year falls outside 0000–9999 (`999999999999 days ago`, `last summer` seen from 0000-01-15) is
    /// unresolved with a reason rather than written as a negative or overlong year; a `published` that is no calendar
    /// day (`2024-13-45`) resolves nothing relative.
    public static func resolve(_ expression: DateExpression, published: CalendarDate?) -> DateResolution {
        if let published, !isCalendarDay(published), needsPublished(expression) {
            return .unresolved(reason: "the published date \(published.isoDay) is not a calendar day")
        }
        return unchecked(expression, published: published)
    }

    /// Whether resolving `expression` reads the publication date.
    static func needsPublished(_ expression: DateExpression) -> Bool {
        switch expression {
        case .day, .monthOfYear, .year, .decade, .century, .reference, .duration, .quarter(_, .absolute), .half(_, .absolute),
             .season(_, .absolute), .weekOfMonth(_, _, .absolute):
            return false
        case .partOfDay(let base, _):
            return needsPublished(base)
        default:
            return true
        }
    }

    /// Whether a date is a real day of a year 0000–9999.
    static func isCalendarDay(_ date: CalendarDate) -> Bool {
        (0...9999).contains(date.year) && (1...12).contains(date.month)
            && (1...CalendarDate.daysIn(month: date.month, year: date.year)).contains(date.day)
    }

    static let outOfRange = DateResolution.unresolved(reason: "the date falls outside the years 0000-9999")

    /// Counts from publication beyond this many units leave 0000–9999 whatever the unit: clamped to it, the
    /// arithmetic below cannot overflow and the result is still out of range.
    static let maxOffset = 100_000_000

    /// `ordinal` (year × period + slot) split into year and slot, rounding toward minus infinity.
    static func split(_ ordinal: Int, period: Int) -> (year: Int, slot: Int) {
        let slot = ((ordinal % period) + period) % period
        return ((ordinal - slot) / period, slot)
    }

    /// A day value, unless its year is out of range.
    static func dayValue(_ date: CalendarDate) -> DateResolution {
        (0...9999).contains(date.year) ? .value(date.isoDay) : outOfRange
    }

    /// A value for a year and a period's slot, unless the year is out of range.
    static func slotValue(_ ordinal: Int, period: Int, _ text: (_ year: String, _ slot: Int) -> String) -> DateResolution {
        let (year, slot) = split(ordinal, period: period)
        return (0...9999).contains(year) ? .value(text(CalendarDate.pad(year, 4), slot)) : outOfRange
    }

    /// Whether the years an expression states itself fit 0000–9999 (decades 000–999, centuries 00–99).
    static func statesYearsInRange(_ expression: DateExpression) -> Bool {
        switch expression {
        case .day(let year, _, _), .monthOfYear(let year, _), .year(let year), .quarter(_, .absolute(let year)),
             .half(_, .absolute(let year)), .season(_, .absolute(let year)), .weekOfMonth(_, _, .absolute(let year)):
            return (0...9999).contains(year)
        case .decade(let decade): return (0...999).contains(decade)
        case .century(let century): return (0...99).contains(century)
        case .partOfDay(let base, _): return statesYearsInRange(base)
        default: return true
        }
    }

    static func unchecked(_ expression: DateExpression, published: CalendarDate?) -> DateResolution {
        guard statesYearsInRange(expression) else { return outOfRange }
        switch expression {
        case .day(let year, let month, let day):
            return .value(CalendarDate(year: year, month: month, day: day).isoDay)
        case .monthOfYear(let year, let month):
            return .value(monthValue(year: year, month: month))
        case .year(let year):
            return .value(CalendarDate.pad(year, 4))
        case .decade(let decade):
            return .value(CalendarDate.pad(decade, 3))
        case .century(let century):
            return .value(CalendarDate.pad(century, 2))
        case .reference(let value), .duration(let value):
            return .value(value)
        case .quarter(let quarter, .absolute(let year)):
            return .value("\(CalendarDate.pad(year, 4))-Q\(quarter)")
        case .half(let half, .absolute(let year)):
            return .value("\(CalendarDate.pad(year, 4))-H\(half)")
        case .season(let season, .absolute(let year)):
            return .value("\(CalendarDate.pad(year, 4))-\(season.code)")
        case .weekOfMonth(let ordinal, let month, .absolute(let year)):
            return weekOfMonth(ordinal, month: month, year: year)
        case .partOfDay(let base, let code):
            switch unchecked(base, published: published) {
            case .value(let day): return .value("\(day)T\(code)")
            case .unresolved(let reason): return .unresolved(reason: reason)
            }
        default:
            break
        }
        guard let published else {
            return .unresolved(reason: "relative date needs the document's published date, which is missing")
        }
        switch expression {
        case .monthDay(let month, let day, let direction):
            let candidates = (published.year - 1...published.year + 1).compactMap { year -> CalendarDate? in
                day <= CalendarDate.daysIn(month: month, year: year) ? CalendarDate(year: year, month: month, day: day) : nil
            }
            let here = published.dayNumber
            let chosen: CalendarDate?
            switch direction {
            case .past, .previous: chosen = candidates.last { $0.dayNumber <= here }
            case .future, .next: chosen = candidates.first { $0.dayNumber >= here }
            case .nearest, .current: chosen = candidates.min { abs($0.dayNumber - here) < abs($1.dayNumber - here) }
            }
            return chosen.map(dayValue) ?? .unresolved(reason: "no such day")
        case .month(let month, let direction):
            let ordinal = pick(published.year * 12 + published.month - 1, period: 12, slot: month - 1, direction)
            return slotValue(ordinal, period: 12) { year, slot in "\(year)-\(CalendarDate.pad(slot + 1, 2))" }
        case .quarter(let quarter, let reference):
            let ordinal = place(published.year * 4 + (published.month - 1) / 3, period: 4, slot: quarter - 1, reference, published)
            return slotValue(ordinal, period: 4) { year, slot in "\(year)-Q\(slot + 1)" }
        case .half(let half, let reference):
            let ordinal = place(published.year * 2 + (published.month - 1) / 6, period: 2, slot: half - 1, reference, published)
            return slotValue(ordinal, period: 2) { year, slot in "\(year)-H\(slot + 1)" }
        case .season(let season, let reference):
            let ordinal = place(seasonOrdinal(of: published), period: 4, slot: season.rawValue, reference, published)
            return slotValue(ordinal, period: 4) { year, slot in "\(year)-\(Season(rawValue: slot)?.code ?? "SP")" }
        case .weekOfMonth(let ordinal, let month, let reference):
            let (year, slot) = split(place(published.year * 12 + published.month - 1, period: 12, slot: month - 1, reference, published), period: 12)
            guard (0...9999).contains(year) else { return outOfRange }
            return weekOfMonth(ordinal, month: slot + 1, year: year)
        case .relative(let grain, let offset):
            let offset = max(-maxOffset, min(maxOffset, offset))
            switch grain {
            case .day:
                return dayValue(published.adding(days: offset))
            case .week:
                return weekResolution(published.adding(days: 7 * offset))
            case .month:
                return slotValue(published.year * 12 + (published.month - 1) + offset, period: 12) { year, slot in
                    "\(year)-\(CalendarDate.pad(slot + 1, 2))"
                }
            case .quarter:
                return slotValue(published.year * 4 + (published.month - 1) / 3 + offset, period: 4) { year, slot in "\(year)-Q\(slot + 1)" }
            case .year:
                let year = published.year + offset
                return (0...9999).contains(year) ? .value(CalendarDate.pad(year, 4)) : outOfRange
            case .century:
                let century = published.year / 100 + offset
                return (0...99).contains(century) ? .value(CalendarDate.pad(century, 2)) : outOfRange
            default:
                return .unresolved(reason: "unsupported relative grain \(grain.rawValue)")
            }
        case .weekend(let direction):
            // The weekend of the publication's ISO week (a Sunday's weekend is the one it ends); a past weekend seen
            // from a weekday is the one before.
            let onWeekend = published.weekday >= 6
            let weeks: Int
            switch direction {
            case .current, .nearest, .future: weeks = 0
            case .previous: weeks = -1
            case .next: weeks = 1
            case .past: weeks = onWeekend ? 0 : -1
            }
            return weekResolution(published.adding(days: 7 * weeks), suffix: "-WE")
        case .weekday(let weekday, let direction):
            let delta = weekday - published.weekday
            let days: Int
            switch direction {
            case .past, .nearest: days = delta <= 0 ? delta : delta - 7
            case .previous: days = delta < 0 ? delta : delta - 7
            case .future: days = delta >= 0 ? delta : delta + 7
            case .next: days = delta > 0 ? delta : delta + 7
            case .current: days = delta
            }
            return dayValue(published.adding(days: days))
        default:
            return .unresolved(reason: "unsupported expression")
        }
    }

    /// The ordinal (year × period + slot) of a recurring slot from the publication's ordinal `here`.
    static func pick(_ here: Int, period: Int, slot: Int, _ direction: DateDirection) -> Int {
        let base = split(here, period: period).year * period + slot
        switch direction {
        case .past: return base > here ? base - period : base
        case .future: return base < here ? base + period : base
        case .previous: return base >= here ? base - period : base
        case .next: return base <= here ? base + period : base
        case .current: return base
        case .nearest:
            let candidates = [base - period, base, base + period]
            return candidates.min { abs($0 - here) < abs($1 - here) || (abs($0 - here) == abs($1 - here) && $0 < $1) }!
        }
    }

    /// Like `pick`, for a slot whose year is stated relative to publication or implied by a direction.
    static func place(_ here: Int, period: Int, slot: Int, _ reference: YearReference, _ published: CalendarDate) -> Int {
        switch reference {
        case .absolute(let year): return max(-maxOffset, min(maxOffset, year)) * period + slot
        case .relative(let offset): return (split(here, period: period).year + max(-maxOffset, min(maxOffset, offset))) * period + slot
        case .implied(let direction): return pick(here, period: period, slot: slot, direction)
        }
    }

    /// Seasons counted from year 0 spring; January and February belong to the winter that began the December before.
    static func seasonOrdinal(of date: CalendarDate) -> Int {
        switch date.month {
        case 3...5: return date.year * 4
        case 6...8: return date.year * 4 + 1
        case 9...11: return date.year * 4 + 2
        case 12: return date.year * 4 + 3
        default: return (date.year - 1) * 4 + 3
        }
    }

    /// The ISO week holding the n-th Thursday of a month (so most of the week is in the month); −1 is the last.
    static func weekOfMonth(_ ordinal: Int, month: Int, year: Int) -> DateResolution {
        guard (0...9999).contains(year), (1...12).contains(month) else { return outOfRange }
        let first = CalendarDate(year: year, month: month, day: 1)
        let firstThursday = first.adding(days: (4 - first.weekday + 7) % 7)
        let thursday: CalendarDate
        if ordinal == -1 {
            let last = CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
            thursday = last.adding(days: -((last.weekday - 4 + 7) % 7))
        } else {
            thursday = firstThursday.adding(days: 7 * (ordinal - 1))
            guard thursday.month == month else { return .unresolved(reason: "the month has no such week") }
        }
        return weekResolution(thursday)
    }

    /// The ISO week of a day (and `suffix`), unless its week-numbering year is out of range.
    static func weekResolution(_ date: CalendarDate, suffix: String = "") -> DateResolution {
        (-1...10000).contains(date.year) && (0...9999).contains(date.isoWeek.year) ? .value(weekValue(date) + suffix) : outOfRange
    }

    static func weekValue(_ date: CalendarDate) -> String {
        let week = date.isoWeek
        return "\(CalendarDate.pad(week.year, 4))-W\(CalendarDate.pad(week.week, 2))"
    }

    static func monthValue(year: Int, month: Int) -> String {
        "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))"
    }
}
