import Testing
@testable import GalleyText

/// The tokens of a text as (text, kind) pairs.
private func tokens(_ text: String) -> [(String, Token.Kind)] {
    let bytes = Array(text.utf8)
    return Tokenizer.tokenize(bytes).map { (String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self), $0.kind) }
}

@Test func numbersKeepTheirSeparators() {
    let found = tokens("more than 10,000 men, 1.3 million and 98,3 per cent.")
    #expect(found.filter { $0.1 == .number }.map(\.0) == ["10,000", "1.3", "98,3"])
    #expect(found.last?.0 == ".")
}

@Test func curlyQuotesAreTokensOfTheirOwn() {
    let found = tokens("“North Korea,” he said. ‘Yes’")
    #expect(found.map(\.1) == [.openQuote, .word, .word, .punctuation, .closeQuote, .word, .word, .punctuation,
                               .singleQuote, .word, .singleQuote])
}

@Test func hyphenatedNamesAndApostrophesStayInOneWord() {
    let found = tokens("Kim Jong-un met Lee Min-bok in Korea’s capital; don't")
    #expect(found.map(\.0) == ["Kim", "Jong-un", "met", "Lee", "Min-bok", "in", "Korea’s", "capital", ";", "don't"])
}

@Test func dottedAbbreviationsAreOneToken() {
    let text = "the U.S. president, e.g. here"
    let list = Tokenizer.tokenize(text)
    let words = tokens(text).map(\.0)
    #expect(words == ["the", "U.S.", "president", ",", "e.g.", "here"])
    #expect(list[1].flags.contains(.dottedAbbreviation))
    #expect(!list[2].flags.contains(.dottedAbbreviation))
}

@Test func capitalisationFlags() {
    let list = Tokenizer.tokenize("Kim BBC ok Élan")
    #expect(list.map { $0.flags.contains(.capitalized) } == [true, true, false, true])
    #expect(list.map { $0.flags.contains(.allCaps) } == [false, true, false, false])
}

@Test func paragraphStartsFollowBlankLines() {
    let list = Tokenizer.tokenize("One.\nStill one.\n \nTwo.")
    #expect(list.map { $0.flags.contains(.paragraphStart) } == [true, false, false, false, false, true, false])
}

@Test func keysAreCaseInsensitiveAndFoldCurlyApostrophes() {
    let list = Tokenizer.tokenize("January Korea’s")
    #expect(list[0].key == WordKey.of("january"))
    #expect(list[1].key == WordKey.of("korea's"))
}

@Test func currencySymbolsAndDashesAreSeparate() {
    let found = tokens("US$2.29 £1.5bn €200 12.5% – —")
    #expect(found.map(\.0) == ["US", "$", "2.29", "£", "1.5", "bn", "€", "200", "12.5", "%", "–", "—"])
    #expect(found.map(\.1) == [.word, .symbol, .number, .symbol, .number, .word, .symbol, .number, .number, .symbol,
                               .punctuation, .punctuation])
}
