import Testing
@testable import GalleyText

@Test func cachedAnalysisEqualsAFreshOne() {
    let cache = AnalysisCache(capacity: 2, maximumBytes: 1 << 20)
    let first = cache.analysis(of: seedText)
    let again = cache.analysis(of: seedText)
    let fresh = AnalyzedText(seedText)
    #expect(again.tokens == fresh.tokens)
    #expect(again.sentenceTokenRanges == fresh.sentenceTokenRanges)
    #expect(first.tokens == again.tokens)
}

@Test func cacheKeepsOnlyTheNewestTexts() {
    let cache = AnalysisCache(capacity: 2, maximumBytes: 1 << 20)
    for text in ["one two.", "three four.", "five six."] { _ = cache.analysis(of: text) }
    #expect(cache.occupancy == (2, "three four.five six.".utf8.count))
    #expect(cache.analysis(of: "one two.").text == "one two.")
    #expect(cache.analysis(of: "five six.").tokens.count == 3)
}

@Test func textsOfEqualLengthAreNotConfused() {
    let cache = AnalysisCache(capacity: 4, maximumBytes: 1 << 20)
    _ = cache.analysis(of: "Mr. Kim said.")
    let other = cache.analysis(of: "Mr  Kim said.")
    #expect(other.tokens.count == 4)
}

@Test func largeTextsBypassTheCache() {
    let cache = AnalysisCache(capacity: 2, maximumBytes: 32)
    #expect(cache.analysis(of: "a long text here.").tokens.count == 5)
    #expect(cache.occupancy.count == 0)
}

@Test func cacheIsSafeUnderConcurrentUse() async {
    let cache = AnalysisCache(capacity: 3, maximumBytes: 1 << 20)
    let texts = (0..<12).map { "Sentence number \($0). Another one." }
    let counts = await withTaskGroup(of: Int.self) { group in
        for round in 0..<48 { group.addTask { cache.analysis(of: texts[round % texts.count]).sentenceTokenRanges.count } }
        return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(counts == Array(repeating: 2, count: 48))
}

@Test func cacheStaysWithinItsByteBudget() {
    let cache = AnalysisCache(capacity: 100, maximumBytes: 100)
    let texts = (0..<10).map { "Text number \($0) is here." }
    for text in texts { _ = cache.analysis(of: text) }
    // Each text is 22 bytes, so four fit in 100.
    #expect(cache.occupancy.count == 4)
    #expect(cache.occupancy.bytes == 88)
    #expect(cache.analysis(of: texts[9]).text == texts[9])
}

@Test func dateMentionsAreFoundOnceAndEqualAFreshScan() {
    let cache = AnalysisCache(capacity: 4, maximumBytes: 1 << 20)
    let first = cache.dateMentions(of: seedText)
    #expect(first == DateExtractor.dates(in: seedText))
    #expect(cache.dateMentions(of: seedText) == first)
    #expect(cache.occupancy.count == 1)
}
