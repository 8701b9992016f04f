/// The outcome of resolving a date expression: an ISO value or the reason there is none.
public enum DateResolution: Sendable, Equatable {
    /// An ISO 8601 value: `2025-01-20`, `2024-W48`, `2024-08` or `1953`.
    case value(String)
    /// Why no value could be given.
    case unresolved(reason: String)

    /// The value when resolved.
    public var value: String? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// Resolves date expressions against a publication date.
///
/// Rules: a month-day without a year takes the occurrence nearest to publication; a bare month the latest
/// occurrence not after the publication month (the earliest not before it in future tense); `last`/`next`
/// months and weekdays are strictly before/after; weeks resolve to ISO weeks (`2024-W48`).
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
        default:
            break
        }
        guard let published else {
            return .unresolved(reason: "relative date needs the document's published date, which is missing")
        }
        switch expression {
        case .monthDay(let month, let day):
            let candidates = (published.year - 1...published.year + 1).compactMap { year -> CalendarDate? in
                day <= CalendarDate.daysIn(month: month, year: year) ? CalendarDate(year: year, month: month, day: day) : nil
            }
            let nearest = candidates.min { abs($0.dayNumber - published.dayNumber) < abs($1.dayNumber - published.dayNumber) }
            return nearest.map { .value($0.isoDay) } ?? .unresolved(reason: "no such day")
        case .month(let month, let direction):
            var year = published.year
            switch direction {
            case .past, .nearest: if month > published.month { year -= 1 }
            case .future: if month < published.month { year += 1 }
            case .previous: if month >= published.month { year -= 1 }
            case .next: if month <= published.month { year += 1 }
            case .current: break
            }
            return .value(monthValue(year: year, month: month))
        case .relative(let grain, let offset):
            switch grain {
            case .day:
                return .value(published.adding(days: offset).isoDay)
            case .week:
                let week = published.adding(days: 7 * offset).isoWeek
                return .value("\(CalendarDate.pad(week.year, 4))-W\(CalendarDate.pad(week.week, 2))")
            case .month:
                let total = published.year * 12 + (published.month - 1) + offset
                return .value(monthValue(year: total / 12, month: total % 12 + 1))
            case .year:
                return .value(CalendarDate.pad(published.year + offset, 4))
            }
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

    static func monthValue(year: Int, month: Int) -> String {
        "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))"
    }
}
