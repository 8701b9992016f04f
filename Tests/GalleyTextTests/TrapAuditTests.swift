import Foundation
import Testing
@testable import GalleyText

/// Inputs that once reached a Swift runtime trap (which kills the whole run) in GalleyText, each now giving a sane
/// value or a reason (issue 12).
struct TrapAuditTests {
    static let outOfRange = DateResolution.unresolved(reason: "the date falls outside the years 0000-9999")

    /// `Season(rawValue: ordinal % 4)!` trapped on a negative ordinal: a season before the year 0000.
    @Test func aSeasonBeforeTheYearZeroIsOutOfRangeNotATrap() {
        let published = CalendarDate(year: 0, month: 1, day: 15)
        let mentions = DateExtractor.dates(in: "Last summer was hot.")
        #expect(mentions.map(\.text) == ["Last summer"])
        #expect(mentions.map { DateResolver.resolve($0.expression, published: published) } == [Self.outOfRange])
        #expect(DateResolver.resolve(.season(.summer, .implied(.past)), published: published) == Self.outOfRange)
        #expect(DateResolver.resolve(.season(.winter, .implied(.nearest)), published: published) == Self.outOfRange)
        // The same seen from a later year still resolves, and the winter of January is the one begun in December.
        #expect(DateResolver.resolve(.season(.summer, .implied(.past)), published: CalendarDate(year: 2024, month: 1, day: 15)) == .value("2023-SU"))
        #expect(DateResolver.resolve(.season(.winter, .implied(.nearest)), published: CalendarDate(year: 2024, month: 1, day: 15)) == .value("2023-WI"))
    }

    /// Months and quarters before 0000 were written as `0000-00` (a negative remainder as the month).
    @Test func monthsAndQuartersBeforeTheYearZeroAreOutOfRange() {
        let published = CalendarDate(year: 0, month: 1, day: 15)
        #expect(DateResolver.resolve(.month(12, .past), published: published) == Self.outOfRange)
        #expect(DateResolver.resolve(.relative(.month, offset: -1), published: published) == Self.outOfRange)
        #expect(DateResolver.resolve(.relative(.quarter, offset: -1), published: published) == Self.outOfRange)
        #expect(DateResolver.resolve(.relative(.month, offset: 0), published: published) == .value("0000-01"))
        #expect(DateResolver.resolve(.month(1, .past), published: published) == .value("0000-01"))
    }

    /// Counts from publication as large as the extractor reads (12 digits) gave years of ten digits; `Int.max`
    /// days (public API) overflowed `dayNumber + days`.
    @Test func hugeCountsFromPublicationAreOutOfRange() {
        let published = CalendarDate(year: 2024, month: 11, day: 24)
        let mentions = DateExtractor.dates(in: "It happened 999999999999 days ago, and 999999999999 years ago.")
        #expect(mentions.map(\.text) == ["999999999999 days ago", "999999999999 years ago"])
        #expect(mentions.map { DateResolver.resolve($0.expression, published: published) } == [Self.outOfRange, Self.outOfRange])
        for grain in [DateGrain.day, .week, .month, .quarter, .year, .century] {
            #expect(DateResolver.resolve(.relative(grain, offset: .max), published: published) == Self.outOfRange, "\(grain)")
            #expect(DateResolver.resolve(.relative(grain, offset: .min), published: published) == Self.outOfRange, "\(grain)")
        }
        #expect(DateResolver.resolve(.quarter(2, .relative(.max)), published: published) == Self.outOfRange)
        #expect(DateResolver.resolve(.weekOfMonth(1, month: 3, .relative(.min)), published: published) == Self.outOfRange)
        #expect(DateResolver.resolve(.relative(.day, offset: 3), published: published) == .value("2024-11-27"))
        #expect(DateResolver.resolve(.relative(.week, offset: -1), published: published) == .value("2024-W46"))
    }

    /// A `published` field like `2024-13-45` reached the resolver as month 13: nothing relative resolves against it.
    @Test func aPublishedDateThatIsNoCalendarDayResolvesNothingRelative() {
        let published = CalendarDate(year: 2024, month: 13, day: 45)
        let reason = DateResolution.unresolved(reason: "the published date 2024-13-45 is not a calendar day")
        #expect(DateResolver.resolve(.month(3, .past), published: published) == reason)
        #expect(DateResolver.resolve(.season(.fall, .implied(.past)), published: published) == reason)
        #expect(DateResolver.resolve(.partOfDay(.relative(.day, offset: -1), "MO"), published: published) == reason)
        // What needs no publication date still resolves.
        #expect(DateResolver.resolve(.year(1999), published: published) == .value("1999"))
        #expect(DateResolver.resolve(.partOfDay(.day(year: 2024, month: 2, day: 29), "EV"), published: published) == .value("2024-02-29TEV"))
    }

