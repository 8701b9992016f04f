import Testing
@testable import GalleyText

/// (text, grain, value) of every date expression in a text, resolved against `published`.
private func found(_ text: String, _ published: String) -> [String] {
    let day = CalendarDate(iso: published)
    return DateExtractor.dates(in: text).map {
        "\($0.text)|\($0.grain.rawValue)|\(DateResolver.resolve($0.expression, published: day).value ?? "-")"
    }
}

// 2024-11-22 is a Friday, 2025-05-14 a Wednesday, 1998-02-10 a Tuesday.

@Test func quartersAndHalves() {
    #expect(found("The bank's profit rose in the third quarter and it expects a weaker fourth quarter.", "2024-11-22") == [
        "the third quarter|quarter|2024-Q3", "fourth quarter|quarter|2024-Q4",
    ])
    #expect(found("Sales in Q3 2024 beat the fourth quarter of 1999 and 2Q 2001.", "2024-11-22") == [
        "Q3 2024|quarter|2024-Q3", "the fourth quarter of 1999|quarter|1999-Q4", "2Q 2001|quarter|2001-Q2",
    ])
    #expect(found("Fourth-quarter earnings fell; the first half of 2023 was better than last quarter.", "1998-02-10") == [
        "Fourth-quarter|quarter|1997-Q4", "the first half of 2023|half|2023-H1", "last quarter|quarter|1997-Q4",
    ])
    #expect(found("Growth will slow in the final quarter of next year.", "2024-11-22") == ["the final quarter of next year|quarter|2025-Q4"])
    // A half without a year is as often a match's as a year's.
    #expect(found("Arsenal scored twice in the second half.", "2024-11-22").isEmpty)
}

@Test func presentPastAndFutureReferences() {
    #expect(found("Prices are now higher than in the past and currently rising.", "2024-11-22") == [
        "now|reference|PRESENT_REF", "the past|reference|PAST_REF", "currently|reference|PRESENT_REF",
    ])
    #expect(found("The firm recently said it has no plans for the near future; at present it is waiting.", "2024-11-22") == [
        "recently|reference|PAST_REF", "the near future|reference|FUTURE_REF", "at present|reference|PRESENT_REF",
    ])
    // `the past three years` is a duration, `walked past` nothing, `Apocalypse Now` a title.
    #expect(found("He walked past the film Apocalypse Now.", "2024-11-22").isEmpty)
}

@Test func seasons() {
    #expect(found("The plant will reopen in spring 2025 after a quiet summer of 2023.", "2024-11-22") == [
        "spring 2025|season|2025-SP", "summer of 2023|season|2023-SU",
    ])
    #expect(found("Last summer was dry; this winter will be wet and the vote is in the autumn.", "2025-05-14") == [
        "Last summer|season|2024-SU", "this winter|season|2025-WI", "the autumn|season|2025-FA",
    ])
    #expect(found("Leaves turned in the fall. Prices will fall in winter. The fall of Rome and the Arab Spring.", "2019-07-01") == [
        "the fall|season|2018-FA", "winter|season|2019-WI",
    ])
}

@Test func decadesAndCenturies() {
    #expect(found("Unemployment peaked in the 1980s, in the mid-1990s and in the '70s, but not in their 90s.", "2024-11-22") == [
        "the 1980s|decade|198", "the mid-1990s|decade|199", "the '70s|decade|197",
    ])
    #expect(found("The church dates from the 19th century and the early 2000s.", "2024-11-22") == [
        "the 19th century|century|18", "the early 2000s|decade|200",
    ])
}

@Test func relativeYearsAndPeriods() {
    #expect(found("Output grew this year, fell the year before and will rise next year.", "2024-11-22") == [
        "this year|year|2024", "the year before|year|2023", "next year|year|2025",
    ])
    #expect(found("Profit doubled from a year earlier and the previous year; the current year looks strong.", "1998-02-10") == [
        "a year earlier|year|1997", "the previous year|year|1997", "the current year|year|1998",
    ])
    #expect(found("Engineers work this weekend; protesters marched last night and will meet this afternoon.", "2024-11-22") == [
        "this weekend|week|2024-W47-WE", "last night|day|2024-11-21TNI", "this afternoon|day|2024-11-22TAF",
    ])
}

@Test func durations() {
    #expect(found("Trading halted for 5 1/2 hours, then for an hour and a half, then for half an hour.", "2024-11-22") == [
        "5 1/2 hours|duration|PT5H30M", "an hour and a half|duration|PT1H30M", "half an hour|duration|PT30M",
    ])
    #expect(found("She flew for an hour, rested for several weeks and signed a two-year deal.", "2024-11-22") == [
        "an hour|duration|PT1H", "several weeks|duration|PXW", "two-year|duration|P2Y",
    ])
    #expect(found("The race took 3h and the surgery 90min; a 10-year bond and a 24-hour strike.", "2024-11-22") == [
        "3h|duration|PT3H", "90min|duration|PT90M", "10-year|duration|P10Y", "24-hour|duration|PT24H",
    ])
    #expect(found("He served two and a half years of a twenty-five-year term over the past three years.", "2024-11-22") == [
        "two and a half years|duration|P2Y6M", "twenty-five-year|duration|P25Y", "the past three years|duration|P3Y",
    ])
    #expect(found("Rents will rise for the next five years and in the coming months; it was the best in a decade.", "2024-11-22") == [
        "the next five years|duration|P5Y", "the coming months|duration|PXM", "a decade|duration|P1DE",
    ])
    #expect(found("Rates have been flat for months, in recent years and in the past week.", "2024-11-22") == [
        "months|duration|PXM", "recent years|duration|PXY", "the past week|duration|P1W",
    ])
}

