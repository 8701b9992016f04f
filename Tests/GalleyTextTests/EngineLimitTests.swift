import Testing
@testable import GalleyText

/// Issue 12, item 14: an engine asked for at most N results stops scanning at N (the stages pass one more than
/// `max_annotations` leaves room for), so a text full of matches never fills memory with results that will be refused.
@Suite struct EngineLimitTests {
    let numbers = (1...500).map { "\($0) kg" }.joined(separator: ", ") + "."

    @Test func quantitiesStopAtTheLimit() {
        let all = QuantityExtractor.quantities(in: AnalyzedText(numbers))
        let first = QuantityExtractor.quantities(in: AnalyzedText(numbers), limit: 3)
        #expect(all.count == 500)
        #expect(first.map(\.text) == ["1 kg", "2 kg", "3 kg"])
    }

    @Test func datesStopAtTheLimit() {
        let text = String(repeating: "They met on Friday, ", count: 400) + "and left."
        #expect(DateExtractor.dates(in: AnalyzedText(text)).count == 400)
        #expect(DateExtractor.dates(in: AnalyzedText(text), limit: 2).map(\.text) == ["Friday", "Friday"])
    }

    @Test func aDateListCutShortIsNotRemembered() {
        let text = String(repeating: "It rained on Monday. ", count: 30)
        let cache = AnalysisCache(capacity: 4, maximumBytes: 1 << 20)
        #expect(cache.dateMentions(of: text, limit: 5).count == 5)
        #expect(cache.dateMentions(of: text).count == 30)
    }

    @Test func quotesStopAtTheLimit() {
        let text = (1...50).map { "“Line \($0) is here,” said Ann Lee." }.joined(separator: " ")
        #expect(QuoteExtractor.quotes(in: AnalyzedText(text)).count == 50)
        #expect(QuoteExtractor.quotes(in: AnalyzedText(text), limit: 4).map(\.text) == ["Line 1 is here", "Line 2 is here", "Line 3 is here", "Line 4 is here"])
    }
}

/// The key index the enrichment stages use for their per-document vocabularies.
@Suite struct KeyIndexTests {
    @Test func numbersInOrderOfFirstInsertionAcrossGrowth() {
        var index = KeyIndex(capacity: 2)
        let keys: [UInt64] = (0..<1000).map { UInt64($0) &* 0x1000_0000_0000 }  // the same low bits: collisions
        for key in keys { #expect(index.insert(key) == (number: Int(key / 0x1000_0000_0000), inserted: true)) }
        #expect(index.insert(keys[7]) == (number: 7, inserted: false))
        #expect(index.count == 1000)
        #expect(index.number(of: keys[999]) == 999)
        #expect(index.number(of: 12345) == nil)
        #expect(index.keys == keys)
    }
}
