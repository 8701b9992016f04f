import Testing
@testable import GalleyText

/// Pieces that exercise every scanner's edge cases when glued together at random.
private let pieces = [
    "“", "”", "\"", "'", "’", "‘", ".", ",", ":", ";", "?", "!", "…", "...", "-", "–", "—", "(", ")", "$", "US$", "£", "€", "%",
    "1", "10,000", "98,3", "1.3", "2024", "1953", "20", "bn", "m", "million", "per", "cent", "per cent", "Mr", "Dr.", "U.S.",
    "e.g.", "J.", "Kim", "Lee Min-bok", "said", "told", "says", "he", "she", "A", "the", "diplomat", "May", "March", "January",
    "last", "next", "month", "week", "Friday", "ago", "three", "years", "that", "more", "than", "between", "and", "up", "to",
    " ", " ", " ", "\n", "\n\n", "\t", "é", "Ж", "😀", "\u{00A0}", "\r\n",
]

@Test func everyExtractorSurvivesRandomText() {
    var random = SplitMix64(seed: 42)
    for _ in 0..<1500 {
        let count = Int.random(in: 0..<60, using: &random)
        let text = (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
        let analyzed = AnalyzedText(text)
        let scalars = text.unicodeScalars.count
        for span in analyzed.sentences + analyzed.paragraphs { #expect(span.start <= span.end && span.end <= scalars) }
        for quote in QuoteExtractor.quotes(in: analyzed) { #expect(slice(text, quote.start, quote.end) == quote.text) }
        for quantity in QuantityExtractor.quantities(in: analyzed) { #expect(slice(text, quantity.start, quantity.end) == quantity.text) }
        for date in DateExtractor.dates(in: analyzed) {
            #expect(slice(text, date.start, date.end) == date.text)
            _ = DateResolver.resolve(date.expression, published: seedPublished)
            _ = DateResolver.resolve(date.expression, published: nil)
        }
        _ = TextStatistics(analyzed)
    }
}

@Test func truncatedAndUnusualInputs() {
    for text in ["", " ", "\n\n\n", "“", "”", "\"", "$", "£", "US$", "10,", "1.", "May", "said:", "“Unclosed quote\n\nnext",
                 "Mr.", "U.S.", "…", "—", "\u{FEFF}Title", "a\u{2029}b", String(repeating: "“", count: 50)] {
        let analyzed = AnalyzedText(text)
        _ = QuoteExtractor.quotes(in: analyzed)
        _ = QuantityExtractor.quantities(in: analyzed)
        _ = DateExtractor.dates(in: analyzed)
        #expect(TextStatistics(analyzed).sentences == analyzed.sentenceTokenRanges.count)
    }
}