@Test func agesRatesAndRepetitionsAreNotDurations() {
    #expect(found("The driver, 52 years old, a 34-year-old and a two-year-old boy, aged 91 years.", "2024-11-22").isEmpty)
    #expect(found("Open 24 hours a day, twice a week, every two weeks, at 30 miles an hour, for $50,000 a year.", "2024-11-22") == [])
}

@Test func lowerCaseMonthsAndMonthYears() {
    #expect(found("The minister travels on april 22 and will return in june.", "2024-11-22") == [
        "april 22|day|2025-04-22", "june|month|2025-06",
    ])
    #expect(found("She moved in April of 1987 and left in Dec, 2018. In December, 2000 people marched.", "2024-11-22") == [
        "April of 1987|month|1987-04", "Dec, 2018|month|2018-12", "December|month|2023-12",
    ])
}

@Test func numericDates() {
    #expect(found("Sales open 02/22/2016, the fair ran from 22/04 to 4/28, and the report dated 2010-01-01 was filed.", "2016-08-18") == [
        "02/22/2016|day|2016-02-22", "22/04|day|2016-04-22", "4/28|day|2016-04-28", "2010-01-01|day|2010-01-01",
    ])
    #expect(found("See minutes_2002-10-09.pdf and 22.04.2016; 1/2 of voters and a 3/4 majority are not dates.", "2016-08-18") == [
        "2002-10-09|day|2002-10-09", "22.04.2016|day|2016-04-22",
    ])
}

@Test func compoundRelatives() {
    #expect(found("The court rules the day after tomorrow; the verdict came the day before yesterday.", "2024-11-22") == [
        "the day after tomorrow|day|2024-11-24", "the day before yesterday|day|2024-11-20",
    ])
    #expect(found("The line opens three weeks from tomorrow and the talks resume in two weeks.", "2024-11-22") == [
        "three weeks from tomorrow|day|2024-12-14", "in two weeks|week|2024-W49",
    ])
    #expect(found("The museum will close during the last week of July and the first week of March 2024.", "2024-11-22") == [
        "the last week of July|week|2025-W31", "the first week of March 2024|week|2024-W10",
    ])
    // In the past tense `in two weeks` is how long something took.
    #expect(found("Prices rose 5% in two weeks.", "2024-11-22") == ["two weeks|duration|P2W"])
}

@Test func tenseDecidesTheDirection() {
    // Published on a Friday: a planned demonstration is the next day, an announcement the past Wednesday.
    #expect(found("Police said a demonstration planned on Saturday would go ahead.", "2024-11-22") == ["Saturday|day|2024-11-23"])
    #expect(found("The ministry announced Wednesday that it would resign.", "2024-11-22") == ["Wednesday|day|2024-11-20"])
    #expect(found("The rally is to take place on Saturday.", "2025-05-14") == ["Saturday|day|2025-05-17"])
    // Published in May: `since the Oct. 23 slaying` is last October; in December, `the summit in April` is next April.
    #expect(found("No arrest has been made since the Oct. 23 slaying.", "2025-05-14") == ["Oct. 23|day|2024-10-23"])
    #expect(found("Leaders met before the summit in April.", "2023-12-05") == ["April|month|2023-04"])
    #expect(found("The summit in April will focus on climate.", "2023-12-05") == ["April|month|2024-04"])
    #expect(found("The summit in April is about climate.", "2023-12-05") == ["April|month|2024-04"])
}

@Test func spuriousNumbersAreNotDates() {
    #expect(found("Call +86 138-2010-2015 or 555-2010 today.", "2024-11-22") == ["today|day|2024-11-22"])
    #expect(found("He restored a 1987 Chevrolet and his 1964 Ford; in 1987 Ford hired him.", "2024-11-22") == ["1987|year|1987"])
    #expect(found("Grapes sold for $12 December 27 in the market.", "2024-11-22") == ["December 27|day|2023-12-27"])
    #expect(found("The 1998-2000 boom and the 2003-04 season.", "2024-11-22") == ["1998|year|1998", "2000|year|2000", "2003|year|2003"])
}

@Test func partsOfDayAndWeekdays() {
    #expect(found("Two people were hurt on Friday evening; the ship arrives tomorrow morning.", "2019-07-01") == [
        "Friday evening|day|2019-06-28TEV", "tomorrow morning|day|2019-07-02TMO",
    ])
    #expect(found("Thousands marched over the weekend.", "2019-07-01") == ["the weekend|week|2019-W26-WE"])
}

@Test func fractionsAndOrdinalsAreNotDurations() {
    #expect(found("A quarter of voters and three quarters of firms backed a second term for a second time.", "2005-03-01").isEmpty)
    #expect(found("Profit rose in the last quarter and fell in the previous quarter.", "2005-03-01") == [
        "last quarter|quarter|2004-Q4", "the previous quarter|quarter|2004-Q4",
    ])
}
