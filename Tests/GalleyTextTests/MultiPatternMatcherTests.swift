import Testing
@testable import GalleyText

/// (pattern text, matched text) pairs.
private func matched(_ matcher: MultiPatternMatcher, _ patterns: [String], _ text: String) -> [String] {
    let bytes = Array(text.utf8)
    return matcher.matches(in: bytes).map { "\(patterns[$0.pattern])=\(String(decoding: bytes[$0.start..<$0.end], as: UTF8.self))" }
}

@Test func leftmostLongestNonOverlapping() {
    let patterns = ["he", "she", "hers", "his", "North Korea", "North", "Korea"]
    let matcher = MultiPatternMatcher(patterns: patterns)
    #expect(matched(matcher, patterns, "ushers in North Korea") == ["she=she", "North Korea=North Korea"])
    #expect(matched(matcher, patterns, "hishers") == ["his=his", "hers=hers"])
}

@Test func caseInsensitiveMatching() {
    let patterns = ["kim jong-un", "PYONGYANG"]
    let matcher = MultiPatternMatcher(patterns: patterns, options: .caseInsensitive)
    #expect(matched(matcher, patterns, "Kim Jong-un visited Pyongyang") == ["kim jong-un=Kim Jong-un", "PYONGYANG=Pyongyang"])
    let exact = MultiPatternMatcher(patterns: patterns)
    #expect(exact.matches(in: "Kim Jong-un visited Pyongyang").isEmpty)
}

@Test func wholeWordsRejectMatchesInsideWords() {
    let patterns = ["Kim", "Korea", "US"]
    let matcher = MultiPatternMatcher(patterns: patterns, options: [.wholeWords])
    #expect(matched(matcher, patterns, "Kimchi from Korea’s USB, Kim and the US.") == ["Korea=Korea", "Kim=Kim", "US=US"])
}

@Test func wholeWordsFallBackToAShorterMatch() {
    let patterns = ["New York", "New York Times"]
    let matcher = MultiPatternMatcher(patterns: patterns, options: [.wholeWords])
    #expect(matched(matcher, patterns, "the New York Timesheet") == ["New York=New York"])
}

@Test func offsetsAreBytesAndPatternsMayBeNonASCII() {
    let patterns = ["Zelenskyy", "€", "Soeul"]
    let matcher = MultiPatternMatcher(patterns: patterns)
    let found = matcher.matches(in: "“Zelenskyy” paid €5")
    #expect(found == [
        MultiPatternMatcher.Match(pattern: 0, start: 3, end: 12),
        MultiPatternMatcher.Match(pattern: 1, start: 21, end: 24),
    ])
}

@Test func duplicateAndEmptyPatterns() {
    let matcher = MultiPatternMatcher(patterns: ["", "war", "war"])
    #expect(matcher.matches(in: "war and peace").map(\.pattern) == [1])
    #expect(MultiPatternMatcher(patterns: []).matches(in: "anything").isEmpty)
}

@Test func matcherIsSharedAcrossTasks() async {
    let matcher = MultiPatternMatcher(patterns: ["alpha", "beta"], options: .caseInsensitive)
    let counts = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<8 { group.addTask { matcher.matches(in: "Alpha beta ALPHA").count } }
        return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(counts == Array(repeating: 3, count: 8))
}
