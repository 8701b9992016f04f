import Testing
@testable import GalleyText

private func only(_ text: String) -> Quantity? {
    let found = QuantityExtractor.quantities(in: text)
    return found.count == 1 ? found[0] : nil
}

@Test func seedQuantities() {
    let found = QuantityExtractor.quantities(in: seedText)
    let summary = found.map { "\($0.text)|\($0.kind.rawValue)|\($0.value)|\($0.currency ?? "")|\($0.qualifier ?? "")" }
    #expect(summary == [
        "10,000|count|10000.0||more than",
        "50,000|count|50000.0||",
        "42,000|count|42000.0||",
        "US$2.29 billion|money|2290000000.0|USD|",
        "98,3 per cent|percent|98.3||",
        "US$34 million|money|34000000.0|USD|",
        "25 per cent|percent|25.0||up to",
        "1.3 million|count|1300000.0||",
        "7.6 million|count|7600000.0||",
        "ten years|duration|10.0||",
        "24 Hrs|duration|24.0||",
    ])
    for quantity in found { #expect(slice(seedText, quantity.start, quantity.end) == quantity.text) }
    #expect(found[0].unit == "men")
    #expect(found[9].unit == "year")
}

@Test func seedYearsAreNotQuantities() {
    let texts = QuantityExtractor.quantities(in: seedText).map(\.text)
    #expect(!texts.contains("1953") && !texts.contains("2023") && !texts.contains("2024"))
    #expect(!texts.contains("20"))
}

@Test func moneyWithSymbolsAndScaleSuffixes() {
    let found = QuantityExtractor.quantities(in: "Profit rose to $34m, £1.5bn and €200, or $1.13bn (£600m).")
    #expect(found.map(\.text) == ["$34m", "£1.5bn", "€200", "$1.13bn", "£600m"])
    #expect(found.map(\.value) == [34_000_000, 1_500_000_000, 200, 1_130_000_000, 600_000_000])
    #expect(found.map { $0.currency ?? "" } == ["USD", "GBP", "EUR", "USD", "GBP"])
    #expect(found.allSatisfy { $0.kind == .money })
}

@Test func moneyWithCurrencyWords() {
    let dollars = only("They paid 34 million dollars for it.")
    #expect(dollars?.text == "34 million dollars")
    #expect(dollars?.value == 34_000_000)
    #expect(dollars?.currency == "USD")
    let francs = only("Sales were 86.7bn Swiss francs last year.")
    #expect(francs?.currency == "CHF")
    #expect(francs?.value == 86_700_000_000)
    #expect(only("It cost ¥5,000.")?.currency == "JPY")
}

@Test func percentagesInEveryForm() {
    let found = QuantityExtractor.quantities(in: "Up 12.5% and 76%, then 25 per cent, 98,3 per cent, 3 percent and 2 percentage points.")
    #expect(found.map(\.text) == ["12.5%", "76%", "25 per cent", "98,3 per cent", "3 percent", "2 percentage points"])
    #expect(found.map(\.value) == [12.5, 76, 25, 98.3, 3, 2])
    #expect(found.allSatisfy { $0.kind == .percent })
    #expect(found.last?.unit == "percentage point")
}

@Test func decimalCommaAndThousandsSeparators() {
    let found = QuantityExtractor.quantities(in: "Counts of 1,234,567 and 1,5 and 1.234.567 and 2.5 were logged.")
    #expect(found.map(\.value) == [1_234_567, 1.5, 1_234_567, 2.5])
}

@Test func countsWithScaleWordsAndNouns() {
    let found = QuantityExtractor.quantities(in: "It keeps 1.3 million active-duty soldiers, 464,000 subscribers and 190,000 new jobs; 400 parking spaces go, 3 points separate them and 150,000 people across Europe march.")
    #expect(found.map(\.value) == [1_300_000, 464_000, 190_000, 400, 3, 150_000])
    #expect(found.map { $0.unit ?? "" } == ["active-duty soldiers", "subscribers", "new jobs", "parking spaces", "points", "people"])
    #expect(found.allSatisfy { $0.kind == .count })
}

@Test func durationsFromWordsAndDigits() {
    let found = QuantityExtractor.quantities(in: "They served ten years, then three months and a 10-day break.")
    #expect(found.map(\.text) == ["ten years", "three months", "10-day"])
    #expect(found.map { $0.unit ?? "" } == ["year", "month", "day"])
    #expect(found.map(\.value) == [10, 3, 10])
    #expect(found.allSatisfy { $0.kind == .duration })
}

@Test func qualifiersAndRanges() {
    let found = QuantityExtractor.quantities(in: "More than 10,000 came, about 5% left, between 10 and 20 per cent stayed and $5m-$10m was raised.")
    #expect(found.map { $0.qualifier ?? "" } == ["more than", "about", "between", ""])
    #expect(found[2].value == 10 && found[2].valueMax == 20 && found[2].kind == .percent)
    #expect(found[3].value == 5_000_000 && found[3].valueMax == 10_000_000 && found[3].currency == "USD")
}

@Test func datesTimesScoresAndOrdinalsAreNotQuantities() {
    #expect(QuantityExtractor.quantities(in: "On January 20, 2025 at 22:33 they won 3-0 in the 2nd round; the 26-year-old scored in 1990s style.").isEmpty)
}

@Test func integralValuesAreExact() {
    #expect(only("US$2.29 billion")?.value == 2_290_000_000)
    #expect(only("$42.09bn")?.value == 42_090_000_000)
    #expect(only("7.6 million")?.value == 7_600_000)
}