    /// Tokens hold Int32 offsets: `Int32(i)` trapped on a text of more than 2 GiB (`max_bytes` allows 4 GB). The
    /// tokenizer stops at its limit; here lowered to 8 bytes to show where.
    @Test func theTokenizerStopsAtItsByteLimit() {
        let tokens = Tokenizer.tokenize(Array("alpha beta gamma".utf8), limit: 8)
        #expect(tokens.map { [Int($0.start), Int($0.end)] } == [[0, 5], [6, 8]])
        #expect(Tokenizer.tokenize(Array("alpha".utf8), limit: -1).isEmpty)
        #expect(Tokenizer.maxBytes == Int(Int32.max))
    }

    /// The scalar-offset table counted in Int32 too: past `Int32.max` bytes it keeps a checkpoint every 64 bytes
    /// instead, giving the same offsets.
    @Test func scalarOffsetsPastTheTableLimitMatchTheTable() {
        let text = String(repeating: "Zoë, 東京 and 🙂 — ", count: 20)
        let bytes = Array(text.utf8)
        let table = ScalarOffsets(utf8: bytes)
        let sparse = ScalarOffsets(utf8: bytes, tableLimit: 0)
        #expect(!sparse.isIdentity)
        #expect((0...bytes.count).map(sparse.scalarOffset(ofByte:)) == (0...bytes.count).map(table.scalarOffset(ofByte:)))
        #expect(sparse.scalarOffset(ofByte: bytes.count) == text.unicodeScalars.count)
        #expect(ScalarOffsets(utf8: Array("plain".utf8), tableLimit: 0).isIdentity)
    }

    /// A damaged model header (bucket count 2^31, tag count 2^32−1) overflowed `buckets * tagCount * 2` before the
    /// tag count was checked.
    @Test func aModelHeaderWithHugeCountsIsDamagedNotATrap() {
        var bytes = Array("GNER".utf8)
        for value: UInt32 in [2, 1 << 31, .max, 0x3F80_0000, .max] {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        do {
            _ = try EntityModel(data: Data(bytes), name: "bad.model")
            Issue.record("a damaged header was read as a model")
        } catch {
            #expect("\(error)" == "'bad.model' is damaged: its size does not match its header")
        }
    }

    /// The whole class: every kind of expression, with extreme counts and slots, against publication dates at and
    /// past the ends of 0000–9999 and with impossible months and days, resolves to a value of a four-digit year (or
    /// a duration, a reference, a decade, a century) or to a reason, and never traps.
    @Test func everyExpressionAgainstEveryExtremePublicationResolvesSanely() {
        let directions: [DateDirection] = [.nearest, .past, .future, .previous, .next, .current]
        let counts = [Int.min, -100_000_001, -12_000, -1, 0, 1, 7, 12_000, 100_000_001, Int.max]
        var references: [YearReference] = directions.map { .implied($0) }
        references += counts.map { .relative($0) } + [.absolute(0), .absolute(9999), .absolute(-5), .absolute(Int.max)]
        var expressions: [DateExpression] = []
        for direction in directions {
            expressions += [.monthDay(month: 2, day: 29, direction), .month(1, direction), .month(12, direction), .weekday(1, direction),
                            .weekday(7, direction), .weekend(direction)]
        }
        for reference in references {
            expressions += [.quarter(1, reference), .quarter(4, reference), .half(2, reference), .season(.spring, reference),
                            .season(.winter, reference), .weekOfMonth(-1, month: 12, reference), .weekOfMonth(5, month: 1, reference)]
        }
        for grain in [DateGrain.day, .week, .month, .quarter, .year, .century] {
            expressions += counts.map { .relative(grain, offset: $0) }
        }
        expressions += expressions.map { .partOfDay($0, "MO") }
        let publications = [(0, 1, 1), (0, 1, 15), (0, 2, 29), (9999, 12, 31), (9999, 12, 28), (2024, 2, 29), (2024, 13, 45), (2024, 0, 0),
                            (-1, 6, 1), (10_000, 1, 1), (Int.max, 1, 1), (Int.min, 12, 31)]
        var resolved = 0
        for (year, month, day) in publications {
            for expression in expressions {
                switch DateResolver.resolve(expression, published: CalendarDate(year: year, month: month, day: day)) {
                case .value(let value):
                    resolved += 1
                    let head = value.prefix { $0 != "-" && $0 != "T" }
                    let century: Bool
                    if case .relative(.century, _) = expression { century = true } else if case .partOfDay(.relative(.century, _), _) = expression {
                        century = true
                    } else {
                        century = false
                    }
                    #expect(head.count == (century ? 2 : 4) && head.allSatisfy { $0.isASCII && $0.isNumber } || value.hasPrefix("P") || value.hasSuffix("_REF"),
                            "\(expression) from \(year)-\(month)-\(day) gave \(value)")
                case .unresolved(let reason):
                    #expect(!reason.isEmpty)
                }
            }
        }
        #expect(resolved > 1000)
    }
}
