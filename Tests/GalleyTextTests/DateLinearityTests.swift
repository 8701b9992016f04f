import Testing
@testable import GalleyText

/// Issue 12 item 15: one long sentence of weekdays (`on Friday, on Friday, …`) made every date look back over the
/// whole sentence for its tense. The look-back is bounded now, so the extra work per date is a constant.
@Test func dateScanWorkIsLinearInSentenceLength() {
    let small = DateExtractor.scanWork(in: String(repeating: "on Friday, ", count: 2_000))
    let large = DateExtractor.scanWork(in: String(repeating: "on Friday, ", count: 8_000))
    #expect(small.mentions == 2_000)
    #expect(large.mentions == 8_000)
    // Each date examines at most a fixed window of tokens before (and after) it, however long the sentence.
    #expect(large.work <= 8_000 * 2 * DateScanner.tenseWindow)
    #expect(large.work <= small.work * 4 + 1_000)
}

/// The same shapes without a single date (numbers, no punctuation, one huge paragraph) cost one pass.
@Test func dateScanWorkOnDatelessLongTextIsBounded() {
    let text = String(repeating: "the 12 men will say 45 things and 3 more ", count: 5_000)
    let result = DateExtractor.scanWork(in: text)
    #expect(result.mentions == 0)
    #expect(result.work <= 5_000 * 3 * 2 * DateScanner.tenseWindow)
}
