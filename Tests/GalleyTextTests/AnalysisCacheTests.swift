import Testing
@testable import GalleyText

@Test func cachedAnalysisEqualsAFreshOne() {
    let cache = AnalysisCache(capacity: 2, maximumTextBytes: 1 << 20)
    let first = cache.analysis(of: seedText)
    let again = cache.analysis(of: seedText)
    let fresh = AnalyzedText(seedText)
    #expect(again.tokens == fresh.tokens)
    #expect(again.sentenceTokenRanges == fresh.sentenceTokenRanges)
    #expect(first.tokens == again.tokens)
}

@Test func cacheKeepsOnlyTheNewestTexts() {
    let cache = AnalysisCache(capacity: 2, maximumTextBytes: 1 << 20)
    for text in ["one two.", "three four.", "five six."] { _ = cache.analysis(of: text) }
    #expect(cache.analysis(of: "one two.").text == "one two.")
    #expect(cache.analysis(of: "five six.").tokens.count == 3)
}

@Test func textsOfEqualLengthAreNotConfused() {
    let cache = AnalysisCache(capacity: 4, maximumTextBytes: 1 << 20)
    _ = cache.analysis(of: "Mr. Kim said.")
    let other = cache.analysis(of: "Mr  Kim said.")
    #expect(other.tokens.count == 4)
}

@Test func largeTextsBypassTheCache() {
    let cache = AnalysisCache(capacity: 2, maximumTextBytes: 8)
    #expect(cache.analysis(of: "a long text here.").tokens.count == 5)
}

@Test func cacheIsSafeUnderConcurrentUse() async {
    let cache = AnalysisCache(capacity: 3, maximumTextBytes: 1 << 20)
    let texts = (0..<12).map { "Sentence number \($0). Another one." }
    let counts = await withTaskGroup(of: Int.self) { group in
        for round in 0..<48 { group.addTask { cache.analysis(of: texts[round % texts.count]).sentenceTokenRanges.count } }
        return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(counts == Array(repeating: 2, count: 48))
}
