import Testing
@testable import GalleyText

/// (text, grain, resolved value) of every date expression in a text.
private func resolved(_ text: String, published: CalendarDate? = seedPublished) -> [String] {
    DateExtractor.dates(in: text).map {
        "\($0.text)|\($0.grain.rawValue)|\(DateResolver.resolve($0.expression, published: published).value ?? "-")"
    }
}

@Test func seedDates() {
    let found = resolved(seedText)
    #expect(found == [
        "November 24, 2024|day|2024-11-24",
        "August|month|2024-08",
        "January 20|day|2025-01-20",
        "October|month|2024-10",
        "1953|year|1953",
        "last month|month|2024-10",
        "2023|year|2023",
        "ten years|duration|P10Y",
        "24 Hrs|duration|PT24H",
    ])
    for mention in DateExtractor.dates(in: seedText) { #expect(slice(seedText, mention.start, mention.end) == mention.text) }
}

@Test func absoluteDayForms() {
    #expect(resolved("Signed 20 January 2025, filed January 20th, 2025 and due 3rd of March 2026.") == [
        "20 January 2025|day|2025-01-20", "January 20th, 2025|day|2025-01-20", "3rd of March 2026|day|2026-03-03",
    ])
}

@Test func monthDayTakesTheNearestYear() {
    #expect(resolved("before January 20 and since November 2") == ["January 20|day|2025-01-20", "November 2|day|2024-11-02"])
    #expect(resolved("on Dec. 30", published: CalendarDate(year: 2025, month: 1, day: 3)) == ["Dec. 30|day|2024-12-30"])
}

@Test func bareMonthsLookBackUnlessTheSentenceIsFuture() {
    #expect(resolved("It happened in December.") == ["December|month|2023-12"])
    #expect(resolved("Talks will resume in February.") == ["February|month|2025-02"])
    #expect(resolved("last August and next March") == ["last August|month|2024-08", "next March|month|2025-03"])
    #expect(resolved("in August 2019") == ["August 2019|month|2019-08"])
}

@Test func mayAndMarchNeedADateContext() {
    #expect(resolved("Theresa May said troops may march on.").isEmpty)
    #expect(resolved("The vote in May was close. By March it was over. On May 5 it began.") ==
        ["May|month|2024-05", "March|month|2024-03", "May 5|day|2024-05-05"])
}

@Test func relativeExpressions() {
    #expect(resolved("yesterday, today and tomorrow") ==
        ["yesterday|day|2024-11-23", "today|day|2024-11-24", "tomorrow|day|2024-11-25"])
    #expect(resolved("last month, this month, next week, last year and next year") == [
        "last month|month|2024-10", "this month|month|2024-11", "next week|week|2024-W48", "last year|year|2023", "next year|year|2025",
    ])
    #expect(resolved("three days ago and 2 years ago") == ["three days ago|day|2024-11-21", "2 years ago|year|2022"])
}

@Test func weekdaysFollowTense() {
    // 2024-11-24 is a Sunday.
    #expect(resolved("He resigned on Friday.") == ["Friday|day|2024-11-22"])
    #expect(resolved("She will speak on Tuesday.") == ["Tuesday|day|2024-11-26"])
    #expect(resolved("last Monday and next Monday") == ["last Monday|day|2024-11-18", "next Monday|day|2024-11-25"])
}

@Test func yearsAreDatesNotQuantities() {
    #expect(resolved("In 2023, unlike 1953, sales were 2,000 units worth $2000.") == ["2023|year|2023", "1953|year|1953"])
}

@Test func withoutAPublishedDateRelativeExpressionsSayWhy() {
    let found = DateExtractor.dates(in: "In 1953 and on 20 January 2025, then last month and in October.")
    let results = found.map { DateResolver.resolve($0.expression, published: nil) }
    #expect(results[0] == .value("1953"))
    #expect(results[1] == .value("2025-01-20"))
    #expect(results[2].value == nil && results[3].value == nil)
    if case .unresolved(let reason) = results[2] { #expect(reason.contains("published")) } else { Issue.record("expected a reason") }
}

@Test func calendarArithmetic() {
    let day = CalendarDate(year: 2024, month: 2, day: 28)
    #expect(day.adding(days: 1).isoDay == "2024-02-29")
    #expect(day.adding(days: 2).isoDay == "2024-03-01")
    #expect(CalendarDate(year: 2024, month: 11, day: 24).weekday == 7)
    #expect(CalendarDate(year: 2021, month: 1, day: 3).isoWeek == (2020, 53))
    #expect(CalendarDate(iso: "2024-11-24T22:33:00") == CalendarDate(year: 2024, month: 11, day: 24))
    #expect(CalendarDate(iso: "2024-13-01") == nil)
}

@Test func expectedAndDueLookAhead() {
    #expect(resolved("More rain was expected on Monday.") == ["Monday|day|2024-11-25"])
    #expect(resolved("Work is due to start in September.", published: CalendarDate(year: 2024, month: 3, day: 14)) ==
        ["September|month|2024-09"])
    #expect(resolved("Work started in September.", published: CalendarDate(year: 2024, month: 3, day: 14)) ==
        ["September|month|2023-09"])
}

@Test func tenseInsideAQuotationDoesNotCount() {
    #expect(resolved("“We will win,” said the coach on Friday.") == ["Friday|day|2024-11-22"])
}

@Test func partOfMonthWords() {
    #expect(resolved("Talks stalled in mid-October, as they did in early-December.") ==
        ["mid-October|month|2024-10", "early-December|month|2023-12"])
    #expect(resolved("Talks will resume by mid-January.") == ["mid-January|month|2025-01"])
}

@Test func tenseAroundAQuotationStillCounts() {
    #expect(resolved("The bank would \"look carefully at every figure\" before cutting rates in June.",
                     published: CalendarDate(year: 2025, month: 3, day: 6)) == ["June|month|2025-06"])
}

@Test func weakFutureWordsOnlyCountNextToTheDate() {
    #expect(resolved("It expected further gains in the second quarter of the year after good January sales.",
                     published: CalendarDate(year: 2005, month: 3, day: 1)) == ["the second quarter of the year|quarter|2005-Q2", "January|month|2005-01"])
    #expect(resolved("\"Money has moved out in the first weeks of January and this should reverse,\" he said.",
                     published: CalendarDate(year: 2005, month: 3, day: 1)) == ["January|month|2005-01"])
}

@Test func comparisonsAreNotTheFuture() {
    #expect(resolved("Firms created more jobs than expected in October.") == ["October|month|2024-10"])
    #expect(resolved("The outlook, due to be published in April, is gloomy.") == ["April|month|2025-04"])
}

@Test func scheduledAndIntendedDatesLookAhead() {
    #expect(resolved("Coach Matt Williams is due to name his match-day 22 on Thursday.") == ["Thursday|day|2024-11-28"])
    #expect(resolved("Due to the Thanksgiving holiday, the film opened on Wednesday.") == ["Wednesday|day|2024-11-20"])
    #expect(resolved("The company hopes to be back on the exchange in July.") == ["July|month|2025-07"])
}

@Test func newspaperNamesAreNotWeekdays() {
    #expect(resolved("She topped the Sunday Times rich list. On Sunday Tony Blair spoke.") == ["Sunday|day|2024-11-24"])
}

@Test func partOfMonthWithAYearAndScheduledParticiples() {
    #expect(resolved("It needs a deal by mid-January 2005.") == ["mid-January 2005|month|2005-01"])
    #expect(resolved("The heats are today with the final scheduled for Saturday.") == ["today|day|2024-11-24", "Saturday|day|2024-11-30"])
}
