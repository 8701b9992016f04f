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

// MARK: currencies, sub-units, signs, spelled-out percentages, encoded URLs (issue 13)

private func summary(_ text: String) -> [String] {
    QuantityExtractor.quantities(in: text).map { "\($0.text)|\($0.kind.rawValue)|\($0.value)|\($0.currency ?? "")" }
}

@Test func dollarPrefixesAttachedSpacedAndLowerCase() {
    #expect(summary("It raised C$16.4 million, then c $ 3.5 million, HK$2bn and hk$ 40m.") ==
        ["C$16.4 million|money|16400000.0|CAD", "c $ 3.5 million|money|3500000.0|CAD", "HK$2bn|money|2000000000.0|HKD",
         "hk$ 40m|money|40000000.0|HKD"])
    #expect(summary("Fares are A$12 or NZ$ 14, and a $5 coin is rare.") ==
        ["A$12|money|12.0|AUD", "NZ$ 14|money|14.0|NZD", "$5|money|5.0|USD"])
}

@Test func currencyNamesAfterTheNumber() {
    #expect(summary("It paid 125 million australian dollars, 10,000 swiss francs and 6.65 billion pesetas.") ==
        ["125 million australian dollars|money|125000000.0|AUD", "10,000 swiss francs|money|10000.0|CHF",
         "6.65 billion pesetas|money|6650000000.0|ESP"])
    #expect(summary("Costs were 40 billion yen, 3 billion yuan, 900 rupees, 12 euros and 2 million pounds sterling.") ==
        ["40 billion yen|money|40000000000.0|JPY", "3 billion yuan|money|3000000000.0|CNY", "900 rupees|money|900.0|INR",
         "12 euros|money|12.0|EUR", "2 million pounds sterling|money|2000000.0|GBP"])
    #expect(summary("They owe 15 billion Hong Kong dollars and 3 billion U.S. dollars.") ==
        ["15 billion Hong Kong dollars|money|15000000000.0|HKD", "3 billion U.S. dollars|money|3000000000.0|USD"])
    #expect(summary("The Iraqi fund holds 2 billion dinars.") == ["2 billion dinars|money|2000000000.0|"])
    #expect(summary("He saw 3 real problems and got 2 marks.").allSatisfy { !$0.contains("|money|") })
}

@Test func currencyNamesBeforeTheNumber() {
    #expect(summary("Profit was yen 20 billion; the bid, Rs. 500 crore; the loan, DM 5 million.") ==
        ["yen 20 billion|money|20000000000.0|JPY", "Rs. 500 crore|money|5000000000.0|INR", "DM 5 million|money|5000000.0|DEM"])
}

@Test func centsAndPenceAreHundredths() {
    #expect(summary("The dividend is 1.20 cents, a stamp 85 pence, a fare 20p and a coupon 50 euro cents.") ==
        ["1.20 cents|money|0.012|USD", "85 pence|money|0.85|GBP", "20p|money|0.2|GBP", "50 euro cents|money|0.5|EUR"])
    #expect(summary("The screen shows 1080p video.").allSatisfy { !$0.contains("|money|") })
}

@Test func signedAndSpelledOutPercentages() {
    #expect(summary("Growth was minus five percent, then -1.5%, then negative 2 per cent.") ==
        ["minus five percent|percent|-5.0|", "-1.5%|percent|-1.5|", "negative 2 per cent|percent|-2.0|"])
    #expect(summary("Thirty percent agreed, twenty-five per cent did not and one hundred and twenty percent is absurd.") ==
        ["Thirty percent|percent|30.0|", "twenty-five per cent|percent|25.0|", "one hundred and twenty percent|percent|120.0|"])
    #expect(summary("Support rose three percentage points, not 3-5%.") ==
        ["three percentage points|percent|3.0|", "3-5%|percent|3.0|"])
}

@Test func urlEncodedPercentSignsAreNoPercentages() {
    #expect(summary("Search example.com/?q=30%25%2020% or https://example.org/a%20b?rate=5%25 now.") == [])
    #expect(summary("Rates rose 5%/year, 2% (a record).") == ["5%|percent|5.0|", "2%|percent|2.0|"])
}

@Test func namesThatLookLikeCurrenciesAreNoMoney() {
    // Found on the BBC corpus: the rapper, the football tournament, a price before `?"`.
    #expect(summary("50 Cent sold 2 million records before Euro 2004 began.") ==
        ["50|count|50.0|", "2 million|count|2000000.0|"])
    #expect(summary("He asked: \"Would you do it for £5?\"") == ["£5|money|5.0|GBP"])
}
