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
    public static func resolve(_ expression: DateExpression, published: CalendarDate?) -> DateResolution {
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
            switch resolve(base, published: published) {
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
            return chosen.map { .value($0.isoDay) } ?? .unresolved(reason: "no such day")
        case .month(let month, let direction):
            let ordinal = pick(published.year * 12 + published.month - 1, period: 12, slot: month - 1, direction)
            return .value(monthValue(year: ordinal / 12, month: ordinal % 12 + 1))
        case .quarter(let quarter, let reference):
            let ordinal = place(published.year * 4 + (published.month - 1) / 3, period: 4, slot: quarter - 1, reference, published)
            return .value("\(CalendarDate.pad(ordinal / 4, 4))-Q\(ordinal % 4 + 1)")
        case .half(let half, let reference):
            let ordinal = place(published.year * 2 + (published.month - 1) / 6, period: 2, slot: half - 1, reference, published)
            return .value("\(CalendarDate.pad(ordinal / 2, 4))-H\(ordinal % 2 + 1)")
        case .season(let season, let reference):
            let ordinal = place(seasonOrdinal(of: published), period: 4, slot: season.rawValue, reference, published)
            return .value("\(CalendarDate.pad(ordinal / 4, 4))-\(Season(rawValue: ordinal % 4)!.code)")
        case .weekOfMonth(let ordinal, let month, let reference):
            let monthOrdinal = place(published.year * 12 + published.month - 1, period: 12, slot: month - 1, reference, published)
            return weekOfMonth(ordinal, month: monthOrdinal % 12 + 1, year: monthOrdinal / 12)
        case .relative(let grain, let offset):
            switch grain {
            case .day:
                return .value(published.adding(days: offset).isoDay)
            case .week:
                return .value(weekValue(published.adding(days: 7 * offset)))
            case .month:
                let total = published.year * 12 + (published.month - 1) + offset
                return .value(monthValue(year: total / 12, month: total % 12 + 1))
            case .quarter:
                let total = published.year * 4 + (published.month - 1) / 3 + offset
                return .value("\(CalendarDate.pad(total / 4, 4))-Q\(total % 4 + 1)")
            case .year:
                return .value(CalendarDate.pad(published.year + offset, 4))
            case .century:
                return .value(CalendarDate.pad(published.year / 100 + offset, 2))
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
            return .value(weekValue(published.adding(days: 7 * weeks)) + "-WE")
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
            return .value(published.adding(days: days).isoDay)
        default:
            return .unresolved(reason: "unsupported expression")
        }
    }

    /// The ordinal (year × period + slot) of a recurring slot from the publication's ordinal `here`.
    static func pick(_ here: Int, period: Int, slot: Int, _ direction: DateDirection) -> Int {
        let base = here - here % period + slot
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
        case .absolute(let year): return year * period + slot
        case .relative(let offset): return (here / period + offset) * period + slot
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
        return .value(weekValue(thursday))
    }

    static func weekValue(_ date: CalendarDate) -> String {
        let week = date.isoWeek
        return "\(CalendarDate.pad(week.year, 4))-W\(CalendarDate.pad(week.week, 2))"
    }

    static func monthValue(year: Int, month: Int) -> String {
        "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))"
    }
}
