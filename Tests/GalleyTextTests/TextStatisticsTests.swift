import Testing
@testable import GalleyText

@Test func statisticsOfASmallText() {
    let stats = TextStatistics("The cat sat on the mat. It was happy.\n\nThe end.")
    #expect(stats.words == 11)
    #expect(stats.sentences == 3)
    #expect(stats.paragraphs == 2)
    #expect(stats.syllables == 12)
    #expect(stats.readingMinutes == 0.0)
    // 206.835 - 1.015 * 11/3 - 84.6 * 12/11 = 110.8
    #expect(stats.fleschReadingEase == 110.8)
}

@Test func syllableHeuristic() {
    let counts = ["cat", "table", "make", "reading", "cannon-fodder", "the", "Russia", "mercenaries"].map {
        TextStatistics.syllables(ArraySlice($0.utf8))
    }
    #expect(counts == [1, 2, 1, 2, 4, 1, 2, 4])
}

@Test func seedStatistics() {
    let stats = TextStatistics(seedText)
    #expect(stats.words == 846)
    #expect(stats.sentences == 49)
    #expect(stats.paragraphs == 30)
    #expect(stats.readingMinutes == 3.6)
    #expect(stats.fleschReadingEase == 55.0)
}

@Test func emptyTextHasZeroEase() {
    let stats = TextStatistics("")
    #expect(stats.words == 0 && stats.sentences == 0 && stats.fleschReadingEase == 0)
}
